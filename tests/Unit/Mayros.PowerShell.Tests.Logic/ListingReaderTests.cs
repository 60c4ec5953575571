using System.IO;
using System.Linq;
using System.Text;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>The one-pass reader of Cortex's large listings: names compared as UTF-8, repeated values shared.</summary>
public sealed class ListingReaderTests
{
    [Fact]
    public void ReadsEscapedNamesChangingValuesAndUnknownPropertiesAsAnyJsonReaderWould()
    {
        // "\u0069d" is "id" and "event\u005ftype" is "event_type": JSON allows escapes in names, and Cortex's
        // serializer may one day use them. Types, agents and field names change from one event to the next.
        var json = """
            {"events":[
              {"\u0069d":"e1","event\u005ftype":"tool_call","agent_id":"a1","timestamp":"2026-01-01T00:00:00.000Z","session":"s",
            """ + """
            "fields":{"tool":"grep","note":"x"},"extra":{"nested":[1,2]}},
              {"id":"e2","event_type":"tool_call","agent_id":"a2","timestamp":"2026-01-01T00:00:01.000Z","session":"s","parent_event":"e1",
            """ + """
            "duration_ms":7,"fields":{"note":"y","tool":"sed"}},
              {"id":"e3","event_type":"llm_call","agent_id":"a2","timestamp":"2026-01-01T00:00:02.000Z","session":null,"fields":{"t\u006fol":"awk","new":"z"}},
              {"id":"e4","event_type":"tool_call","agent_id":"a1","timestamp":"2026-01-01T00:00:03.000Z","session":"other","fields":null}
            ],"total":4}
            """;

        var events = ListingReader.Events(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new[] { "e1", "e2", "e3", "e4" }, events.Select(e => e.Id));
        Assert.Equal(new[] { "tool_call", "tool_call", "llm_call", "tool_call" }, events.Select(e => e.Type));
        Assert.Equal(new[] { "a1", "a2", "a2", "a1" }, events.Select(e => e.Agent));
        Assert.Equal(new[] { "s", "s", null, "other" }, events.Select(e => e.Session));
        Assert.Equal("e1", events[1].ParentEvent);
        Assert.Equal(7UL, events[1].DurationMs);
        Assert.Equal("grep", events[0].Fields["tool"]);
        Assert.Equal("sed", events[1].Fields["tool"]);
        Assert.Equal("y", events[1].Fields["note"]);
        Assert.Equal("awk", events[2].Fields["tool"]);
        Assert.Equal("z", events[2].Fields["new"]);
        Assert.Empty(events[3].Fields);
    }

