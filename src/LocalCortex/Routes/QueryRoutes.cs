using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex.Routes;

/// <summary>/api/v1/query: pattern match (capped at 10 000, no offset), distinct subjects and predicates (§5).</summary>
internal static class QueryRoutes
{
    public const int MaxQueryLimit = 10_000;

    public static void Map(Router router, ServerState state)
    {
        router.Add("POST", "/api/v1/query", ctx => Query(ctx, state));
        router.Add("GET", "/api/v1/query/subjects", ctx => Names(ctx, state, subjects: true));
        router.Add("GET", "/api/v1/query/predicates", ctx => Names(ctx, state, subjects: false));
    }

    private static async Task Query(RequestContext ctx, ServerState state)
    {
        var body = await ctx.ReadJsonAsync();
        JsonShape.RequireObject(body, "QueryRequest");
        var subject = JsonShape.OptionalString(body, "subject");
        var predicate = JsonShape.OptionalString(body, "predicate");
        GraphValue? value = null;
        if (body.TryGetProperty("object", out var o) && o.ValueKind != JsonValueKind.Null)
        {
            value = WireFormat.ReadValue(o, "object");
        }

        var limit = (int)Math.Min(JsonShape.OptionalCount(body, "limit") ?? 100, MaxQueryLimit);
        var matches = ctx.JwtNamespace is null ? state.Store.Find(subject, predicate, value) : new List<StoredTriple>();
        await Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("matches");
            var written = 0;
            foreach (var triple in matches.Take(limit))
            {
                WireFormat.WriteTriple(w, triple);
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteNumber("total", matches.Count);
            w.WriteStartObject("pattern");
            WriteNullable(w, "subject", subject);
            WriteNullable(w, "predicate", predicate);
            w.WritePropertyName("object");
            if (value is { } v)
            {
                // The pattern echoes the ValueDto as sent (a node stays bare).
                WireFormat.WriteValue(w, v, echo: true);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static async Task Names(RequestContext ctx, ServerState state, bool subjects)
    {
        var filterName = subjects ? "predicate" : "subject";
        ctx.KnownQueryFields(filterName, "limit");
        var filter = ctx.Query(filterName);
        var limit = ctx.QueryCount("limit") ?? 100;
        var names = ctx.JwtNamespace is null ? state.Store.DistinctNames(subjects, filter) : new List<string>();
        await Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray(subjects ? "subjects" : "predicates");
            var written = 0;
            foreach (var name in names.Take((int)Math.Min(limit, int.MaxValue)))
            {
                w.WriteStringValue(WireFormat.Bracket(name));
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteNumber("total", names.Count);
            w.WriteEndObject();
        });
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
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
