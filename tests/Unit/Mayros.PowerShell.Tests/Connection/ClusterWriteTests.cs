using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>
/// Where writes land in a cluster. Cortex keeps batch and event writes on the node that receives them (they are not
/// Raft writes), so a write sent to a follower looks done and is not on the leader. Whatever the nodes given, the
/// module must find the leader first and write there, and refuse to write when no node knows the leader.
/// </summary>
public sealed class ClusterWriteTests : IClassFixture<LocalCluster>, IDisposable
{
    private readonly LocalCluster _cluster;
    private readonly MayrosShell _shell = new();
    private readonly string _ns = CortexFixture.NewNamespace();

    public ClusterWriteTests(LocalCluster cluster)
    {
        _cluster = cluster;
        _shell.Run("$PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[0]", _ns).ShouldSucceed();
    }

    [Theory]
    [InlineData("the follower alone")]
    [InlineData("the follower first, in one string")]
    [InlineData("the follower first, in an array")]
    public async Task EveryWritingCommandWritesOnTheLeaderAndNothingOnTheFollower(string given)
    {
        await SeedOnLeader("s", 20);
        await PostToLeader("/api/v1/triples/batch", Triples(("half", "forkedFrom", "s"), ("half", "parentSession", "s"), ("half", "forkedAt", "2026-03-01T12:00:00.000Z")));
        var follower = $"127.0.0.1:{_cluster.Follower.Port}";
        var leader = $"127.0.0.1:{_cluster.Leader.Port}";
        var hosts = given switch
        {
            "the follower alone" => $"'{follower}'",
            "the follower first, in one string" => $"'{follower},{leader}'",
            _ => $"'{follower}', '{leader}'",
        };
        var followerWritesBefore = FollowerWrites();

        var result = _shell.Run($"""
            $PSDefaultParameterValues['*-Mayros*:CortexHost'] = @({hosts})
            New-MayrosCheckpoint -Session s -Label base
            New-MayrosFork -Session s -Name f
            Invoke-MayrosRewind -Session f -To 2026-03-01T10:00:09Z -Confirm:$false
            Undo-MayrosRewind -Session f -Confirm:$false
            New-MayrosFork -Session s -Name half
            New-MayrosFork -Session s -Name g -Checkpoint base
            Get-MayrosSessionEvent -Session f | Measure-Object | ForEach-Object Count
            """);

        result.ShouldSucceed();
        Assert.Equal(20, result.Output[result.Output.Count - 1].BaseObject);
        Assert.Equal(followerWritesBefore, FollowerWrites()); // no batch, event, create or delete ever reached the follower

        // Everything is on the leader: the checkpoint, the three forks' events, the rewind's markers and the undo's copies.
        Assert.Single(LeaderValues("s", "checkpoint"));
        foreach (var fork in new[] { "f", "half", "g" })
        {
            Assert.Equal(new[] { "active" }, LeaderValues(fork, "status"));
            Assert.True(_cluster.Leader.Store.Find(null, $"{_ns}:event:session", null).Count(t => t.Object.Text == $"{_ns}:session:{fork}") >= 20, fork);
        }

        Assert.Equal(10, _cluster.Leader.Store.Find(null, $"{_ns}:event:rewound", null).Count);
        Assert.Equal(10, _cluster.Leader.Store.Find(null, $"{_ns}:event:restoredFrom", null).Count);

        // What the follower holds of this namespace came from the leader through "Raft" (single creates only).
        var onFollower = _cluster.Follower.Store.Find(null, null, null).Where(t => t.Subject.StartsWith(_ns + ":", StringComparison.Ordinal)).ToList();
        Assert.All(onFollower, t => Assert.NotEmpty(_cluster.Leader.Store.Find(t.Subject, t.Predicate, t.Object)));
        Assert.DoesNotContain(onFollower, t => t.Subject.StartsWith(_ns + ":event:", StringComparison.Ordinal));
    }

    [Fact]
    public void AWriteIsRefusedWhenNoNodeKnowsTheLeaderAndNothingIsWritten()
    {
        var orphan = $"127.0.0.1:{_cluster.Orphan.Port}";
        var writesBefore = _cluster.Orphan.Requests.Snapshot().Count(r => r.Method is "POST" or "DELETE");

        var result = _shell.Run($"New-MayrosCheckpoint -Session s -CortexHost '{orphan}'");

        var error = result.Error();
        Assert.Equal("CortexLeaderUnknown,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("with no leader known", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Equal(writesBefore, _cluster.Orphan.Requests.Snapshot().Count(r => r.Method is "POST" or "DELETE"));
    }

    [Theory]
    [InlineData("refused", "one string")]
    [InlineData("refused", "an array")]
    [InlineData("reset", "one string")]
    [InlineData("reset", "an array")]
    public async Task BothSpellingsOfAnEndpointListFailOverToTheNextNode(string failure, string spelling)
    {
        await SeedOnLeader("s", 5);
        await using var dropping = await FaultProxy.StartAsync(_cluster.Leader.BaseAddress);
        dropping.Plan = _ => Fault.Drop;
        var dead = failure == "refused" ? $"127.0.0.1:{EnvironmentScope.FreePort()}" : $"127.0.0.1:{dropping.Port}";
        var leader = $"127.0.0.1:{_cluster.Leader.Port}";
        var hosts = spelling == "one string" ? $"'{dead},{leader}'" : $"'{dead}', '{leader}'";

        var result = _shell.Run($"""
            New-MayrosCheckpoint -Session s -CortexHost {hosts}
            Get-MayrosFork -Session s -CortexHost {hosts}
            """);

        result.ShouldSucceed();
        Assert.Equal(5, result.Output[0].Prop<int>("EventCount"));
        Assert.Equal("s", result.Output[1].Prop<string>("SessionKey"));
        Assert.Single(LeaderValues("s", "checkpoint"));
        if (failure == "reset")
        {
            Assert.NotEmpty(dropping.Seen); // the dead node was tried, and dropped the connection
        }
    }

    public void Dispose() => _shell.Dispose();

    private int FollowerWrites() => _cluster.Follower.Requests.Snapshot().Count(r => r.Method is "POST" or "DELETE");

    private System.Collections.Generic.List<string> LeaderValues(string session, string field) =>
        _cluster.Leader.Store.Find($"{_ns}:session:{session}", $"{_ns}:session:{field}", null).Select(t => t.Object.Text!).ToList();

    private async Task SeedOnLeader(string session, int count)
    {
        var events = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"e{i}-{session}\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"2026-03-01T10:00:{i:D2}.000Z\",\"session\":\"{session}\"}}"));
        await PostToLeader("/api/v1/events", $"{{\"namespace\":\"{_ns}\",\"events\":[{events}]}}");
    }

    private string Triples(params (string Session, string Field, string Value)[] rows) =>
        "{\"triples\":[" + string.Join(",",
            rows.Select(r => $"{{\"subject\":\"{_ns}:session:{r.Session}\",\"predicate\":\"{_ns}:session:{r.Field}\",\"object\":\"{r.Value}\"}}")) + "]}";

    private async Task PostToLeader(string path, string json)
    {
        using var http = new HttpClient { BaseAddress = _cluster.Leader.BaseAddress };
        using var posted = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
    }
}
