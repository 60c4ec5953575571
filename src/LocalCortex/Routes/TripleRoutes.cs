using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex.Routes;

/// <summary>/api/v1/triples: create, batch, list, get and delete (contract §4).</summary>
internal static class TripleRoutes
{
    public static void Map(Router router, ServerState state)
    {
        router.Add("POST", "/api/v1/triples", ctx => Create(ctx, state));
        router.Add("GET", "/api/v1/triples", ctx => List(ctx, state));
        router.Add("POST", "/api/v1/triples/batch", ctx => Batch(ctx, state));
        router.Add("GET", "/api/v1/triples/{id}", ctx => Get(ctx, state));
        router.Add("DELETE", "/api/v1/triples/{id}", ctx => Delete(ctx, state));
    }

    /// <summary>Reads one {subject, predicate, object} row; a wrong shape is 422 naming the row.</summary>
    public static TripleInput ReadRow(JsonElement row, string at, string type)
    {
        JsonShape.RequireObject(row, type);
        var subject = JsonShape.RequiredString(row, "subject", at);
        var predicate = JsonShape.RequiredString(row, "predicate", at);
        if (!row.TryGetProperty("object", out var value))
        {
            throw RejectionException.WrongShape($"{at}missing field `object`");
        }

        return new TripleInput(subject, predicate, WireFormat.ReadValue(value, at + "object"));
    }

    private static async Task Create(RequestContext ctx, ServerState state)
    {
        var body = await ctx.ReadJsonAsync();
        var row = ReadRow(body, string.Empty, "CreateTripleRequest");
        if (row.Subject.Length == 0)
        {
            throw ApiErrorException.InvalidInput("Subject cannot be empty");
        }

        if (row.Predicate.Length == 0)
        {
            throw ApiErrorException.InvalidInput("Predicate cannot be empty");
        }

        if (ctx.JwtNamespace is { } ns && !row.Subject.StartsWith(ns + ":", StringComparison.Ordinal))
        {
            throw ApiErrorException.Forbidden($"Subject \"{row.Subject}\" is not in namespace \"{ns}\"");
        }

        state.Cluster.EnsureLeaderForSingleWrite(ctx);
        if (state.Cluster.Role == ClusterRole.Leader)
        {
            await CreateThroughRaft(ctx, state, row);
            return;
        }

        var (triple, inserted) = state.Store.Insert(row);
        if (!inserted)
        {
            throw ApiErrorException.Duplicate(triple.Id.ToHex());
        }

        state.Record(new Dag.TripleInsertPayload(new[] { row }));

        await Respond.Json(ctx.Http, 201, w => WireFormat.WriteTriple(w, triple));
    }

