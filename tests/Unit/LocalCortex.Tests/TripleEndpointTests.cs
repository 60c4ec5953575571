using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §4: create, batch, get, delete, list.</summary>
public sealed class TripleEndpointTests : ServerScope
{
    [Fact]
    public async Task ADuplicateSingleCreateIs500GraphErrorWithSixteenHex()
    {
        var created = await PostJsonOk("/api/v1/triples", Triple("ex:d", "ex:p", "\"v\""));
        var id = created.GetProperty("id").GetString()!;
        using var response = await PostJson("/api/v1/triples", Triple("ex:d", "ex:p", "\"v\""));
        Assert.Equal(500, (int)response.StatusCode);
        var body = await Json(response);
        Assert.Equal("GRAPH_ERROR", body.GetProperty("code").GetString());
        Assert.Equal($"Graph error: duplicate: triple {id[..16]} already exists", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("details", out _));
        Assert.Equal(1, Server.Store.Count);
    }

    [Theory]
    [InlineData("", "ex:p", "Invalid input: Subject cannot be empty")]
    [InlineData("ex:s", "", "Invalid input: Predicate cannot be empty")]
    public async Task EmptyNamesAre400InvalidInput(string subject, string predicate, string message)
    {
        using var response = await PostJson("/api/v1/triples", Triple(subject, predicate, "\"v\""));
        Assert.Equal(400, (int)response.StatusCode);
        var body = await Json(response);
        Assert.Equal("INVALID_INPUT", body.GetProperty("code").GetString());
        Assert.Equal(message, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WhitespaceNamesAreAccepted()
    {
        await PostJsonOk("/api/v1/triples", Triple(" ", "ex:p", "\"v\""));
    }

    [Fact]
    public async Task AMissingFieldIs422AndExtraFieldsAreIgnored()
    {
        using var missing = await PostJson("/api/v1/triples", "{\"subject\":\"ex:s\",\"object\":\"v\"}");
        Assert.Equal(422, (int)missing.StatusCode);
        Assert.Contains("missing field `predicate`", await missing.Content.ReadAsStringAsync(), System.StringComparison.Ordinal);

        var created = await PostJsonOk("/api/v1/triples", "{\"id\":\"mine\",\"subject\":\"ex:s\",\"predicate\":\"ex:p\",\"object\":\"v\",\"extra\":1}");
        Assert.NotEqual("mine", created.GetProperty("id").GetString());
    }

    [Fact]
    public async Task BatchCountsDuplicatesEchoesNodesBareAndIsAtomic()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:b", "ex:p", "\"old\""));
        var batch = await PostJsonOk("/api/v1/triples/batch", "{\"triples\":["
            + Triple("ex:b", "ex:p", "\"old\"") + ","
            + Triple("ex:b", "ex:n", "{\"node\":\"ex:x\"}") + ","
            + Triple("ex:b", "ex:n", "{\"node\":\"ex:x\"}") + "]}");
        Assert.Equal(3, batch.GetProperty("total").GetInt32());
        Assert.Equal(2, batch.GetProperty("duplicates").GetInt32());
        var inserted = batch.GetProperty("inserted");
        Assert.Equal(3, inserted.GetArrayLength());
        Assert.Equal("ex:x", inserted[1].GetProperty("object").GetProperty("node").GetString());
        Assert.Equal("<ex:b>", inserted[1].GetProperty("subject").GetString());
        Assert.Equal(2, Server.Store.Count);

