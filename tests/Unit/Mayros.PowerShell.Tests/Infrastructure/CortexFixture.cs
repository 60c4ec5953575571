using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>
/// A local Cortex for a test class (rate limit off unless a test is about it), with helpers that seed and check data
/// over plain HTTP, as any other Cortex client would: the module's own code is never used to check itself.
/// </summary>
public class CortexFixture : LocalCortexServer
{
    /// <summary>A namespace of its own for one test, so tests share the server without sharing data.</summary>
    public static string NewNamespace() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Posts events through POST /api/v1/events, as Mayros agents do, in requests under 1 MiB.</summary>
    public void AddEvents(string ns, IEnumerable<SeedEvent> events)
    {
        var batch = new List<JsonObject>();
        var size = 0;
        foreach (var e in events)
        {
            var json = e.ToJson();
            var length = json.ToJsonString().Length;
            if (size + length > 900_000)
            {
                Post(ns, batch);
                batch.Clear();
                size = 0;
            }

            batch.Add(json);
            size += length;
        }

        if (batch.Count > 0)
        {
            Post(ns, batch);
        }
    }

    /// <summary>
    /// A session of <paramref name="count"/> events, one second apart from <paramref name="start"/>, each the child of
    /// the previous one. A <paramref name="payload"/> of n characters adds a field that size: tests that need writes of
    /// several MiB get them from fewer, larger events.
    /// </summary>
    public static List<SeedEvent> Session(string session, int count, DateTimeOffset start, string prefix = "e", int payload = 0)
    {
        var padding = payload > 0 ? new string('p', payload) : null;
        var events = new List<SeedEvent>(count);
        for (var i = 0; i < count; i++)
        {
            events.Add(new SeedEvent(
                $"{prefix}{i:D6}-{session}",
                i % 3 == 0 ? "tool_call" : i % 3 == 1 ? "llm_call" : "decision",
                "agent-" + (i % 2),
                Iso(start.AddSeconds(i)),
                session,
                i == 0 ? null : $"{prefix}{i - 1:D6}-{session}",
                (ulong)(10 + i),
                padding == null
                    ? new Dictionary<string, string> { ["step"] = i.ToString(CultureInfo.InvariantCulture), ["note"] = "n" + i }
                    : new Dictionary<string, string> { ["step"] = i.ToString(CultureInfo.InvariantCulture), ["note"] = "n" + i, ["payload"] = padding }));
        }

        return events;
    }

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes raw triples through the batch endpoint (for layouts other writers produce).</summary>
    public void AddTriples(params (string Subject, string Predicate, JsonNode Object)[] triples)
    {
        var body = new JsonObject
        {
            ["triples"] = new JsonArray(triples.Select(t => (JsonNode)new JsonObject
            {
                ["subject"] = t.Subject,
                ["predicate"] = t.Predicate,
                ["object"] = t.Object.DeepClone(),
            }).ToArray()),
        };
        using var response = Http.PostAsync("/api/v1/triples/batch", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>Deletes one triple by its id, as any client can.</summary>
    public void DeleteTriple(string id)
    {
        using var response = Http.DeleteAsync("/api/v1/triples/" + Uri.EscapeDataString(id)).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>Every triple with the subject and/or predicate, as Cortex returns them (bracketed names).</summary>
    public List<JsonElement> Triples(string? subject = null, string? predicate = null)
    {
        var query = new List<string> { "limit=100000000" };
        if (subject != null)
        {
            query.Add("subject=" + Uri.EscapeDataString(subject));
        }

        if (predicate != null)
        {
            query.Add("predicate=" + Uri.EscapeDataString(predicate));
        }

        var text = Http.GetStringAsync("/api/v1/triples?" + string.Join("&", query)).GetAwaiter().GetResult();
        return JsonDocument.Parse(text).RootElement.GetProperty("triples").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The string values of one field of a session record.</summary>
    public List<string> SessionValues(string ns, string session, string field) =>
        Triples($"{ns}:session:{session}", $"{ns}:session:{field}").Select(t => t.GetProperty("object").GetString()!).ToList();

    /// <summary>Every event of a namespace, as GET /api/v1/events lists them.</summary>
    public List<JsonElement> Events(string ns)
    {
        var text = Http.GetStringAsync($"/api/v1/events?namespace={Uri.EscapeDataString(ns)}&limit=100000000").GetAwaiter().GetResult();
        return JsonDocument.Parse(text).RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public List<JsonElement> SessionEvents(string ns, string session) =>
        Events(ns).Where(e => e.GetProperty("session").ValueKind == JsonValueKind.String && e.GetProperty("session").GetString() == session).ToList();

    /// <summary>Requests the server received since the last call (or since the fixture started).</summary>
    public int TakeRequestCount(out int writes)
    {
        var all = Server.Requests.Snapshot();
        writes = all.Count(r => r.IsWrite);
        Server.Requests.Clear();
        return all.Count;
    }

    private void Post(string ns, List<JsonObject> events)
    {
        var body = new JsonObject { ["namespace"] = ns, ["events"] = new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()) };
        using var response = Http.PostAsync("/api/v1/events", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }
}

/// <summary>An event to seed, in POST /api/v1/events' shape.</summary>
public sealed record SeedEvent(string Id, string Type, string Agent, string Timestamp, string? Session, string? Parent, ulong? DurationMs, Dictionary<string, string> Fields)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["event_type"] = Type,
            ["agent_id"] = Agent,
            ["timestamp"] = Timestamp,
            ["fields"] = new JsonObject(Fields.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value))),
        };
        if (Session != null)
        {
            json["session"] = Session;
        }

        if (Parent != null)
        {
            json["parent_event"] = Parent;
        }

        if (DurationMs != null)
        {
            json["duration_ms"] = DurationMs;
        }

        return json;
    }
}
