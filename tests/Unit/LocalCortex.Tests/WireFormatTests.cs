using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LocalCortex.Http;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §2.1-2.2: brackets, node objects, typed numbers, created_at.</summary>
public sealed class WireFormatTests : ServerScope
{
    private static readonly Regex Rfc3339 = new(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?\+00:00$");

    [Fact]
    public async Task NamesComeBackBracketedAndMustBeSentBare()
    {
        var created = await PostJsonOk("/api/v1/triples", Triple("mayros:session:s1", "mayros:session:label", "{\"node\":\"mayros:agent:a\"}"));
        Assert.Equal("<mayros:session:s1>", created.GetProperty("subject").GetString());
        Assert.Equal("<mayros:session:label>", created.GetProperty("predicate").GetString());
        Assert.Equal("<mayros:agent:a>", created.GetProperty("object").GetProperty("node").GetString());

        var bare = await GetJsonOk("/api/v1/triples?subject=mayros:session:s1");
        Assert.Equal(1, bare.GetProperty("total").GetInt32());

        // A bracketed filter looks up the literal name "<...>", a different name: an empty match.
        var bracketed = await GetJsonOk("/api/v1/triples?subject=" + Uri.EscapeDataString("<mayros:session:s1>"));
        Assert.Equal(0, bracketed.GetProperty("total").GetInt32());
        var query = await PostJsonOk("/api/v1/query", "{\"object\":{\"node\":\"<mayros:agent:a>\"}}", 200);
        Assert.Equal(0, query.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheRawBodyWritesBracketsLiterally()
    {
        using var response = await PostJson("/api/v1/triples", Triple("ex:s", "ex:p", "\"x+y\""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"subject\":\"<ex:s>\"", text, StringComparison.Ordinal);
        Assert.Contains("\"object\":\"x+y\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAndOnePointZeroAreDifferentTriples()
    {
        var integer = await PostJsonOk("/api/v1/triples", Triple("ex:n", "ex:v", "1"));
        var floating = await PostJsonOk("/api/v1/triples", Triple("ex:n", "ex:v", "1.0"));
        var text = await PostJsonOk("/api/v1/triples", Triple("ex:n", "ex:v", "\"1\""));
        var node = await PostJsonOk("/api/v1/triples", Triple("ex:n", "ex:v", "{\"node\":\"1\"}"));
        var ids = new[] { integer, floating, text, node }.Select(t => t.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(4, ids.Count);

        using var response = await Http.GetAsync("/api/v1/triples?subject=ex:n");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"object\":1,", raw, StringComparison.Ordinal);
        Assert.Contains("\"object\":1.0,", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e3", "1000.0")]
    [InlineData("2.5", "2.5")]
    [InlineData("1e20", "1e20")]
    [InlineData("0.001", "0.001")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("9223372036854775808", "9.223372036854776e18")]
    public async Task FloatsKeepAPointOrAnExponent(string sent, string returned)
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:f", "ex:v", sent));
        using var response = await Http.GetAsync("/api/v1/triples?subject=ex:f");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"object\":" + returned + ",", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{}")]
    [InlineData("{\"node\":5}")]
    [InlineData("{\"string\":\"x\"}")]
    public async Task ValuesThatMatchNoVariantAre422PlainText(string objectJson)
    {
        using var response = await PostJson("/api/v1/triples", Triple("ex:s", "ex:p", objectJson));
        Assert.Equal(422, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("did not match any variant of untagged enum ValueDto", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Server.Store.Count);
    }

    [Fact]
    public async Task CreatedAtIsRfc3339WithPlusZeroAndAutoPrecision()
    {
        var created = await PostJsonOk("/api/v1/triples", Triple("ex:t", "ex:p", "\"v\""));
        Assert.Matches(Rfc3339, created.GetProperty("created_at").GetString()!);

        Assert.Equal("2026-05-01T10:20:30+00:00", WireFormat.FormatCreatedAt(new DateTime(2026, 5, 1, 10, 20, 30, DateTimeKind.Utc)));
        Assert.Equal("2026-05-01T10:20:30.123+00:00", WireFormat.FormatCreatedAt(new DateTime(2026, 5, 1, 10, 20, 30, 123, DateTimeKind.Utc)));
        Assert.Equal("2026-05-01T10:20:30.123456+00:00", WireFormat.FormatCreatedAt(new DateTime(2026, 5, 1, 10, 20, 30, 123, 456, DateTimeKind.Utc)));
        Assert.Equal("2026-05-01T10:20:30.123456700+00:00", WireFormat.FormatCreatedAt(new DateTime(2026, 5, 1, 10, 20, 30, 123, 456, DateTimeKind.Utc).AddTicks(7)));
    }

    [Fact]
    public async Task TheStoredCreatedAtIsTheFirstInsertions()
    {
        var first = await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[" + Triple("ex:c", "ex:p", "\"v\"") + "]}");
        var stored = (await GetJsonOk("/api/v1/triples/" + first.GetProperty("inserted")[0].GetProperty("id").GetString())).GetProperty("created_at").GetString();
        await Task.Delay(20);
        var again = await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[" + Triple("ex:c", "ex:p", "\"v\"") + "]}");
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        var after = (await GetJsonOk("/api/v1/triples?subject=ex:c")).GetProperty("triples")[0].GetProperty("created_at").GetString();
        Assert.Equal(stored, after);
    }
}
