using System;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>Invoke-MayrosRewind -Checkpoint and New-MayrosFork -At / -Checkpoint: going back to, or branching from, a past point.</summary>
public sealed class PointInTimeTests : HostedTest
{
    public PointInTimeTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void RewindsToExactlyACheckpointsStateFoundByIdAlone()
    {
        var early = CortexFixture.Session("s", 10, Start);
        Cortex.AddEvents(Ns, early);
        var id = Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<string>("Id");

        // Later events, one of them at the very timestamp of the checkpoint's last event.
        Cortex.AddEvents(Ns, new[] { early[9] with { Id = "zz-same-time" } });
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 5, Start.AddMinutes(5), "late"));

        var result = Run("Invoke-MayrosRewind -Checkpoint $args[0] -Confirm:$false", id);

        result.ShouldSucceed();
        var rewind = result.Single("MayrosRewindResult");
        Assert.Equal("s", rewind.Prop<string>("SessionKey"));
        Assert.Equal(id, rewind.Prop<string>("RewoundToCheckpoint"));
        Assert.Equal(6, rewind.Prop<int>("EventsRemoved"));
        Assert.Equal(10, rewind.Prop<int>("EventsRetained"));
        Assert.Equal(Start.AddSeconds(9), rewind.Prop<DateTimeOffset>("RewindPoint"));
        var live = Run("Get-MayrosSessionEvent -Session s").All("MayrosSessionEvent").Select(e => e.Prop<string>("Id")).ToList();
        Assert.Equal(early.Select(e => e.Id), live);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ACheckpointPipesIntoARewindAndALabelNamesTheNewestCheckpoint()
    {
        Seed("s", 6);
        Run("New-MayrosCheckpoint -Session s -Label mark").ShouldSucceed();
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 4, Start.AddMinutes(1), "b"));
        Run("New-MayrosCheckpoint -Session s -Label mark").ShouldSucceed();
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 3, Start.AddMinutes(2), "c"));

        var byLabel = Run("Invoke-MayrosRewind -Session s -Checkpoint mark -WhatIf");
        Assert.Contains("3 events after", byLabel.HostText, StringComparison.Ordinal);
        Assert.Contains(byLabel.Warnings, w => w.Contains("2 checkpoints of session 's' have the label 'mark'", StringComparison.Ordinal));
        Assert.Equal(0, Traffic().Writes);

        // Newest first: back to the second "mark" (the last 3 events go), then to the first (4 more go).
        var piped = Run("Get-MayrosCheckpoint -Session s | Invoke-MayrosRewind -Confirm:$false");
        piped.ShouldSucceed();
        Assert.Equal(new[] { 3, 4 }, piped.All("MayrosRewindResult").Select(r => r.Prop<int>("EventsRemoved")));
        Assert.Equal(6, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void ACheckpointThatCannotBeFoundOrReachedIsAClearErrorAndWritesNothing()
    {
        Seed("s", 8);
        Run("New-MayrosCheckpoint -Session s -Label all").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(3))).ShouldSucceed();
        Traffic();

        var missing = Run("Invoke-MayrosRewind -Session s -Checkpoint cp-000000000000 -Confirm:$false");
        AssertError(missing, "CheckpointNotFound", "InvokeMayrosRewindCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("Get-MayrosCheckpoint", missing.Error().ErrorDetails?.RecommendedAction ?? missing.Error().Exception.Message, StringComparison.Ordinal);

        // The checkpoint's last event is hidden now: hiding more cannot bring it back.
        var hidden = Run("Invoke-MayrosRewind -Session s -Checkpoint all -Confirm:$false");
        AssertError(hidden, "CheckpointUnreachable", "InvokeMayrosRewindCommand", ErrorCategory.InvalidOperation);
        Assert.Contains("Undo-MayrosRewind", hidden.Error().ErrorDetails?.RecommendedAction ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);

        // After an undo, the restored copy stands in for it.
        Run("Undo-MayrosRewind -Session s -Confirm:$false").ShouldSucceed();
        var back = Run("Invoke-MayrosRewind -Session s -Checkpoint all -Confirm:$false");
        back.ShouldSucceed();
        Assert.Equal(0, back.Single("MayrosRewindResult").Prop<int>("EventsRemoved"));
        Assert.Equal(8, back.Single("MayrosRewindResult").Prop<int>("EventsRetained"));
    }

    [Fact]
    public void ACheckpointTheCliWroteWithoutAStoredLastEventFallsBackToItsMoment()
    {
        Seed("cli", 10);
        SetRecord("cli", "checkpoint",
            "{\"sessionKey\":\"cli\",\"timestamp\":\"" + CortexFixture.Iso(Start.AddSeconds(4)) + "\",\"eventCount\":5,\"lastEventId\":\"buffer-only-id\"}");
        var id = Run("Get-MayrosCheckpoint -Session cli").Single("MayrosCheckpoint").Prop<string>("Id");

        var result = Run("Invoke-MayrosRewind -Session cli -Checkpoint $args[0] -Confirm:$false", id);

        result.ShouldSucceed();
        Assert.Equal(5, result.Single("MayrosRewindResult").Prop<int>("EventsRetained"));
        Assert.Contains(result.Warnings, w => w.Contains("'buffer-only-id', which is not stored", StringComparison.Ordinal));
    }

    [Fact]
    public void ForksFromAMomentOrACheckpointCopyOnlyTheEventsUpToIt()
    {
        Seed("s", 10);
        var checkpoint = Run("New-MayrosCheckpoint -Session s -Label base").Single("MayrosCheckpoint");
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 5, Start.AddMinutes(1), "late"));

        var atMoment = Run("New-MayrosFork -Session s -Name at4 -At $args[0]", CortexFixture.Iso(Start.AddSeconds(4))).Single("MayrosForkResult");
        var fromCheckpoint = Run("$args[0] | New-MayrosFork -Name from-base", checkpoint.BaseObject).Single("MayrosForkResult");

        Assert.Equal(5, atMoment.Prop<int>("EventsCopied"));
        Assert.Equal(Start.AddSeconds(4), atMoment.Prop<DateTimeOffset>("ForkPoint"));
        Assert.Equal(10, fromCheckpoint.Prop<int>("EventsCopied"));
        Assert.Equal(checkpoint.Prop<string>("Id"), fromCheckpoint.Prop<string>("ForkedFromCheckpoint"));
        Assert.Equal(new[] { CortexFixture.Iso(Start.AddSeconds(4)) }, Record("at4", "forkPoint"));
        Assert.Equal(new[] { checkpoint.Prop<string>("Id") }, Record("from-base", "forkCheckpoint"));
        Assert.Equal(15, EventsOf("s").Count); // the source keeps everything
        Assert.Equal(5, EventsOf("at4").Count);

        var listed = Run("Get-MayrosFork -Session s").All("MayrosSession").ToDictionary(x => x.Prop<string>("SessionKey"));
        Assert.Equal(Start.AddSeconds(4), listed["at4"].Prop<DateTimeOffset>("ForkPoint"));
        Assert.Null(listed["s"].Prop("ForkPoint"));
    }

    [Fact]
    public void AForkFromACheckpointCopiesTheSessionAsItWasThenWhateverRewindsAndUndosCameSince()
    {
        Seed("s", 10);
        var checkpoint = Run("New-MayrosCheckpoint -Session s -Label before").Single("MayrosCheckpoint");

        // A later rewind hides the checkpoint's last event: the fork still copies the ten events it counted.
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(5))).ShouldSucceed();
        var afterRewind = Run("New-MayrosFork -Session s -Name then -Checkpoint before");
        afterRewind.ShouldSucceed();
        Assert.Equal(checkpoint.Prop<int>("EventCount"), afterRewind.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Equal(10, EventsOf("then").Count);
        Assert.DoesNotContain(EventsOf("then"), e => e.GetProperty("fields").TryGetProperty("rewound", out _));

        // An undo brings the hidden events back as restored copies: the fork takes each moment once, not twice.
        Run("Undo-MayrosRewind -Session s -Confirm:$false").ShouldSucceed();
        var afterUndo = Run("New-MayrosFork -Session s -Name again -Checkpoint before");
        afterUndo.ShouldSucceed();
        Assert.Equal(10, afterUndo.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => CortexFixture.Iso(Start.AddSeconds(i))),
            EventsOf("again").Select(e => e.GetProperty("timestamp").GetString()).OrderBy(t => t, StringComparer.Ordinal));

        // A fork to a moment follows the timeline as it stands: the hidden events stay out, the restored ones count.
        var atMoment = Run("New-MayrosFork -Session s -Name now -At $args[0]", CortexFixture.Iso(Start.AddSeconds(9)));
        Assert.Equal(10, atMoment.Single("MayrosForkResult").Prop<int>("EventsCopied"));

        // A second rewind hides the restored copies, which did not exist at the checkpoint: still each moment once
        // (found by the chaos soak, seed 28: 10 events at the checkpoint, 15 copies).
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(5))).ShouldSucceed();
        var afterSecondRewind = Run("New-MayrosFork -Session s -Name later -Checkpoint before");
        afterSecondRewind.ShouldSucceed();
        Assert.Equal(10, afterSecondRewind.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => CortexFixture.Iso(Start.AddSeconds(i))),
            EventsOf("later").Select(e => e.GetProperty("timestamp").GetString()).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void AForkPointInTheFutureIsRefusedAndAnUnfinishedForkFinishesOnlyFromItsOwnPoint()
    {
        Seed("s", 10);

        var future = Run("New-MayrosFork -Session s -Name f -At $args[0]", CortexFixture.Iso(DateTimeOffset.UtcNow.AddDays(1)));
        AssertError(future, "ForkPointInFuture", "NewMayrosForkCommand", ErrorCategory.InvalidArgument);
        Assert.Equal(0, Traffic().Writes);

        // An interrupted fork to the 3rd second: its intent is stored, its status is not.
        SetRecord("half", "forkedFrom", "s");
        SetRecord("half", "parentSession", "s");
        SetRecord("half", "forkedAt", CortexFixture.Iso(Start.AddHours(1)));
        SetRecord("half", "forkPoint", CortexFixture.Iso(Start.AddSeconds(3)));

        var other = Run("New-MayrosFork -Session s -Name half");
        AssertError(other, "SessionAlreadyExists", "NewMayrosForkCommand", ErrorCategory.ResourceExists);
        Assert.Contains("finish it with the same -At or -Checkpoint", other.Error().Exception.Message, StringComparison.Ordinal);

        var same = Run("New-MayrosFork -Session s -Name half -At $args[0]", CortexFixture.Iso(Start.AddSeconds(3)));
        same.ShouldSucceed();
        Assert.Equal(4, same.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Single(Record("half", "forkPoint"));
    }
}
