using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using LocalCortex.Http;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §7 and pitfall 7: a Bearer header without AINGLE_JWT_SECRET drops the connection.</summary>
public sealed class NoSecretAuthTests : ServerScope
{
    [Fact]
    public async Task ABearerHeaderDropsTheConnectionWithNoResponse()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.SendAsync(request));

        // Requests without the header are unaffected.
        using var plain = await Http.GetAsync("/api/v1/health");
        Assert.Equal(200, (int)plain.StatusCode);
    }
}

public sealed class JwtNamespaceTests : ServerScope
{
    private const string Secret = "a-secret-of-at-least-some-length";

    public JwtNamespaceTests()
        : base(jwtSecret: Secret)
    {
    }

    [Fact]
    public async Task AnInvalidTokenMeansFullAccess()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/triples") { Content = new StringContent(Triple("other:s", "p", "\"v\""), System.Text.Encoding.UTF8,
            "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt");
        using var response = await Http.SendAsync(request);
        Assert.Equal(201, (int)response.StatusCode);
    }

    [Fact]
    public async Task ANamespaceTokenScopesWritesAndEmptiesReads()
    {
        await PostJsonOk("/api/v1/triples", Triple("mayros:s", "p", "\"v\""));
        var token = JwtNamespace.Sign(Secret, "mayros");

        var outside = new HttpRequestMessage(HttpMethod.Post, "/api/v1/triples") { Content = new StringContent(Triple("other:s", "p", "\"v\""), System.Text.Encoding.UTF8,
            "application/json") };
        outside.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var forbidden = await Http.SendAsync(outside);
        Assert.Equal(403, (int)forbidden.StatusCode);
        Assert.Equal("Not authorized: Subject \"other:s\" is not in namespace \"mayros\"", (await Json(forbidden)).GetProperty("error").GetString());

        var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/triples?subject=mayros:s");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var listed = await Http.SendAsync(list);
        Assert.Equal(0, (await Json(listed)).GetProperty("total").GetInt32());
    }
}