    /// <summary>
    /// A create on a cluster leader (§9): duplicates are a silent 201, the body echoes the request bare, created_at
    /// is the response time and the id is a DAG action hash, not the content id. A node object turns into an
    /// undecodable JSON value: counted, never readable.
    /// </summary>
    private static async Task CreateThroughRaft(RequestContext ctx, ServerState state, TripleInput row)
    {
        if (row.Object.Kind == ValueKind.Node)
        {
            state.CountUnreadableTriple();
        }
        else
        {
            state.Store.Insert(row);
            state.Cluster.Replicate(replica => replica.Insert(row));
        }

        state.Record(new Dag.TripleInsertPayload(new[] { row }));

        var dagHash = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await Respond.Json(ctx.Http, 201, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", dagHash);
            w.WriteString("subject", row.Subject);
            w.WriteString("predicate", row.Predicate);
            w.WritePropertyName("object");
            WireFormat.WriteValue(w, row.Object, echo: true);
            w.WriteString("created_at", WireFormat.FormatCreatedAt(DateTime.UtcNow));
            w.WriteEndObject();
        });
    }

    private static async Task Batch(RequestContext ctx, ServerState state)
    {
        var body = await ctx.ReadJsonAsync();
        JsonShape.RequireObject(body, "BatchInsertRequest");
        if (!body.TryGetProperty("triples", out var triples))
        {
            throw RejectionException.WrongShape("missing field `triples`");
        }

        if (triples.ValueKind != JsonValueKind.Array)
        {
            throw RejectionException.WrongShape($"triples: invalid type: {JsonShape.Describe(triples)}, expected a sequence");
        }

        var rows = BatchRows(triples, ctx.JwtNamespace);
        if (rows.Count == 0)
        {
            await Respond.Json(ctx.Http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("inserted");
                w.WriteEndArray();
                w.WriteNumber("total", 0);
                w.WriteNumber("duplicates", 0);
                w.WriteEndObject();
            });
            return;
        }

        var results = state.Store.InsertBatch(rows);
        state.Record(new Dag.TripleInsertPayload(rows));
        var now = WireFormat.FormatCreatedAt(DateTime.UtcNow);
        await Respond.JsonStream(ctx.Http, 201, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("inserted");
            for (var i = 0; i < rows.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", results[i].Id.ToHex());
                w.WriteString("subject", WireFormat.Bracket(rows[i].Subject));
                w.WriteString("predicate", WireFormat.Bracket(rows[i].Predicate));
                w.WritePropertyName("object");
                WireFormat.WriteValue(w, rows[i].Object, echo: true);
                w.WriteString("created_at", now);
                w.WriteEndObject();
                await flush(i + 1);
            }

            w.WriteEndArray();
            w.WriteNumber("total", rows.Count);
            w.WriteNumber("duplicates", results.Count(r => r.Duplicate));
            w.WriteEndObject();
        });
    }

    /// <summary>A batch's rows, checked as Cortex checks them: each row's shape, then the namespace, then empty names.</summary>
    private static List<TripleInput> BatchRows(JsonElement triples, string? jwtNamespace)
    {
        var rows = new List<TripleInput>();
        var index = 0;
        foreach (var element in triples.EnumerateArray())
        {
            rows.Add(ReadRow(element, $"triples[{index}].", "TripleInput"));
            index++;
        }

        if (jwtNamespace is { } ns)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Subject.Length > 0 && !rows[i].Subject.StartsWith(ns + ":", StringComparison.Ordinal))
                {
                    throw ApiErrorException.Forbidden($"Triple [{i}]: subject \"{rows[i].Subject}\" is not in namespace \"{ns}\"");
                }
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Subject.Length == 0)
            {
                throw ApiErrorException.InvalidInput($"Triple [{i}]: subject cannot be empty");
            }

            if (rows[i].Predicate.Length == 0)
            {
                throw ApiErrorException.InvalidInput($"Triple [{i}]: predicate cannot be empty");
            }
        }

        return rows;
    }

    private static async Task List(RequestContext ctx, ServerState state)
    {
        ctx.KnownQueryFields("subject", "predicate", "object", "limit", "offset");
        var subject = ctx.Query("subject");
        var predicate = ctx.Query("predicate");
        _ = ctx.Query("object"); // parsed and then ignored, as in Cortex
        var limit = ctx.QueryCount("limit") ?? 100;
        var offset = ctx.QueryCount("offset") ?? 0;

        var matches = ctx.JwtNamespace is null ? state.Store.Find(subject, predicate, null) : new List<StoredTriple>();
        await Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("triples");
            var written = 0;
            foreach (var triple in matches.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)Math.Min(limit, int.MaxValue)))
            {
                WireFormat.WriteTriple(w, triple);
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteNumber("total", matches.Count);
            w.WriteNumber("limit", limit);
            w.WriteNumber("offset", offset);
            w.WriteEndObject();
        });
    }

    private static async Task Get(RequestContext ctx, ServerState state)
    {
        var id = ParseId(ctx.Route["id"]);
        var triple = state.Store.Get(id) ?? throw ApiErrorException.NotFound(id.ToHex());
        await Respond.Json(ctx.Http, 200, w => WireFormat.WriteTriple(w, triple));
    }

    private static async Task Delete(RequestContext ctx, ServerState state)
    {
        var id = ParseId(ctx.Route["id"]);
        state.Cluster.EnsureLeaderForSingleWrite(ctx);
        if (ctx.JwtNamespace is { } ns && state.Store.Get(id) is { } existing)
        {
            // Cortex checks the bracketed display form, which never starts with "ns:": every existing triple is 403.
            throw ApiErrorException.Forbidden($"Subject \"{WireFormat.Bracket(existing.Subject)}\" is not in namespace \"{ns}\"");
        }

        var existingSubject = state.Store.Get(id)?.Subject;
        var deleted = state.Store.Delete(id);
        if (deleted)
        {
            state.Record(new Dag.TripleDeletePayload(new[] { id }, new[] { WireFormat.Bracket(existingSubject!) }));
        }
        if (state.Cluster.Role == ClusterRole.Leader)
        {
            // Through Raft there is no existence check: 204 even for an unknown id.
            state.Cluster.Replicate(replica => replica.Delete(id));
        }
        else if (!deleted)
        {
            throw ApiErrorException.NotFound(id.ToHex());
        }

        ctx.Http.Response.StatusCode = 204;
    }

    private static TripleId ParseId(string text) =>
        TripleId.TryParse(text, out var id) ? id : throw ApiErrorException.InvalidInput("Invalid triple ID: " + text);
}
