using System;
using System.Linq;
using LocalCortex;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class ClusterClientTests : IClassFixture<LocalCluster>
{
    private readonly LocalCluster _cluster;

    public ClusterClientTests(LocalCluster cluster) => _cluster = cluster;

    [Fact]
    public void AFollowers307IsReSentToTheLeaderAtTheSamePath()
    {
        // The client believes the follower leads (the leader changed since it asked, say): its single create is
        // answered 307, and goes to the leader at the same path.
        var transport = new CortexTransport(new CortexClientOptions(new[] { _cluster.Follower.BaseAddress }) { RetryDelay = TimeSpan.FromMilliseconds(10) });
        transport.ClusterFound(null, _cluster.Follower.BaseAddress);
        var log = new RecordingLog();
        var api = new CortexApi(transport, log, null, default);
        var row = new CortexTripleInput("ex:redirected-" + Guid.NewGuid().ToString("N"), "ex:p", CortexValue.String("v"));

        Assert.Equal(CreateOutcome.Created, api.CreateTriple(row));

        Assert.Contains(log.VerboseLines, l => l.Contains("-> 307 from follower",
            StringComparison.Ordinal) && l.Contains($"re-sending to leader http://127.0.0.1:{_cluster.Leader.Port}", StringComparison.Ordinal));
        Assert.Single(_cluster.Leader.Store.Find(row.Subject, null, null));
        Assert.Single(_cluster.Follower.Store.Find(row.Subject, null, null)); // replicated through "Raft"
        Assert.Contains(_cluster.Leader.Requests.Snapshot(), r => r.Method == "POST" && r.Path == "/api/v1/triples");
    }

    [Fact]
    public void WithSeveralEndpointsEverythingGoesToTheLeader()
    {
        var (api, log) = Client(_cluster.Follower, _cluster.Leader);
        var ns = "ns" + Guid.NewGuid().ToString("N")[..8];

        api.Write(api.PlanEvents(ns, new[] { new CortexEvent("e1", "t", "a", "2026-01-01T00:00:00.000Z", "s", null, null, new System.Collections.Generic.Dictionary<string,
            string>()) }));
        var events = api.ListEvents(ns, EventSelection.All).Events;

        Assert.Single(events);
        Assert.Contains(log.VerboseLines, l => l.Contains($"the leader is http://127.0.0.1:{_cluster.Leader.Port}", StringComparison.Ordinal));
        Assert.NotEmpty(_cluster.Leader.Store.Find($"{ns}:event:e1", null, null));
        Assert.Empty(_cluster.Follower.Store.Find($"{ns}:event:e1", null, null)); // events are not replicated
    }

    [Fact]
    public void ARefusedEndpointIsSkipped()
    {
        var dead = new Uri($"http://127.0.0.1:{FreePort()}");
        var options = new CortexClientOptions(new[] { dead, _cluster.Leader.BaseAddress }) { RetryDelay = TimeSpan.FromMilliseconds(10) };
        var log = new RecordingLog();
        var api = new CortexApi(new CortexTransport(options), log, null, default);

        Assert.Equal("healthy", api.GetHealth());
        // Discovery asks both at once: the dead node is either heard refusing or left behind once the leader answers.
        var authority = dead.GetLeftPart(UriPartial.Authority);
        Assert.Contains(
            log.VerboseLines,
            l => l.Contains("no response from " + authority, StringComparison.Ordinal) || l.Contains(authority + " had not answered", StringComparison.Ordinal));
    }

    [Fact]
    public void ANodeInAnElectionSendsTheClientToTheNextOne()
    {
        var (api, _) = Client(_cluster.Orphan, _cluster.Leader);

        Assert.Equal(CreateOutcome.Created, api.CreateTriple(new CortexTripleInput("ex:after-election-" + Guid.NewGuid().ToString("N"), "ex:p", CortexValue.String("v"))));
    }

    [Fact]
    public void NotLeaderLeaderUnknownIsRetriedThenReportedClearly()
    {
        var (api, log) = Client(_cluster.Orphan);

        var error = Assert.Throws<CortexApiException>(() => api.CreateTriple(new CortexTripleInput("ex:nowhere", "ex:p", CortexValue.String("v"))));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("Internal error: Not leader; leader unknown", error.ServerMessage);
        Assert.Equal(4, log.VerboseLines.Count(l => l.Contains("500 Internal Server Error INTERNAL_ERROR", StringComparison.Ordinal)));
    }

    [Fact]
    public void NoLeaderAnywhereIsAClearError()
    {
        var (api, _) = Client(_cluster.Orphan, _cluster.Orphan);

        var error = Assert.Throws<CortexLeaderUnknownException>(() => api.GetHealth());

        Assert.Contains("No leader was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("with no leader known", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWritingCommandKeepsToItsLeaderWhenAnotherCommandMovesTheSharedTransport()
    {
        var transport = new CortexTransport(new CortexClientOptions(new[] { _cluster.Follower.BaseAddress, _cluster.Leader.BaseAddress })
            { RetryDelay = TimeSpan.FromMilliseconds(10) });
        var writer = new CortexApi(transport, new RecordingLog(), null, findLeaderFirst: true, default);
        var ns = "ns" + Guid.NewGuid().ToString("N")[..8];
        writer.Write(writer.PlanEvents(ns, new[] { Event("e1") }));

        transport.ClusterFound(null, _cluster.Follower.BaseAddress); // another command on the same nodes failed and moved on
        writer.Write(writer.PlanEvents(ns, new[] { Event("e2") }));

        Assert.NotEmpty(_cluster.Leader.Store.Find($"{ns}:event:e2", null, null));
        Assert.Empty(_cluster.Follower.Store.Find($"{ns}:event:e2", null, null));
        Assert.Equal(_cluster.Leader.Port, writer.Server.Port);
    }

    [Theory]
    [InlineData("not leader")]
    [InlineData("dropped")]
    public async System.Threading.Tasks.Task AWriteRetriedAfterAFailureOnTheLeaderNeverGoesToTheFollower(string failure)
    {
        await using var leader = await FaultProxy.StartAsync(_cluster.Leader.BaseAddress);
        await using var follower = await FaultProxy.StartAsync(_cluster.Follower.BaseAddress);
        var eventWrites = 0;
        leader.Plan = r => Status(r, leader) ?? (r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal) && ++eventWrites == 1
            ? (failure == "dropped" ? Fault.Drop : Fault.Status(500, NotLeader))
            : Fault.None);
        follower.Plan = r => Status(r, leader) ?? Fault.None;
        var (writer, _) = Writer(follower, leader);
        var ns = "ns" + Guid.NewGuid().ToString("N")[..8];

        writer.Write(writer.PlanEvents(ns, new[] { Event("e1") }));

        Assert.Equal(2, eventWrites); // the one that failed, and its retry on the leader
        Assert.NotEmpty(_cluster.Leader.Store.Find($"{ns}:event:e1", null, null));
        Assert.DoesNotContain(follower.Seen, r => r.IsWrite);
    }

    [Fact]
    public async System.Threading.Tasks.Task AWriteToldNotLeaderAfterAnElectionAsksAgainAndWritesOnTheNewLeader()
    {
        // The leader steps down; once the election is over the cluster names the other node. The write goes there, not
        // four times to the node that stepped down.
        await using var old = await FaultProxy.StartAsync(_cluster.Leader.BaseAddress);
        await using var next = await FaultProxy.StartAsync(_cluster.Follower.BaseAddress);
        var elected = old;
        old.Plan = r => Status(r, elected) ?? (r.IsWrite && elected == next ? Fault.Status(500, NotLeader) : Fault.None);
        next.Plan = r => Status(r, elected) ?? Fault.None;
        old.Arrived += r =>
        {
            if (r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal))
            {
                elected = next;
            }
        };
        var (writer, log) = Writer(old, next);
        var ns = "ns" + Guid.NewGuid().ToString("N")[..8];

        writer.Write(writer.PlanEvents(ns, new[] { Event("e1") }));

        Assert.Single(old.Seen, r => r.IsWrite);
        Assert.NotEmpty(_cluster.Follower.Store.Find($"{ns}:event:e1", null, null));
        Assert.Empty(_cluster.Leader.Store.Find($"{ns}:event:e1", null, null));
        Assert.Equal(next.Port, writer.Server.Port);
        Assert.Contains(log.VerboseLines, l => l.Contains($"the leader is http://127.0.0.1:{next.Port}", StringComparison.Ordinal));
    }

    private const string NotLeader = "{\"error\":\"Internal error: Not leader; leader unknown\",\"code\":\"INTERNAL_ERROR\"}";

    /// <summary>The cluster status every node gives while <paramref name="leader"/> leads; null for any other request.</summary>
    private static Fault? Status(ProxiedRequest request, FaultProxy leader) => request.PathAndQuery.StartsWith("/api/v1/cluster/status", StringComparison.Ordinal)
        ? Fault.Status(200, $"{{\"node_id\":1,\"role\":\"Follower\",\"term\":2,\"leader_id\":1,\"leader_addr\":\"127.0.0.1:{leader.Port}\",\"members\":[]}}")
        : null;

    private static (CortexApi Api, RecordingLog Log) Writer(params FaultProxy[] nodes)
    {
        var options = new CortexClientOptions(nodes.Select(n => n.Address)) { RetryDelay = TimeSpan.FromMilliseconds(10) };
        var log = new RecordingLog();
        return (new CortexApi(new CortexTransport(options), log, null, findLeaderFirst: true, default), log);
    }

    private static CortexEvent Event(string id) =>
        new(id, "t", "a", "2026-01-01T00:00:00.000Z", "s", null, null, new System.Collections.Generic.Dictionary<string, string>());

    private static (CortexApi Api, RecordingLog Log) Client(params CortexServer[] nodes)
    {
        var options = new CortexClientOptions(nodes.Select(n => n.BaseAddress)) { RetryDelay = TimeSpan.FromMilliseconds(10) };
        var log = new RecordingLog();
        return (new CortexApi(new CortexTransport(options), log, null, default), log);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
