using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §5: /query matches by type, caps at 10 000 with no offset; subjects and predicates.</summary>
public sealed class QueryEndpointTests : ServerScope
{
    [Fact]
    public async Task QueryCapsAtTenThousandAndIgnoresOffset()
    {
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var rows = string.Join(",", Enumerable.Range(chunk * 3500, 3500).Select(i => Triple($"ex:q{i}", "ex:member", "{\"node\":\"ex:group\"}")));
            await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[" + rows + "]}");
        }

        var capped = await PostJsonOk("/api/v1/query", "{\"predicate\":\"ex:member\",\"object\":{\"node\":\"ex:group\"},\"limit\":50000}", 200);
        Assert.Equal(10_000, capped.GetProperty("matches").GetArrayLength());
        Assert.Equal(10_500, capped.GetProperty("total").GetInt32());

        var offset = await PostJsonOk("/api/v1/query", "{\"predicate\":\"ex:member\",\"limit\":5,\"offset\":10495}", 200);
        var first = await PostJsonOk("/api/v1/query", "{\"predicate\":\"ex:member\",\"limit\":5}", 200);
        Assert.Equal(first.GetProperty("matches").ToString(), offset.GetProperty("matches").ToString());

        var byDefault = await PostJsonOk("/api/v1/query", "{}", 200);
        Assert.Equal(100, byDefault.GetProperty("matches").GetArrayLength());
        Assert.Equal(10_500, byDefault.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ObjectsMatchExactlyAndByType()
    {
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":["
            + Triple("ex:s", "ex:p", "\"x\"") + "," + Triple("ex:s", "ex:p", "{\"node\":\"x\"}") + "," + Triple("ex:s", "ex:p", "5") + "]}");
        var asString = await PostJsonOk("/api/v1/query", "{\"object\":\"x\"}", 200);
        Assert.Equal(1, asString.GetProperty("total").GetInt32());
        Assert.Equal("x", asString.GetProperty("matches")[0].GetProperty("object").GetString());
        var asNode = await PostJsonOk("/api/v1/query", "{\"object\":{\"node\":\"x\"}}", 200);
        Assert.Equal("<x>", asNode.GetProperty("matches")[0].GetProperty("object").GetProperty("node").GetString());
        var asFloat = await PostJsonOk("/api/v1/query", "{\"object\":5.0}", 200);
        Assert.Equal(0, asFloat.GetProperty("total").GetInt32());

        var pattern = asNode.GetProperty("pattern");
        Assert.Equal("x", pattern.GetProperty("object").GetProperty("node").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, pattern.GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task SubjectsAndPredicatesAreDistinctSortedAndBracketed()
    {
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":["
            + Triple("ex:b", "ex:p2", "\"1\"") + "," + Triple("ex:a", "ex:p1", "\"1\"") + "," + Triple("ex:a", "ex:p2", "\"2\"") + "]}");
        var subjects = await GetJsonOk("/api/v1/query/subjects");
        Assert.Equal(new[] { "<ex:a>", "<ex:b>" }, subjects.GetProperty("subjects").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.Equal(2, subjects.GetProperty("total").GetInt32());
        var ofPredicate = await GetJsonOk("/api/v1/query/subjects?predicate=ex:p1");
        Assert.Equal(new[] { "<ex:a>" }, ofPredicate.GetProperty("subjects").EnumerateArray().Select(s => s.GetString()).ToArray());
        var predicates = await GetJsonOk("/api/v1/query/predicates?subject=ex:a&limit=1");
        Assert.Equal(new[] { "<ex:p1>" }, predicates.GetProperty("predicates").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.Equal(2, predicates.GetProperty("total").GetInt32());
    }
}
