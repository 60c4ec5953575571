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