    [Fact]
    public void SharesOneCopyOfEachRepeatedStringAcrossALargeListing()
    {
        var body = new StringBuilder("{\"events\":[");
        for (var i = 0; i < 1000; i++)
        {
            body.Append(i == 0 ? string.Empty : ",")
                .Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{{\"id\":\"e{i}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"t\",\"session\":\"s\",\"fields\":{{\"tool\":\"grep\"}}}}");
        }

        var events = ListingReader.Events(Encoding.UTF8.GetBytes(body.Append("]}").ToString()));

        Assert.All(events, e => Assert.Same(events[0].Type, e.Type));
        Assert.All(events, e => Assert.Same(events[0].Session, e.Session));
        Assert.All(events, e => Assert.Equal("grep", e.Fields["tool"]));
    }

    [Fact]
    public void FieldsKeptAsTheListingSentThemReadBackExactlyAcrossBlocksEscapesAndLargeValues()
    {
        // Fields stay as UTF-8 JSON in 64 KiB blocks until asked for: 5,000 events fill several blocks, one event's
        // value is larger than a block quarter, and values hold escapes that must come back decoded.
        var large = new string('x', 40_000);
        var body = new StringBuilder("{\"events\":[");
        for (var i = 0; i < 5000; i++)
        {
            var text = i == 2500 ? large : $"quote \\\" slash \\\\ e\\u0301 {i}";
            body.Append(i == 0 ? string.Empty : ",")
                .Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{{\"id\":\"e{i}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"t\",\"session\":\"s\",\"fields\":{{\"n\":\"{i}\",\"te\\u0078t\":\"{text}\"}}}}");
        }

        var events = ListingReader.Events(Encoding.UTF8.GetBytes(body.Append("]}").ToString()));

        Assert.Equal(5000, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var fields = events[i].Fields;
            var text = i == 2500 ? large : $"quote \" slash \\ e\u0301 {i}";
            Assert.Equal(2, fields.Count);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), fields["n"]);
            Assert.True(fields.TryGetValue("text", out var value));
            Assert.Equal(text, value);
            Assert.Equal(new[] { "n", "text" }, fields.Keys);
            Assert.Equal(new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), text }, fields.Values);
            Assert.False(fields.ContainsKey("tex"));
        }

        Assert.Throws<System.ArgumentNullException>(() => events[0].Fields.TryGetValue(null!, out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AParentLinkSharesTheIdStringOfTheEventListedBesideItAndKeepsItsOwnValueOtherwise(bool newestFirst)
    {
        // e0 <- e1 <- e2 <- e3, and e4 whose parent is e1 (not beside it), in either listing order.
        var parents = new[] { null, "e0", "e1", "e2", "e1" };
        var order = newestFirst ? new[] { 4, 3, 2, 1, 0 } : new[] { 0, 1, 2, 3, 4 };
        var json = "{\"events\":[" + string.Join(",", order.Select(i =>
            $"{{\"id\":\"e{i}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"t\"," +
                $"\"session\":\"s\"{(parents[i] == null ? string.Empty : $",\"parent_event\":\"{parents[i]}\"")}}}")) + "]}";

        var events = ListingReader.Events(Encoding.UTF8.GetBytes(json)).ToDictionary(e => e.Id);

        Assert.Equal(parents, Enumerable.Range(0, 5).Select(i => events["e" + i].ParentEvent));
        foreach (var i in new[] { 1, 2, 3 })
        {
            Assert.Same(events["e" + (i - 1)].Id, events["e" + i].ParentEvent);
        }

        // e4 is listed beside e3, not e1: its link is a string of its own, with e1's value.
        Assert.NotSame(events["e1"].Id, events["e4"].ParentEvent);
    }

    [Fact]
    public void UnbracketsSubjectsAndPredicatesEvenWhenTheyRepeat()
    {
        var json = """
            {"triples":[
              {"id":"1","subject":"<ns:session:a>","predicate":"<ns:session:status>","object":"active"},
              {"id":"2","subject":"<ns:session:a>","predicate":"<ns:session:status>","object":{"node":"<ns:x>"}},
              {"id":"3","subject":"ns:session:b","predicate":"<ns:session:status>","object":3,"created_at":"2026-01-01T00:00:00Z"}
            ],"total":3}
            """;

        var triples = ListingReader.Triples(Encoding.UTF8.GetBytes(json), out var total);

        Assert.Equal(3, total);
        Assert.Equal(new[] { "ns:session:a", "ns:session:a", "ns:session:b" }, triples.Select(t => t.Subject));
        Assert.All(triples, t => Assert.Equal("ns:session:status", t.Predicate));
        Assert.Equal(new System.DateTimeOffset(2026, 1, 1, 0, 0, 0, System.TimeSpan.Zero), triples[2].CreatedAt);
    }

    [Fact]
    public void AFieldNamedTwiceKeepsItsLastValueAndAMissingFieldIsSaidByName()
    {
        var events = ListingReader.Events(Encoding.UTF8.GetBytes("""
            {"events":[{"id":"e","event_type":"t","agent_id":"a","timestamp":"t","fields":{"k":"1","other":"x","k":"2"}}]}
            """));

        Assert.Equal(2, events[0].Fields.Count);
        Assert.Equal("2", events[0].Fields["k"]);
        Assert.False(events[0].Fields.ContainsKey("missing"));
        Assert.Throws<System.ArgumentNullException>(() => events[0].Fields.ContainsKey(null!));
        Assert.Contains("'missing'", Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => events[0].Fields["missing"]).Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"events":[{"id":1,"event_type":"t","agent_id":"a","timestamp":"t"}]}""")]
    [InlineData("""{"events":[{"id":"e","event_type":"t","agent_id":["a"],"timestamp":"t"}]}""")]
    [InlineData("""{"events":[{"id":"e","event_type":"t","agent_id":"a","timestamp":"t","session":5}]}""")]
    [InlineData("""{"events":[{"id":"e","event_type":"t","agent_id":"a","timestamp":"t","fields":{"k":1}}]}""")]
    [InlineData("""{"events":[{"event_type":"t","agent_id":"a","timestamp":"t"}]}""")]
    [InlineData("""{"events":{}}""")]
    public void RefusesEventsOfTheWrongShape(string json) =>
        Assert.Throws<ShapeException>(() => ListingReader.Events(Encoding.UTF8.GetBytes(json)));

    private const string Framing = """
        {"before":{"x":[1,"]}"]},"events" : [
          {"id":"a1","event_type":"t","agent_id":"a","timestamp":"t","extra":{"s":"} ] \" {","n":[[],{}]},"session":"mine","fields":{"k":"v \"q\" ]"}} ,
          {"id":"o1","event_type":"t","agent_id":"a","timestamp":"t","session":"other","fields":{"k":"{"}},
          {"id":"a2","event_type":"t","agent_id":"a","timestamp":"t","sess\u0069on":"mine"},
          {"id":"a3","event_type":"t","agent_id":"a","timestamp":"t","session":"m\u0069ne"},
          {"id":"o2","event_type":"t","agent_id":"a","timestamp":"t","session":"mine2"},
          {"id":"o3","event_type":"t","agent_id":"a","timestamp":"t","session":"mi"},
          {"id":"n1","event_type":"t","agent_id":"a","timestamp":"t","session":null},
          { "id" : "a4" , "event_type":"t","agent_id":"a","timestamp":"t" , "session" : "mine" }
        ] ,"total": 8, "after": [true, false, null, -1.5e3]}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void ASessionsEventsAreFoundByTheirBytesWhateverChunksTheListingArrivesIn(int chunk)
    {
        // Other sessions' events are passed over as bytes: strings holding brackets and quotes, nested values,
        // whitespace anywhere, escaped names and values (read as JSON readers read them), and sessions whose names
        // start alike must not fool it, however the body is cut.
        var listing = ListingReader.Events(new Trickle(Encoding.UTF8.GetBytes(Framing), chunk), long.MaxValue, EventSelection.OfSessions(new[] { "mine" }));

        Assert.Equal(new[] { "a1", "a2", "a3", "a4" }, listing.Events.Select(e => e.Id));
        Assert.Equal("v \"q\" ]", listing.Events[0].Fields["k"]);
        Assert.Equal(new[] { "n1" }, listing.WithoutSession.Select(e => e.Id));
        Assert.Equal(8, listing.Seen);
    }

    [Theory]
    [InlineData("""{"events":[{"id":"e","session":"x"},]}""")]
    [InlineData("""{"events":[{"id":"e","session":"x"} {"id":"f","session":"x"}]}""")]
    [InlineData("""{"events":[{"id":"e","session":"x"}}]}""")]
    [InlineData("""{"events":[{"id":"e","session":"x"}""")]
    [InlineData("""{"events":[{"id":"e","session":"x""")]
    [InlineData("""{"events":[5]}""")]
    [InlineData("""{"events":[{"id":"e","session":"x"}],}""")]
    public void ABodyThatIsNotAListingIsRefusedEvenWhereNoEventIsKept(string json)
    {
        // Both are what the client reports as an answer it cannot read (CortexResponseInvalidException).
        var error = Assert.ThrowsAny<System.Exception>(() => ListingReader.Events(new Trickle(Encoding.UTF8.GetBytes(json), 3), long.MaxValue,
            EventSelection.OfSessions(new[] { "mine" })));
        Assert.True(error is ShapeException || error is System.Text.Json.JsonException, error.GetType().Name);
    }

    /// <summary>A stream that gives at most a few bytes per read, as a slow network does.</summary>
    private sealed class Trickle : MemoryStream
    {
        private readonly int _chunk;

        public Trickle(byte[] bytes, int chunk)
            : base(bytes, writable: false) => _chunk = chunk;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, System.Math.Min(count, _chunk));
    }
}
