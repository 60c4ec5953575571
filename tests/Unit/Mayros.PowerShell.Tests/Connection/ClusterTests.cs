using System;
using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>The cmdlets against a Cortex leader and follower on loopback, given both nodes.</summary>
public sealed class ClusterTests : IClassFixture<LocalCluster>, IDisposable
{
    private readonly LocalCluster _cluster;
    private readonly MayrosShell _shell = new();
    private readonly string _ns = CortexFixture.NewNamespace();

    public ClusterTests(LocalCluster cluster)
    {
        _cluster = cluster;
        _shell.Run(
            "$PSDefaultParameterValues['*-Mayros*:CortexHost'] = $args[0]; $PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[1]",
            new[] { $"127.0.0.1:{cluster.Follower.Port}", $"127.0.0.1:{cluster.Leader.Port}" },
            _ns).ShouldSucceed();
    }

    [Fact]
    public async System.Threading.Tasks.Task AForkGivenBothNodesFindsTheLeaderAndKeepsEverythingThere()
    {
        using var leader = new System.Net.Http.HttpClient { BaseAddress = _cluster.Leader.BaseAddress };
        var events = string.Join(",", Enumerable.Range(0, 50).Select(i =>
            $"{{\"id\":\"e{i}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"2026-03-01T10:00:{i:D2}.000Z\",\"session\":\"s\"}}"));
        using (var posted = await leader.PostAsync("/api/v1/events", new System.Net.Http.StringContent($"{{\"namespace\":\"{_ns}\",\"events\":[{events}]}}",
            System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(posted.IsSuccessStatusCode);
        }

        var fork = _shell.Run("New-MayrosFork -Session s -Name f -Verbose");

        fork.ShouldSucceed();
        Assert.Equal(50, fork.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Contains(fork.Verbose, v => v.Contains($"the leader is http://127.0.0.1:{_cluster.Leader.Port}", StringComparison.Ordinal));
        Assert.Equal(50, _cluster.Leader.Store.Find(null, $"{_ns}:event:session", null).Count(t => t.Object.Text == $"{_ns}:session:f"));
        Assert.DoesNotContain(_cluster.Follower.Requests.Snapshot(), r => r.Method == "POST");
        var sessions = _shell.Run("Get-MayrosFork").All("MayrosSession").ToDictionary(s => s.Prop<string>("SessionKey"));
        Assert.Equal("active", sessions["f"].Prop<string>("Status"));
        Assert.Equal("forked", sessions["s"].Prop<string>("Status"));
        Assert.Equal(50, _shell.Run("Invoke-MayrosRewind -Session f -To 2026-03-01T10:00:00Z -Confirm:$false").Single("MayrosRewindResult").Prop<int>("EventsRemoved") + 1);
    }

    public void Dispose() => _shell.Dispose();
}
