using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Mayros.TestSupport;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>A local Cortex of its own per test (the shared LocalCortexServer), with JSON helpers for its routes.</summary>
public abstract class ServerScope : IAsyncLifetime
{
    private readonly LocalCortexServer _cortex;

    protected ServerScope(int rateLimitPerMinute = 0, string? jwtSecret = null)
    {
        _cortex = new LocalCortexServer(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = rateLimitPerMinute, JwtSecret = jwtSecret });
    }

    protected CortexServerOptions Options => _cortex.Options;

    protected CortexServer Server => _cortex.Server;

    protected HttpClient Http => _cortex.Http;

    public virtual Task InitializeAsync() => _cortex.InitializeAsync();

    public virtual Task DisposeAsync() => _cortex.DisposeAsync();

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
