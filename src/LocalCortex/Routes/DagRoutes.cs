using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using LocalCortex.Dag;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex.Routes;

/// <summary>
/// /api/v1/dag: the read routes of Cortex's DAG (src/rest/dag.rs, src/service/dag.rs; docs/CORTEX-DAG.md), and
/// custom actions. Mapped only when the server keeps a DAG, as Cortex merges them only with its dag feature.
/// </summary>
internal static class DagRoutes
{
    /// <summary>service::dag::DEFAULT_HISTORY_LIMIT.</summary>
    public const int DefaultLimit = 50;

    public static void Map(Router router, ServerState state, DagStore dag)
    {
        router.Add("GET", "/api/v1/dag/tips", ctx => Tips(ctx, dag));
        router.Add("GET", "/api/v1/dag/action/{hash}", ctx => Action(ctx, dag));
        router.Add("GET", "/api/v1/dag/history", ctx => History(ctx, dag));
        router.Add("GET", "/api/v1/dag/chain", ctx => Chain(ctx, dag));
        router.Add("GET", "/api/v1/dag/stats", ctx => Stats(ctx, dag));
        router.Add("GET", "/api/v1/dag/verify/{hash}", ctx => Verify(ctx, dag));
        router.Add("GET", "/api/v1/dag/at/{hash}", ctx => At(ctx, dag));
        router.Add("GET", "/api/v1/dag/diff", ctx => Diff(ctx, dag));
        router.Add("POST", "/api/v1/dag/sync", ctx => Sync(ctx, dag));
        router.Add("POST", "/api/v1/dag/actions", ctx => CreateAction(ctx, state, dag));
    }