        // One bad row (an empty subject in row 1) and nothing of the batch is written.
        using var bad = await PostJson("/api/v1/triples/batch", "{\"triples\":[" + Triple("ex:new", "ex:p", "\"v\"") + "," + Triple("", "ex:p", "\"v\"") + "]}");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal("Invalid input: Triple [1]: subject cannot be empty", (await Json(bad)).GetProperty("error").GetString());
        Assert.Equal(2, Server.Store.Count);
    }

    [Fact]
    public async Task AnEmptyBatchIs200AndAMissingListIs422()
    {
        var empty = await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[]}", 200);
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
        using var missing = await PostJson("/api/v1/triples/batch", "{}");
        Assert.Equal(422, (int)missing.StatusCode);
    }

    [Fact]
    public async Task GetAndDeleteById()
    {
        var id = (await PostJsonOk("/api/v1/triples", Triple("ex:g", "ex:p", "\"v\""))).GetProperty("id").GetString()!;
        using (var delete = await Http.DeleteAsync("/api/v1/triples/" + id))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
            Assert.Empty(await delete.Content.ReadAsByteArrayAsync());
        }

        using (var again = await Http.DeleteAsync("/api/v1/triples/" + id))
        {
            Assert.Equal(404, (int)again.StatusCode);
            Assert.Equal($"Triple not found: Triple {id} not found", (await Json(again)).GetProperty("error").GetString());
        }

        using var get = await Http.GetAsync("/api/v1/triples/" + id);
        Assert.Equal(404, (int)get.StatusCode);
        Assert.Equal("NOT_FOUND", (await Json(get)).GetProperty("code").GetString());

        // After a delete, the same triple comes back with the same id.
        var recreated = await PostJsonOk("/api/v1/triples", Triple("ex:g", "ex:p", "\"v\""));
        Assert.Equal(id, recreated.GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetOnTheBatchPathLandsOnTheIdRoute()
    {
        using var response = await Http.GetAsync("/api/v1/triples/batch");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("INVALID_INPUT", (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListIgnoresTheObjectFilterAndPages()
    {
        var rows = string.Join(",", Enumerable.Range(0, 150).Select(i => Triple("ex:l", "ex:p", $"\"v{i}\"")));
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[" + rows + "]}");

        var byDefault = await GetJsonOk("/api/v1/triples?predicate=ex:p");
        Assert.Equal(100, byDefault.GetProperty("triples").GetArrayLength());
        Assert.Equal(150, byDefault.GetProperty("total").GetInt32());
        Assert.Equal(100, byDefault.GetProperty("limit").GetInt32());
        Assert.Equal(0, byDefault.GetProperty("offset").GetInt32());

        var objectFilter = await GetJsonOk("/api/v1/triples?predicate=ex:p&object=v1&limit=1000");
        Assert.Equal(150, objectFilter.GetProperty("triples").GetArrayLength());

        var paged = await GetJsonOk("/api/v1/triples?predicate=ex:p&limit=1000&offset=140");
        Assert.Equal(10, paged.GetProperty("triples").GetArrayLength());
        Assert.Equal(150, paged.GetProperty("total").GetInt32());
        var past = await GetJsonOk("/api/v1/triples?predicate=ex:p&offset=1000");
        Assert.Equal(0, past.GetProperty("triples").GetArrayLength());
        Assert.Equal(150, past.GetProperty("total").GetInt32());

        var emptyFilter = await GetJsonOk("/api/v1/triples?subject=&predicate=ex:p");
        Assert.Equal(0, emptyFilter.GetProperty("total").GetInt32());

        // No cap on limit: everything in one request.
        var all = await GetJsonOk("/api/v1/triples?limit=2147483647");
        Assert.Equal(150, all.GetProperty("triples").GetArrayLength());
    }

    [Fact]
    public async Task ResultsAreNotInInsertionOrder()
    {
        // Same predicate and object for every row: Cortex's order within one object is arbitrary, not time.
        var rows = string.Join(",", Enumerable.Range(0, 200).Select(i => Triple($"ex:e{i:D3}", "ex:same", "\"x\"")));
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":[" + rows + "]}");
        var listed = (await GetJsonOk("/api/v1/triples?predicate=ex:same&limit=1000")).GetProperty("triples")
            .EnumerateArray().Select(t => t.GetProperty("subject").GetString()!).ToList();
        var inserted = Enumerable.Range(0, 200).Select(i => $"<ex:e{i:D3}>").ToList();
        Assert.Equal(inserted.OrderBy(x => x), listed.OrderBy(x => x));
        Assert.NotEqual(inserted, listed);
    }

    [Fact]
    public async Task PredicateListingsAreGroupedByTheObjectsSortKey()
    {
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":["
            + Triple("ex:a", "ex:k", "true") + "," + Triple("ex:b", "ex:k", "\"b\"") + ","
            + Triple("ex:c", "ex:k", "2") + "," + Triple("ex:d", "ex:k", "{\"node\":\"ex:z\"}") + ","
            + Triple("ex:e", "ex:k", "\"a\"") + "]}");
        var subjects = (await GetJsonOk("/api/v1/triples?predicate=ex:k")).GetProperty("triples")
            .EnumerateArray().Select(t => t.GetProperty("subject").GetString()).ToArray();
        Assert.Equal(new[] { "<ex:d>", "<ex:e>", "<ex:b>", "<ex:c>", "<ex:a>" }, subjects);
    }
}
