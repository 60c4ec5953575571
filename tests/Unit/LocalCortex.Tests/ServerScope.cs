using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>A local Cortex of its own per test class, on a free loopback port, with an HttpClient pointed at it.</summary>
public abstract class ServerScope : IAsyncLifetime
{
    protected ServerScope(int rateLimitPerMinute = 0, string? jwtSecret = null)
    {
        Options = new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = rateLimitPerMinute, JwtSecret = jwtSecret };
    }

    protected CortexServerOptions Options { get; }

    protected CortexServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await CortexServer.StartAsync(Options);
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    protected Task<HttpResponseMessage> PostJson(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> PostJsonOk(string path, string json, int expectedStatus = 201)
    {
        using var response = await PostJson(path, json);
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        return await Json(response);
    }

    protected async Task<JsonElement> GetJsonOk(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        return await Json(response);
    }

    protected static string Triple(string subject, string predicate, string objectJson) =>
        $"{{\"subject\":{JsonSerializer.Serialize(subject)},\"predicate\":{JsonSerializer.Serialize(predicate)},\"object\":{objectJson}}}";
}
