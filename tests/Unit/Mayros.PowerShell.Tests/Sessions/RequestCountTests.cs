using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>The request counts the README promises, counted at the server.</summary>
public sealed class RequestCountTests : HostedTest
{
    public RequestCountTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void EachCmdletMakesTheRequestsTheReadmeSays()
    {
        Seed("s", 50);
        SetRecord("s", "status", "active");

        // Every command that writes first asks which node leads (one GET /api/v1/cluster/status), then: the record,
        // the events, the checkpoint.
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();
        Assert.Equal((4, 1), Traffic());

        // Fork: the leader, 3 reads, the intent, its re-read, 1 event request, the source's new status and the old one's delete, the fork's status.
        Run("New-MayrosFork -Session s -Name f").ShouldSucceed();
        Assert.Equal((10, 5), Traffic());

        // Rewind: the leader, 2 reads, 1 marker request, the record, and the deletes of the old status.
        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal((6, 3), Traffic());

        // Again, nothing to do: the leader, the events, the record and its log (which the first rewind began).
        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal((4, 0), Traffic());

        // Seven predicate listings: no fork was taken from the past, so there is no fork checkpoint to list.
        Run("Get-MayrosFork").ShouldSucceed();
        Assert.Equal((7, 0), Traffic());

        Run("Get-MayrosFork -Recurse").ShouldSucceed();
        Assert.Equal((7, 0), Traffic());
    }

    [Fact]
    public void TheTimeTravelCmdletsMakeTheRequestsTheReadmeSays()
    {
        Seed("s", 50);
        SetRecord("s", "status", "active");

        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        Assert.Equal((4, 1), Traffic());

        Run("Get-MayrosCheckpoint -Session s").ShouldSucceed();
        Assert.Equal((1, 0), Traffic());

        Run("Get-MayrosCheckpoint -Label base").ShouldSucceed();
        Assert.Equal((1, 0), Traffic());

        // As a fork of the present: the leader, 3 reads, the intent, its re-read, 1 event request, the source's status and its delete, the fork's status.
        Run("New-MayrosFork -Session s -Name f -Checkpoint base").ShouldSucceed();
        Assert.Equal((10, 5), Traffic());

        Run("New-MayrosFork -Session s -Name g -At $args[0]", CortexFixture.Iso(Start.AddSeconds(20))).ShouldSucceed();
        Assert.Equal((8, 3), Traffic()); // the same, but the source is already "forked": no status to change

        // A fork from the past has a forkPoint, so the forks' checkpoints are listed too (f's is shown).
        var forks = Run("Get-MayrosFork");
        Assert.Equal((8, 0), Traffic());
        Assert.Equal("cp-", forks.Output.Select(o => o.Prop<string>("ForkCheckpoint")).Single(c => c != null)[..3]);

        // Rewind: the leader, 2 reads, 1 marker request, the record, and the delete of the old status.
        Run("Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal((6, 3), Traffic());

        // The events, the record and its log.
        Run("Get-MayrosSessionEvent -Session f -IncludeRewound").ShouldSucceed();
        Assert.Equal((3, 0), Traffic());

        // Both records (and f's log), the events, and the two ancestry listings.
        Run("Compare-MayrosSession -ReferenceSession s -DifferenceSession f").ShouldSucceed();
        Assert.Equal((6, 0), Traffic());

        // Undo: the leader, 3 reads (events, record, log), the intent, 1 event request, the record, and the deletes of the status and rewind point it
        // replaces.
        Run("Undo-MayrosRewind -Session f -Confirm:$false").ShouldSucceed();
        Assert.Equal((9, 5), Traffic());

        // To a checkpoint found by id alone: the leader, the checkpoint listing, 2 reads, the record and the old status's delete (nothing to hide).
        var id = Run("(Get-MayrosCheckpoint -Session s -Label base).Id").Output.Single().ToString();
        Traffic();
        Run("Invoke-MayrosRewind -Checkpoint $args[0] -Confirm:$false", id).ShouldSucceed();
        Assert.Equal((6, 2), Traffic());
    }
}
