using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §10: events are triples under {ns}:event:*, listed without a session filter.</summary>
public sealed class EventEndpointTests : ServerScope
{
    private const string TwoEvents = """
        {"namespace":"mayros","events":[
          {"id":"e1","event_type":"tool_call","agent_id":"a1","timestamp":"2026-01-01T00:00:00Z","session":"s1","duration_ms":42,"fields":{"tool":"grep"}},
          {"id":"e2","event_type":"decision","agent_id":"a1","timestamp":"2026-01-01T00:00:01Z","session":"s1","parent_event":"e1"}
        ]}
        """;

    [Fact]
    public async Task EventsBecomeTriplesOfTheRightKinds()
    {
        var stored = await PostJsonOk("/api/v1/events", TwoEvents);
        Assert.Equal(2, stored.GetProperty("stored").GetInt32());
        Assert.Equal(11, stored.GetProperty("triples_created").GetInt32());

        var e1 = (await GetJsonOk("/api/v1/triples?subject=mayros:event:e1")).GetProperty("triples").EnumerateArray()
            .ToDictionary(t => t.GetProperty("predicate").GetString()!, t => t.GetProperty("object"));
        Assert.Equal("tool_call", e1["<mayros:event:type>"].GetString());
        Assert.Equal("<mayros:agent:a1>", e1["<mayros:event:agent>"].GetProperty("node").GetString());
        Assert.Equal("<mayros:session:s1>", e1["<mayros:event:session>"].GetProperty("node").GetString());
        Assert.Equal("42", e1["<mayros:event:duration_ms>"].GetString());
        Assert.Equal("grep", e1["<mayros:event:tool>"].GetString());

        // Re-sending converges: duplicates are skipped, the count of triples_created still includes them.
        var again = await PostJsonOk("/api/v1/events", TwoEvents);
        Assert.Equal(11, again.GetProperty("triples_created").GetInt32());
        Assert.Equal(11, Server.Store.Count);
    }

    [Fact]
    public async Task ListingStripsPrefixesAndReportsOnlyStringFields()
    {
        await PostJsonOk("/api/v1/events", TwoEvents);
        await PostJsonOk("/api/v1/triples/batch", "{\"triples\":["
            + Triple("mayros:event:e1", "mayros:event:rewound", "\"true\"") + ","
            + Triple("mayros:event:e1", "mayros:event:score", "7") + "]}");
        var listed = await GetJsonOk("/api/v1/events?namespace=mayros");
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
        var e1 = listed.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "e1");
        Assert.Equal("a1", e1.GetProperty("agent_id").GetString());
        Assert.Equal("s1", e1.GetProperty("session").GetString());
        Assert.Equal(42, e1.GetProperty("duration_ms").GetInt32());
        Assert.Equal("true", e1.GetProperty("fields").GetProperty("rewound").GetString());
        Assert.False(e1.GetProperty("fields").TryGetProperty("score", out _));
        var e2 = listed.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "e2");
        Assert.Equal("e1", e2.GetProperty("parent_event").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, e2.GetProperty("duration_ms").ValueKind);

        // Grouped by type, alphabetically: "decision" before "tool_call".
        Assert.Equal(new[] { "e2", "e1" }, listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToArray());
    }

    [Fact]
    public async Task ListingDefaultsToAHundredAndFiltersAsStrings()
    {
        var events = string.Join(",", Enumerable.Range(0, 150).Select(i =>
            $"{{\"id\":\"x{i}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"2026-01-01T00:{i / 60:D2}:{i % 60:D2}Z\"}}"));
        await PostJsonOk("/api/v1/events", "{\"namespace\":\"other\",\"events\":[" + events + "]}");
        Assert.Equal(0, (await GetJsonOk("/api/v1/events")).GetProperty("total").GetInt32()); // namespace defaults to mayros
        Assert.Equal(100, (await GetJsonOk("/api/v1/events?namespace=other")).GetProperty("total").GetInt32());
        Assert.Equal(150, (await GetJsonOk("/api/v1/events?namespace=other&limit=1000")).GetProperty("total").GetInt32());
        var window = await GetJsonOk("/api/v1/events?namespace=other&limit=1000&from=2026-01-01T00:01:00Z&to=2026-01-01T00:01:09Z");
        Assert.Equal(10, window.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"namespace\":\"mayros\",\"events\":[{\"id\":\"e\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"t\",\"fields\":{\"n\":5}}]}")]
    [InlineData("{\"namespace\":\"mayros\",\"events\":[{\"id\":\"e\",\"event_type\":\"t\",\"agent_id\":\"a\"}]}")]
    [InlineData("{\"namespace\":\"mayros\",\"events\":[{\"id\":\"e\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"t\",\"duration_ms\":-1}]}")]
    [InlineData("{\"events\":[]}")]
    public async Task WrongEventShapesAre422AndWriteNothing(string body)
    {
        using var response = await PostJson("/api/v1/events", body);
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(0, Server.Store.Count);
    }

    [Fact]
    public async Task TheChainListsTheOldestAncestorFirst()
    {
        await PostJsonOk("/api/v1/events", TwoEvents);
        var chain = await GetJsonOk("/api/v1/events/e2/chain");
        Assert.Equal(new[] { "e1", "e2" }, chain.GetProperty("chain").EnumerateArray().Select(c => c.GetProperty("event_id").GetString()).ToArray());
        Assert.Equal("decision event", chain.GetProperty("chain")[1].GetProperty("summary").GetString());
        Assert.Equal(0, (await GetJsonOk("/api/v1/events/none/chain")).GetProperty("chain").GetArrayLength());
    }
}
