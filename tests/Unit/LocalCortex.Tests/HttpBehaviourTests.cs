using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §1 and §3: content types, body limit, framework rejections, routing.</summary>
public sealed class HttpBehaviourTests : ServerScope
{
    [Fact]
    public async Task WithoutAJsonContentTypeItIs415()
    {
        using var response = await Http.PostAsync("/api/v1/triples", new StringContent(Triple("ex:s", "ex:p", "\"v\""), Encoding.UTF8, "text/plain"));
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal(0, Server.Store.Count);

        using var charset = await Http.PostAsync("/api/v1/triples", new StringContent(Triple("ex:s", "ex:p", "\"v\""), Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)charset.StatusCode); // "; charset=utf-8" is fine
    }

    [Fact]
    public async Task BodiesOverOneMebibyteAre413PlainText()
    {
        var big = new string('x', (1024 * 1024) + 1);
        using var response = await PostJson("/api/v1/triples", Triple("ex:s", "ex:p", "\"" + big + "\""));
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("Failed to buffer the request body: length limit exceeded", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Server.Store.Count);

        // Just under the limit is accepted.
        var fits = new string('x', (1024 * 1024) - 100);
        using var ok = await PostJson("/api/v1/triples", Triple("ex:s", "ex:p", "\"" + fits + "\""));
        Assert.Equal(201, (int)ok.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonIs400PlainText()
    {
        using var response = await PostJson("/api/v1/triples", "{\"subject\":");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.StartsWith("Failed to parse the request body as JSON: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/triples?limit=abc")]
    [InlineData("/api/v1/triples?limit=-1")]
    [InlineData("/api/v1/triples?limit=1&limit=2")]
    [InlineData("/api/v1/events?limit=x")]
    public async Task BadQueryStringsAre400PlainText(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.StartsWith("Failed to deserialize query string: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownQueryParametersAreIgnored()
    {
        var body = await GetJsonOk("/api/v1/triples?subject_prefix=zzz");
        Assert.Equal(0, body.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing", 404)]
    [InlineData("GET", "/api/v1/triples/", 404)]
    [InlineData("GET", "/api/v1/events/e1", 404)]
    [InlineData("PUT", "/api/v1/triples", 405)]
    [InlineData("DELETE", "/api/v1/query", 405)]
    public async Task UnroutedPathsAndWrongMethodsHaveEmptyBodies(string method, string path, int status)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HealthAndStatsHaveCortexsShapes()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:s", "ex:p", "\"v\""));
        var health = await GetJsonOk("/api/v1/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("1 triples", health.GetProperty("components").GetProperty("graph").GetProperty("message").GetString());
        Assert.False(health.TryGetProperty("version", out _));

        var stats = await GetJsonOk("/api/v1/stats");
        Assert.Equal(1, stats.GetProperty("graph").GetProperty("triple_count").GetInt32());
        Assert.Equal(0, stats.GetProperty("server").GetProperty("uptime_seconds").GetInt32());
        Assert.Equal("0.9.1", stats.GetProperty("server").GetProperty("version").GetString());

        var flush = await PostJsonOk("/api/v1/flush", "{}", 200);
        Assert.True(flush.GetProperty("ok").GetBoolean());

        var cluster = await GetJsonOk("/api/v1/cluster/status");
        Assert.Equal("standalone", cluster.GetProperty("role").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cluster.GetProperty("leader_addr").ValueKind);
    }
}

/// <summary>Contract §1: 100 requests a minute per client, on every route, with Retry-After on the 429.</summary>
public sealed class RateLimitTests : ServerScope
{
    private DateTime _now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public RateLimitTests()
        : base(rateLimitPerMinute: 100)
    {
        // Time stands still unless the test moves it, so the bucket does not refill while requests are made.
        Options.Clock = () => _now;
    }

    [Fact]
    public async Task TheHundredAndFirstRequestIs429WithRetryAfter()
    {
        for (var i = 0; i < 100; i++)
        {
            using var ok = await Http.GetAsync("/api/v1/health");
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal("100", string.Join(",", ok.Headers.GetValues("X-RateLimit-Limit")));
        }

        using var limited = await Http.GetAsync("/api/v1/health");
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("1", string.Join(",", limited.Headers.GetValues("Retry-After")));
        Assert.Equal("0", string.Join(",", limited.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.False(limited.Headers.Contains("X-RateLimit-Limit"));
        var body = await Json(limited);
        Assert.Equal("RATE_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
        Assert.Equal("Rate limit exceeded. Retry after 1 seconds", body.GetProperty("error").GetString());
        Assert.Equal(1, body.GetProperty("retry_after").GetInt32());

        // The bucket refills at 100/60 per second: after Retry-After, one more request passes, and one only.
        _now = _now.AddSeconds(1);
        using var again = await Http.GetAsync("/api/v1/health");
        Assert.Equal(200, (int)again.StatusCode);
        using var limitedAgain = await Http.GetAsync("/api/v1/health");
        Assert.Equal(429, (int)limitedAgain.StatusCode);
    }
}
