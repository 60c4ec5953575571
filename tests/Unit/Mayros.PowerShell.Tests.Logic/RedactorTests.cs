using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Cookie")]
    [InlineData("Set-Cookie")]
    [InlineData("X-Api-Key")]
    [InlineData("Proxy-Authorization")]
    public void SensitiveHeadersAreRedacted(string name) => Assert.Equal("[redacted]", Redactor.Header(name, "Bearer abc"));

    [Theory]
    [InlineData("Content-Type", "application/json")]
    [InlineData("X-RateLimit-Remaining", "12")]
    public void OtherHeadersAreKept(string name, string value) => Assert.Equal(value, Redactor.Header(name, value));

    [Fact]
    public void SensitiveQueryParametersAreRedacted()
    {
        Assert.Equal("/api/v1/x?token=[redacted]&limit=5", Redactor.Query("/api/v1/x?token=abc123&limit=5"));
        Assert.Equal("/p?a=1&api_key=[redacted]&Signature=[redacted]", Redactor.Query("/p?a=1&api_key=k&Signature=s"));
        Assert.Equal("/api/v1/triples?subject=mayros%3Asession%3Ax&limit=10", Redactor.Query("/api/v1/triples?subject=mayros%3Asession%3Ax&limit=10"));
    }

    [Theory]
    [InlineData("{\"token\":\"abc\"}", "{\"token\":\"[redacted]\"}")]
    [InlineData("{\"authToken\": \"abc\", \"n\": 1}", "{\"authToken\": \"[redacted]\", \"n\": 1}")]
    [InlineData("{\"password\":\"p\\\"w\"}", "{\"password\":\"[redacted]\"}")]
    [InlineData("{\"client_secret\":\"s\",\"key\":\"k\",\"signature\":\"x\"}", "{\"client_secret\":\"[redacted]\",\"key\":\"[redacted]\",\"signature\":\"[redacted]\"}")]
    [InlineData("{\"secret\":12345}", "{\"secret\":[redacted]}")]
    [InlineData("{\"sessionKey\":\"exp-1\",\"lastEventId\":\"e1\"}", "{\"sessionKey\":\"exp-1\",\"lastEventId\":\"e1\"}")]
    public void SensitiveJsonFieldsAreRedacted(string body, string expected) => Assert.Equal(expected, Redactor.Body(body, 2048));

    /// <summary>
    /// A body is searched for the parts of sensitive names before the expressions run: every name the expressions
    /// match (each alternative, in any case) holds one, so none is ever skipped.
    /// </summary>
    [Theory]
    [InlineData("authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("COOKIE")]
    [InlineData("set-cookie")]
    [InlineData("x-api-key")]
    [InlineData("apiKey")]
    [InlineData("API_KEY")]
    [InlineData("Key")]
    [InlineData("PassWord")]
    [InlineData("passwd")]
    [InlineData("PWD")]
    [InlineData("clientSecret")]
    [InlineData("refresh_TOKEN")]
    [InlineData("Signature")]
    [InlineData("sig")]
    public void EverySensitiveNameHoldsAPartTheQuickSearchLooksFor(string name)
    {
        Assert.True(Redactor.IsSensitiveName(name));
        Assert.True(Redactor.MayNameASecret("{\"" + name + "\":\"v\"}"));
        Assert.Equal("{\"" + name + "\":\"[redacted]\"}", Redactor.Body("{\"" + name + "\":\"v\"}", 2048));
    }

    [Fact]
    public void ABodyWithNoPartOfASensitiveNameIsShownAsItIs()
    {
        const string body = "{\"events\":[{\"id\":\"e1\",\"event_type\":\"tool_call\",\"fields\":{\"toolName\":\"grep\"}}],\"total\":1}";
        Assert.False(Redactor.MayNameASecret(body));
        Assert.Equal(body, Redactor.Body(body, 2048));
    }

    [Fact]
    public void AValueCutByTruncationIsStillRedacted()
    {
        var body = "{\"padding\":\"" + new string('x', 100) + "\",\"token\":\"" + new string('s', 5000) + "\"}";

        var shown = Redactor.Body(body, 200);

        Assert.DoesNotContain("sss", shown, System.StringComparison.Ordinal);
        Assert.EndsWith("characters in all)", shown, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AKnownSecretIsScrubbedAnywhere()
    {
        Assert.Equal("a [redacted] b [redacted]", Redactor.Scrub("a tok-1 b tok-1", "tok-1"));
        Assert.Equal("nothing", Redactor.Scrub("nothing", null));
        Assert.Equal("{\"x\":\"[redacted]\"}", Redactor.Body("{\"x\":\"my-token\"}", 100, "my-token"));
    }
}
