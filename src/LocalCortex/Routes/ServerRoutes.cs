using System.Threading.Tasks;
using LocalCortex.Http;

namespace LocalCortex.Routes;

/// <summary>/api/v1/health, /stats, /flush and the cluster status routes (§8, §9).</summary>
internal static class ServerRoutes
{
    public const string CortexVersion = "0.9.1";

    public static void Map(Router router, ServerState state)
    {
        router.Add("GET", "/api/v1/health", ctx => Health(ctx, state));
        router.Add("GET", "/api/v1/stats", ctx => Stats(ctx, state));
        router.Add("POST", "/api/v1/flush", ctx => Flush(ctx, state));
        router.Add("GET", "/api/v1/cluster/status", ctx => ClusterStatus(ctx, state));
        router.Add("GET", "/api/v1/cluster/members", ctx => Respond.Json(ctx.Http, 200, w => WriteMembers(w, state)));
    }

    private static Task Health(RequestContext ctx, ServerState state) => Respond.Json(ctx.Http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "healthy");
        w.WriteStartObject("components");
        w.WriteStartObject("graph");
        w.WriteString("status", "healthy");
        w.WriteString("message", $"{state.Store.Count + state.UnreadableTriples} triples");
        w.WriteEndObject();
        w.WriteStartObject("logic");
        w.WriteString("status", "healthy");
        w.WriteString("message", "0 rules evaluated");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static Task Stats(RequestContext ctx, ServerState state) => Respond.Json(ctx.Http, 200, w =>
    {
        var (triples, subjects, predicates, objects) = state.Store.Stats();
        w.WriteStartObject();
        w.WriteStartObject("graph");
        w.WriteNumber("triple_count", triples + state.UnreadableTriples);
        w.WriteNumber("subject_count", subjects);
        w.WriteNumber("predicate_count", predicates);
        w.WriteNumber("object_count", objects);
        w.WriteEndObject();
        w.WriteStartObject("server");
        w.WriteNumber("connected_clients", 0);
        w.WriteNumber("uptime_seconds", 0); // always 0 in Cortex (a TODO there)
        w.WriteString("version", CortexVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static Task Flush(RequestContext ctx, ServerState state)
    {
        state.Store.Flush();
        return Respond.Json(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", true);
            w.WriteEndObject();
        });
    }

    private static Task ClusterStatus(RequestContext ctx, ServerState state) => Respond.Json(ctx.Http, 200, w =>
    {
        var cluster = state.Cluster;
        w.WriteStartObject();
        w.WriteNumber("node_id", cluster.NodeId);
        w.WriteString("role", cluster.Role switch
        {
            ClusterRole.Leader => "Leader",
            ClusterRole.Follower => "Follower",
            _ => "standalone",
        });
        w.WriteNumber("term", cluster.Role == ClusterRole.Standalone ? 0 : 1);
        if (cluster.Role == ClusterRole.Standalone || cluster.LeaderAddress is null)
        {
            w.WriteNull("leader_id");
            w.WriteNull("leader_addr");
        }
        else
        {
            w.WriteNumber("leader_id", cluster.Role == ClusterRole.Leader ? cluster.NodeId : 1);
            w.WriteString("leader_addr", cluster.LeaderAddress);
        }

        w.WritePropertyName("members");
        WriteMembers(w, state);
        w.WriteNumber("wal_last_seq", 0);
        w.WriteNumber("last_applied", 0);
        w.WriteNumber("commit_index", 0);
        w.WriteEndObject();
    });

    private static void WriteMembers(System.Text.Json.Utf8JsonWriter w, ServerState state)
    {
        var cluster = state.Cluster;
        w.WriteStartArray();
        if (cluster.Role != ClusterRole.Standalone && cluster.AdvertisedAddress is not null)
        {
            w.WriteStartObject();
            w.WriteNumber("node_id", cluster.NodeId);
            w.WriteString("rest_addr", cluster.AdvertisedAddress);
            w.WriteString("role", cluster.Role == ClusterRole.Leader ? "leader" : "follower");
            w.WriteString("last_heartbeat", "N/A");
            w.WriteNumber("replication_lag", 0);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
