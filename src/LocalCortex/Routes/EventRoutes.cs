using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex.Routes;

/// <summary>/api/v1/events: observability events as thin wrappers over triples (contract §10).</summary>
internal static class EventRoutes
{
    public static void Map(Router router, ServerState state)
    {
        router.Add("POST", "/api/v1/events", ctx => Store(ctx, state));
        router.Add("GET", "/api/v1/events", ctx => List(ctx, state));
        router.Add("GET", "/api/v1/events/{id}/chain", ctx => Chain(ctx, state));
    }

    private static async Task Store(RequestContext ctx, ServerState state)
    {
        var body = await ctx.ReadJsonAsync();
        JsonShape.RequireObject(body, "BatchStoreEventsRequest");
        var ns = JsonShape.RequiredString(body, "namespace");
        if (!body.TryGetProperty("events", out var events))
        {
            throw RejectionException.WrongShape("missing field `events`");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            throw RejectionException.WrongShape($"events: invalid type: {JsonShape.Describe(events)}, expected a sequence");
        }

        var rows = new List<TripleInput>();
        var count = 0;
        foreach (var e in events.EnumerateArray())
        {
            var at = $"events[{count}].";
            JsonShape.RequireObject(e, "TraceEventInput");
            var id = JsonShape.RequiredString(e, "id", at);
            var type = JsonShape.RequiredString(e, "event_type", at);
            var agent = JsonShape.RequiredString(e, "agent_id", at);
            var timestamp = JsonShape.RequiredString(e, "timestamp", at);
            var session = JsonShape.OptionalString(e, "session", at);
            var parent = JsonShape.OptionalString(e, "parent_event", at);
            var duration = JsonShape.OptionalCount(e, "duration_ms", at);
            var fields = ReadFields(e, at);

            var subject = $"{ns}:event:{id}";
            string P(string name) => $"{ns}:event:{name}";
            rows.Add(new TripleInput(subject, P("type"), GraphValue.String(type)));
            rows.Add(new TripleInput(subject, P("agent"), GraphValue.Node($"{ns}:agent:{agent}")));
            rows.Add(new TripleInput(subject, P("timestamp"), GraphValue.String(timestamp)));
            if (session is not null)
            {
                rows.Add(new TripleInput(subject, P("session"), GraphValue.Node($"{ns}:session:{session}")));
            }

            if (parent is not null)
            {
                rows.Add(new TripleInput(subject, P("parent_event"), GraphValue.Node($"{ns}:event:{parent}")));
            }

            if (duration is not null)
            {
                rows.Add(new TripleInput(subject, P("duration_ms"), GraphValue.String(duration.Value.ToString(CultureInfo.InvariantCulture))));
            }

            foreach (var (key, value) in fields)
            {
                rows.Add(new TripleInput(subject, P(key), GraphValue.String(value)));
            }

            count++;
        }

        // One atomic store write; duplicates are skipped, so re-sending a batch converges.
        state.Store.InsertBatch(rows);
        if (rows.Count > 0)
        {
            state.Record(new Dag.TripleInsertPayload(rows));
        }
        await Respond.Json(ctx.Http, 201, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("stored", count);
            w.WriteNumber("triples_created", rows.Count);
            w.WriteEndObject();
        });
    }

    private static List<(string Key, string Value)> ReadFields(JsonElement e, string at)
    {
        var fields = new List<(string, string)>();
        if (!e.TryGetProperty("fields", out var obj))
        {
            return fields;
        }

        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw RejectionException.WrongShape($"{at}fields: invalid type: {JsonShape.Describe(obj)}, expected a map");
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw RejectionException.WrongShape($"{at}fields.{property.Name}: invalid type: {JsonShape.Describe(property.Value)}, expected a string");
            }

            // A HashMap: a repeated key keeps the last value.
            fields.RemoveAll(f => f.Item1 == property.Name);
            fields.Add((property.Name, property.Value.GetString()!));
        }

        return fields;
    }

    private static async Task List(RequestContext ctx, ServerState state)
    {
        ctx.KnownQueryFields("agent", "type", "from", "to", "limit", "namespace");
        var ns = ctx.Query("namespace") ?? "mayros";
        var typeFilter = ctx.Query("type");
        var agentFilter = ctx.Query("agent");
        var from = ctx.Query("from");
        var to = ctx.Query("to");
        var limit = ctx.QueryCount("limit") ?? 100;

        var typePredicate = $"{ns}:event:type";
        var events = new List<EventView>();
        if (limit > 0)
        {
            // Cortex walks the type predicate's index: grouped by event_type, arbitrary within a type, not by time.
            foreach (var typeTriple in state.Store.Find(null, typePredicate, null))
            {
                var eventType = typeTriple.Object.Kind == ValueKind.String ? typeTriple.Object.Text! : "unknown";
                if (typeFilter is not null && eventType != typeFilter)
                {
                    continue;
                }

                var all = state.Store.Find(typeTriple.Subject, null, null);
                var view = EventView.From(ns, typeTriple.Subject, eventType, all);
                if (agentFilter is not null && view.Agent != agentFilter)
                {
                    continue;
                }

                if (from is not null && string.CompareOrdinal(view.Timestamp, from) < 0)
                {
                    continue;
                }

                if (to is not null && string.CompareOrdinal(view.Timestamp, to) > 0)
                {
                    continue;
                }

                events.Add(view);
                if (events.Count >= limit)
                {
                    break;
                }
            }
        }

        await Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            var written = 0;
            foreach (var view in events)
            {
                view.Write(w);
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteNumber("total", events.Count);
            w.WriteEndObject();
        });
    }

    private static async Task Chain(RequestContext ctx, ServerState state)
    {
        ctx.KnownQueryFields("agent", "type", "from", "to", "limit", "namespace");
        var ns = ctx.Query("namespace") ?? "mayros";
        var chain = new List<EventView>();
        var current = ctx.Route["id"];
        for (var hop = 0; hop < 50; hop++)
        {
            var subject = $"{ns}:event:{current}";
            var all = state.Store.Find(subject, null, null);
            if (all.Count == 0)
            {
                break;
            }

            var type = First(all, $"{ns}:event:type")?.Object is { Kind: ValueKind.String } t ? t.Text! : "unknown";
            var view = EventView.From(ns, subject, type, all);
            chain.Add(view);
            if (view.Parent is null)
            {
                break;
            }

            current = view.Parent;
        }

        chain.Reverse();
        await Respond.Json(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("chain");
            foreach (var view in chain)
            {
                w.WriteStartObject();
                w.WriteString("event_id", view.Id);
                w.WriteString("event_type", view.Type);
                w.WriteString("agent_id", view.Agent);
                w.WriteString("timestamp", view.Timestamp);
                w.WriteString("summary", view.Type + " event");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static StoredTriple? First(List<StoredTriple> triples, string predicate) =>
        triples.FirstOrDefault(t => t.Predicate == predicate);

    /// <summary>An event as GET /api/v1/events reports it: prefixes removed, only string fields, node-valued links.</summary>
    private sealed record EventView(string Id, string Type, string Agent, string Timestamp, string? Session, string? Parent, ulong? Duration, List<KeyValuePair<string,
        string>> Fields)
    {
        public static EventView From(string ns, string subject, string type, List<StoredTriple> all)
        {
            var eventPrefix = $"{ns}:event:";
            string P(string name) => eventPrefix + name;
            static string Strip(string text, string prefix) => text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
            string? NodeOf(string predicate) => First(all, predicate)?.Object is { Kind: ValueKind.Node } v ? v.Text : null;
            string? StringOf(string predicate) => First(all, predicate)?.Object is { Kind: ValueKind.String } v ? v.Text : null;

            var core = new HashSet<string>(StringComparer.Ordinal) { P("agent"), P("timestamp"), P("session"), P("parent_event"), P("duration_ms"), P("type") };
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var t in all)
            {
                if (!core.Contains(t.Predicate) && t.Predicate.StartsWith(eventPrefix, StringComparison.Ordinal) && t.Object.Kind == ValueKind.String)
                {
                    var key = t.Predicate[eventPrefix.Length..];
                    fields.RemoveAll(f => f.Key == key);
                    fields.Add(new KeyValuePair<string, string>(key, t.Object.Text!));
                }
            }

            var durationText = StringOf(P("duration_ms"));
            return new EventView(
                Strip(subject, eventPrefix),
                type,
                NodeOf(P("agent")) is { } agent ? Strip(agent, $"{ns}:agent:") : string.Empty,
                StringOf(P("timestamp")) ?? string.Empty,
                NodeOf(P("session")) is { } session ? Strip(session, $"{ns}:session:") : null,
                NodeOf(P("parent_event")) is { } parent ? Strip(parent, eventPrefix) : null,
                ulong.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
                fields);
        }

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("event_type", Type);
            w.WriteString("agent_id", Agent);
            w.WriteString("timestamp", Timestamp);
            WriteOrNull(w, "session", Session);
            WriteOrNull(w, "parent_event", Parent);
            if (Duration is null)
            {
                w.WriteNull("duration_ms");
            }
            else
            {
                w.WriteNumber("duration_ms", Duration.Value);
            }

            w.WriteStartObject("fields");
            foreach (var (key, value) in Fields)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteOrNull(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }
}
