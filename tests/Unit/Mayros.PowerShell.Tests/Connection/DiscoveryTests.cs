using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>
/// Leader discovery when a node hangs: the nodes are asked at once, each within a short discovery timeout (5 s), so a
/// node that answers /health but stalls on /api/v1/cluster/status costs at most that, never the command's -TimeoutSec.
/// </summary>
public sealed class DiscoveryTests : IClassFixture<LocalCluster>, IDisposable
{
    private readonly LocalCluster _cluster;
    private readonly MayrosShell _shell = new();
    private readonly string _ns = CortexFixture.NewNamespace();

    public DiscoveryTests(LocalCluster cluster)
    {
        _cluster = cluster;
        _shell.Run("$PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[0]", _ns).ShouldSucceed();
    }

    [Fact]
    public async Task AWriteGivenAHangingNodeFirstUsesTheLeaderTheOtherNodeNamesWithoutWaitingForIt()
    {
        await SeedOnLeader("s", 5);
        await using var hanging = await FaultProxy.StartAsync(_cluster.Follower.BaseAddress);
        hanging.Plan = r => r.PathAndQuery == "/api/v1/cluster/status" ? Fault.Stall(TimeSpan.FromMinutes(2)) : Fault.None;
        var watch = Stopwatch.StartNew();

        var result = _shell.Run($"New-MayrosCheckpoint -Session s -CortexHost '127.0.0.1:{hanging.Port}', '127.0.0.1:{_cluster.Follower.Port}' -TimeoutSec 60 -Verbose");

        watch.Stop();
        result.ShouldSucceed();
        Assert.Equal(5, result.Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Contains(result.Verbose, v => v.Contains($"127.0.0.1:{hanging.Port} had not answered; not waited for", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, v => v.Contains($"the leader is http://127.0.0.1:{_cluster.Leader.Port}", StringComparison.Ordinal));
        Assert.Single(_cluster.Leader.Store.Find($"{_ns}:session:s", $"{_ns}:session:checkpoint", null));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the command took {watch.Elapsed}, the whole -TimeoutSec");
    }

    [Fact]
    public async Task ConnectToANodeThatStallsOnClusterStatusGivesUpOnItAfterTheDiscoveryTimeout()
    {
        await using var hanging = await FaultProxy.StartAsync(_cluster.Leader.BaseAddress);
        hanging.Plan = r => r.PathAndQuery == "/api/v1/cluster/status" ? Fault.Stall(TimeSpan.FromMinutes(2)) : Fault.None;
        var watch = Stopwatch.StartNew();

        var result = _shell.Run($"Connect-MayrosCortex -CortexPort {hanging.Port} -TimeoutSec 60 -Verbose");

        watch.Stop();
        result.ShouldSucceed();
        Assert.Equal("healthy", result.Single("MayrosConnection").Prop<string>("Status"));
        Assert.Contains(result.Verbose, v => v.Contains($"no response from http://127.0.0.1:{hanging.Port}: no answer within 5 s", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Connect-MayrosCortex took {watch.Elapsed}; the discovery timeout is 5 s");
        _shell.Run("Get-MayrosConnection | Disconnect-MayrosCortex").ShouldSucceed();
    }

    public void Dispose() => _shell.Dispose();

    private async Task SeedOnLeader(string session, int count)
    {
        var events = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"e{i}-{session}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"2026-03-01T10:00:{i:D2}.000Z\",\"session\":\"{session}\"}}"));
        using var http = new HttpClient { BaseAddress = _cluster.Leader.BaseAddress };
        using var posted = await http.PostAsync("/api/v1/events", new StringContent($"{{\"namespace\":\"{_ns}\",\"events\":[{events}]}}", Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
    }
}