    private static Task Tips(RequestContext ctx, DagStore dag)
    {
        var tips = dag.Tips();
        return Respond.Json(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("tips");
            tips.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteNumber("count", tips.Count);
            w.WriteEndObject();
        });
    }

    private static Task Action(RequestContext ctx, DagStore dag)
    {
        var action = Find(dag, ctx.Route["hash"], "Invalid DAG action hash: ");
        return Respond.Json(ctx.Http, 200, w => DagDto.Write(w, action, dag.Signer));
    }

    private static Task History(RequestContext ctx, DagStore dag)
    {
        var limit = Limit(ctx);
        List<DagAction> actions;
        if (ctx.Query("subject") is { } subject)
        {
            actions = dag.HistoryBySubject(subject, limit);
        }
        else if (ctx.Query("triple_id") is { } tripleId)
        {
            actions = TripleId.TryParse(tripleId, out var id) && tripleId.Length == 64
                ? dag.HistoryByTriple(id, limit)
                : throw ApiErrorException.InvalidInput("triple_id must be 64 valid hex chars");
        }
        else
        {
            throw ApiErrorException.InvalidInput("Either 'subject' or 'triple_id' query parameter is required");
        }

        return List(ctx, actions);
    }

    private static Task Chain(RequestContext ctx, DagStore dag)
    {
        var author = ctx.Query("author") ?? throw RejectionException.BadQuery("missing field `author`");
        return List(ctx, dag.Chain(author, Limit(ctx)));
    }

    private static Task Stats(RequestContext ctx, DagStore dag) => Respond.Json(ctx.Http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("action_count", dag.Count);
        w.WriteNumber("tip_count", dag.Tips().Count);
        w.WriteString("signing_public_key", dag.Signer.PublicKeyHex);
        w.WriteEndObject();
    });

    private static Task Verify(RequestContext ctx, DagStore dag)
    {
        var hash = ctx.Route["hash"];
        if (!IsHash(hash))
        {
            throw ApiErrorException.InvalidInput("Invalid hash: " + hash);
        }

        var key = ctx.Query("public_key") ?? throw RejectionException.BadQuery("missing field `public_key`");
        if (!IsHash(key))
        {
            throw ApiErrorException.InvalidInput("public_key must be 64 valid hex chars");
        }

        var action = dag.Get(hash.ToLowerInvariant()) ?? throw ApiErrorException.NotFoundText($"DAG action {hash} not found");
        var computed = action.ComputeHash();
        var (valid, detail) = action.Signature switch
        {
            null => (false, "Action has no signature"),
            { Length: not 64 } s => (false, $"Invalid signature length: {s.Length}"),
            { } s => DagSigner.Verify(Convert.FromHexString(key), computed, s)
                ? (true, "Signature valid")
                : (false, "Signature verification failed"),
        };
        return Respond.Json(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", valid);
            w.WriteString("public_key", key.ToLowerInvariant());
            w.WriteString("action_hash", DagAction.Hex(computed));
            w.WriteString("detail", detail);
            w.WriteEndObject();
        });
    }

    /// <summary>The graph replayed from genesis to the action: every triple then, bracketed as the graph prints them.</summary>
    private static Task At(RequestContext ctx, DagStore dag)
    {
        var target = Find(dag, ctx.Route["hash"], "Invalid DAG action hash: ");
        var replayed = dag.Ancestry(target.Key!);
        var graph = new Dictionary<TripleId, TripleInput>();
        foreach (var action in replayed)
        {
            action.Payload.Replay(graph);
        }

        return Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteString("target_hash", DagAction.Hex(target.ComputeHash()));
            w.WriteString("target_timestamp", target.TimestampText);
            w.WriteNumber("actions_replayed", replayed.Count);
            w.WriteNumber("triple_count", graph.Count);
            w.WriteStartArray("triples");
            var written = 0;
            foreach (var triple in graph.Values)
            {
                w.WriteStartObject();
                w.WriteString("subject", WireFormat.Bracket(triple.Subject));
                w.WriteString("predicate", WireFormat.Bracket(triple.Predicate));
                w.WritePropertyName("object");
                WireFormat.WriteValue(w, triple.Object);
                w.WriteEndObject();
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static Task Diff(RequestContext ctx, DagStore dag)
    {
        var from = ctx.Query("from") ?? throw RejectionException.BadQuery("missing field `from`");
        var to = ctx.Query("to") ?? throw RejectionException.BadQuery("missing field `to`");
        if (!IsHash(from))
        {
            throw ApiErrorException.InvalidInput("Invalid 'from' hash: " + from);
        }

        if (!IsHash(to))
        {
            throw ApiErrorException.InvalidInput("Invalid 'to' hash: " + to);
        }

        var before = new HashSet<string>(dag.Ancestry(from.ToLowerInvariant()).Select(a => a.Key!), StringComparer.Ordinal);
        var actions = dag.Ancestry(to.ToLowerInvariant()).Where(a => !before.Contains(a.Key!)).ToList();
        return Respond.Json(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("from", from);
            w.WriteString("to", to);
            w.WriteNumber("action_count", actions.Count);
            w.WriteStartArray("actions");
            actions.ForEach(a => DagDto.Write(w, a, null));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>POST /api/v1/dag/sync with "want": the actions asked for, whole, as serde writes a DagAction.</summary>
    private static async Task Sync(RequestContext ctx, DagStore dag)
    {
        var body = await ctx.ReadJsonAsync();
        JsonShape.RequireObject(body, "SyncRequest");
        var want = new List<string>();
        if (body.TryGetProperty("want", out var wanted) && wanted.ValueKind == JsonValueKind.Array)
        {
            foreach (var hash in wanted.EnumerateArray())
            {
                want.Add(DagAction.Hex(ReadHashBytes(hash)));
            }
        }

        var actions = want.Count > 0
            ? want.Select(dag.Get).Where(a => a is not null).Select(a => a!).ToList()
            : dag.All();
        await Respond.JsonStream(ctx.Http, 200, async (w, flush) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("actions");
            var written = 0;
            foreach (var action in actions)
            {
                w.WriteRawValue(DagDto.Serde(action), skipInputValidation: true);
                await flush(++written);
            }

            w.WriteEndArray();
            w.WriteStartArray("remote_tips");
            foreach (var tip in dag.Tips())
            {
                w.WriteRawValue(HashArray(tip), skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteNumber("action_count", actions.Count);
            w.WriteEndObject();
        });
    }

    private static async Task CreateAction(RequestContext ctx, ServerState state, DagStore dag)
    {
        var body = await ctx.ReadJsonAsync();
        JsonShape.RequireObject(body, "CreateDagActionRequest");
        var type = JsonShape.RequiredString(body, "payload_type", string.Empty);
        var summary = JsonShape.RequiredString(body, "payload_summary", string.Empty);
        if (type.Length == 0)
        {
            throw ApiErrorException.InvalidInput("payload_type cannot be empty");
        }

        string? payload = null;
        if (body.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            var sb = new StringBuilder();
            SerdeJson.Element(sb, p);
            payload = sb.ToString();
        }

        var subject = body.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var author = body.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var sign = !(body.TryGetProperty("sign", out var g) && g.ValueKind == JsonValueKind.False);
        _ = state;
        var hash = dag.Record(new CustomPayload(type, summary, payload, subject), author, sign);
        var action = dag.Get(hash)!;
        await Respond.Json(ctx.Http, 201, w =>
        {
            w.WriteStartObject();
            w.WriteString("hash", hash);
            w.WriteNumber("seq", action.Seq);
            w.WriteString("timestamp", action.TimestampText);
            w.WriteBoolean("signed", action.Signature is not null);
            w.WriteEndObject();
        });
    }

    private static Task List(RequestContext ctx, List<DagAction> actions) => Respond.Json(ctx.Http, 200, w =>
    {
        w.WriteStartArray();
        actions.ForEach(a => DagDto.Write(w, a, null));
        w.WriteEndArray();
    });

    private static DagAction Find(DagStore dag, string hash, string invalid) =>
        !IsHash(hash)
            ? throw ApiErrorException.InvalidInput(invalid + hash)
            : dag.Get(hash.ToLowerInvariant()) ?? throw ApiErrorException.NotFoundText($"DAG action {hash} not found");

    private static int Limit(RequestContext ctx) => (int)Math.Min(ctx.QueryCount("limit") ?? DefaultLimit, int.MaxValue);

    private static bool IsHash(string text) => text.Length == 64 && text.All(Uri.IsHexDigit);

    private static byte[] ReadHashBytes(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 32)
        {
            throw RejectionException.WrongShape("want: invalid type, expected an array of length 32");
        }

        return element.EnumerateArray().Select(b => b.TryGetByte(out var v)
            ? v
            : throw RejectionException.WrongShape("want: invalid value, expected u8")).ToArray();
    }

    private static string HashArray(string hex)
    {
        var sb = new StringBuilder();
        SerdeJson.ByteArray(sb, Convert.FromHexString(hex));
        return sb.ToString();
    }
}
