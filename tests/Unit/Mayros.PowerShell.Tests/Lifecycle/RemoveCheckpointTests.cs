using System;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Lifecycle;

/// <summary>Remove-MayrosCheckpoint: by id, by label, from the pipeline; what refers to a removed one says so.</summary>
public sealed class RemoveCheckpointTests : HostedTest
{
    public RemoveCheckpointTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    private string[] Ids(string session) =>
        Run("Get-MayrosCheckpoint -Session $args[0]", session).All("MayrosCheckpoint").Select(c => c.Prop<string>("Id")).ToArray();

    [Fact]
    public void ById()
    {
        Seed("s", 6);
        var first = Run("New-MayrosCheckpoint -Session s -Label one").Single("MayrosCheckpoint").Prop<string>("Id");
        var second = Run("New-MayrosCheckpoint -Session s -Label two").Single("MayrosCheckpoint").Prop<string>("Id");
        var before = RemoveSessionTests.Snapshot(Cortex, Ns);

        var result = Run("Remove-MayrosCheckpoint -Session s -Id $args[0] -Confirm:$false -PassThru", first);

        result.ShouldSucceed();
        Assert.Equal(first, result.Single("MayrosCheckpoint").Prop<string>("Id"));
        Assert.Equal((3, 1), Traffic()); // the leader, the record, one delete
        Assert.Equal(new[] { second }, Ids("s"));
        Assert.DoesNotContain(Run("Get-MayrosCheckpoint").Output, c => c.Prop<string>("Id") == first);
        var after = RemoveSessionTests.Snapshot(Cortex, Ns);
        Assert.Equal(before.Count - 1, after.Count);
        Assert.All(after, p => Assert.Equal(before[p.Key], p.Value));
    }

    [Fact]
    public void ByLabelWithWildcardsAndFromThePipeline()
    {
        Seed("s", 6);
        Seed("t", 3);
        foreach (var label in new[] { "nightly-1", "nightly-2", "keep" })
        {
            Run("New-MayrosCheckpoint -Session s -Label $args[0]", label).ShouldSucceed();
        }

        Run("New-MayrosCheckpoint -Session t -Label nightly-1").ShouldSucceed();

        Run("Remove-MayrosCheckpoint -Session s -Label nightly* -Confirm:$false").ShouldSucceed();
        Assert.Equal(new[] { "keep" }, Run("Get-MayrosCheckpoint -Session s").All("MayrosCheckpoint").Select(c => c.Prop<string>("Label")));
        Assert.Single(Ids("t"));

        Run("Get-MayrosCheckpoint -Session t | Remove-MayrosCheckpoint -Confirm:$false").ShouldSucceed();
        Assert.Empty(Ids("t"));
        Assert.Single(Ids("s"));
    }

    [Fact]
    public void KeepingTheNewestNOfEachSessionIsOneLine()
    {
        Seed("a", 3);
        Seed("b", 3);
        for (var i = 0; i < 5; i++)
        {
            Run("New-MayrosCheckpoint -Session a -Label $args[0]", "a" + i).ShouldSucceed();
            Run("New-MayrosCheckpoint -Session b -Label $args[0]", "b" + i).ShouldSucceed();
        }

        var result = Run("Get-MayrosCheckpoint | Group-Object SessionKey | ForEach-Object { $_.Group | Sort-Object Timestamp -Descending | Select-Object -Skip 2 } | " +
            "Remove-MayrosCheckpoint -Confirm:$false");

        result.ShouldSucceed();
        Assert.Equal(new[] { "a4", "a3" }, Run("Get-MayrosCheckpoint -Session a").All("MayrosCheckpoint").Select(c => c.Prop<string>("Label")));
        Assert.Equal(new[] { "b4", "b3" }, Run("Get-MayrosCheckpoint -Session b").All("MayrosCheckpoint").Select(c => c.Prop<string>("Label")));
    }

    [Fact]
    public void AnUnknownIdOrLabelIsAClearErrorAndRemovesNothing()
    {
        Seed("s", 3);
        Run("New-MayrosCheckpoint -Session s -Label real").ShouldSucceed();

        var id = Run("Remove-MayrosCheckpoint -Session s -Id cp-000000000000 -Confirm:$false");
        var label = Run("Remove-MayrosCheckpoint -Session s -Label nope -Confirm:$false");
        var pattern = Run("Remove-MayrosCheckpoint -Session s -Label nope* -Confirm:$false");

        AssertError(id, "CheckpointNotFound", "RemoveMayrosCheckpointCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("session 's'", id.Error().Exception.Message, StringComparison.Ordinal);
        AssertError(label, "CheckpointNotFound", "RemoveMayrosCheckpointCommand", ErrorCategory.ObjectNotFound);
        pattern.ShouldSucceed();
        Assert.Single(Ids("s"));
        Assert.Equal(0, Traffic().Writes);
    }

    [Fact]
    public void WhatIfNamesTheCheckpointAndRemovesNothing()
    {
        Seed("s", 3);
        var id = Run("New-MayrosCheckpoint -Session s -Label base").Single("MayrosCheckpoint").Prop<string>("Id");

        var result = Run("Remove-MayrosCheckpoint -Session s -Id $args[0] -WhatIf", id);

        result.ShouldSucceed();
        Assert.Contains($"checkpoint {id} ('base',", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Single(Ids("s"));
    }

    [Fact]
    public void AForkOrARewindThatReferToARemovedCheckpointSaySo()
    {
        Seed("s", 10);
        var id = Run("New-MayrosCheckpoint -Session s -Label base").Single("MayrosCheckpoint").Prop<string>("Id");
        Run("New-MayrosFork -Session s -Name f -Checkpoint base").ShouldSucceed();
        Seed("s", 2, Start.AddMinutes(5), prefix: "late");
        Run("Invoke-MayrosRewind -Session s -Checkpoint base -Confirm:$false").ShouldSucceed();
        var fork = Run("Get-MayrosFork -Session f").Single("MayrosSession");
        Assert.Equal(id, fork.Prop<string>("ForkCheckpoint"));
        Assert.False(fork.Prop<bool>("ForkCheckpointRemoved"));

        Run("Remove-MayrosCheckpoint -Session s -Id $args[0] -Confirm:$false", id).ShouldSucceed();

        fork = Run("Get-MayrosFork -Session f").Single("MayrosSession");
        Assert.Equal(id, fork.Prop<string>("ForkCheckpoint"));
        Assert.True(fork.Prop<bool>("ForkCheckpointRemoved"));
        Assert.Contains("(removed)", Run("Get-MayrosFork -Session f | Format-List | Out-String").Output.Single().ToString(), StringComparison.Ordinal);
        var undo = Run("Undo-MayrosRewind -Session s -Confirm:$false");
        undo.ShouldSucceed();
        Assert.Contains(undo.Warnings, w => w.Contains($"checkpoint {id}", StringComparison.Ordinal) && w.Contains("Remove-MayrosCheckpoint", StringComparison.Ordinal));
        Assert.Equal(2, undo.Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        AssertError(Run("New-MayrosFork -Session s -Name g -Checkpoint $args[0]", id), "CheckpointNotFound", "NewMayrosForkCommand", ErrorCategory.ObjectNotFound);
    }
}
