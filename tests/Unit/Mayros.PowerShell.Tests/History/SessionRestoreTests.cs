using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.History;

/// <summary>Restore-MayrosSession against the local Cortex's DAG: what comes back, what stays as it was, what it costs.</summary>
public sealed class SessionRestoreTests : HostedTest
{
    public SessionRestoreTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    /// <summary>Everything stored under a session's record and its events, as text, sorted (ids included).</summary>
    private string[] Raw(string session) =>
        Cortex.Triples($"{Ns}:session:{session}").Select(t => t.GetRawText())
            .Concat(EventsOf(session).SelectMany(e => Cortex.Triples($"{Ns}:event:{e.GetProperty("id").GetString()}")).Select(t => t.GetRawText()))
            .OrderBy(t => t, StringComparer.Ordinal).ToArray();

    /// <summary>A triple without its created_at and id (a restore writes the same triple again, at a new time).</summary>
    private static string Strip(JsonElement t) => $"{t.GetProperty("subject")} {t.GetProperty("predicate")} {t.GetProperty("object").GetRawText()}";

    private string[] Comparable(string session) =>
        Cortex.Triples($"{Ns}:session:{session}").Select(Strip)
            .Concat(EventsOf(session).SelectMany(e => Cortex.Triples($"{Ns}:event:{e.GetProperty("id").GetString()}")).Select(Strip))
            .OrderBy(t => t, StringComparer.Ordinal).ToArray();

    /// <summary>The actions of the server's DAG: every write records one (a sync, which is a POST, writes nothing).</summary>
    private long Actions()
    {
        using var stats = JsonDocument.Parse(Cortex.Http.GetStringAsync("/api/v1/dag/stats").GetAwaiter().GetResult());
        return stats.RootElement.GetProperty("action_count").GetInt64();
    }

    private (string Relationship, int Shared, int OnlyReference, int OnlyDifference) Compare(string reference, string difference)
    {
        var c = Run("Compare-MayrosSession -ReferenceSession $args[0] -DifferenceSession $args[1]", reference, difference).Single("MayrosSessionComparison");
        return (c.Prop<string>("Relationship"), c.Prop<int>("SharedEventCount"), ((System.Collections.ICollection)c.Prop("OnlyInReference")!).Count,
            ((System.Collections.ICollection)c.Prop("OnlyInDifference")!).Count);
    }

    [Fact]
    public void ALineageRemovedWithRecurseComesBackAsItWasAndComparesAsBefore()
    {
        Seed("src", 6);
        Seed("bystander", 4);
        Run("New-MayrosCheckpoint -Session src -Label known-good").ShouldSucceed();
        Run("New-MayrosFork -Session src -Name twin").ShouldSucceed();
        Run("Add-MayrosSessionEvent -Session twin -Type tool_call -Fields @{ tool = 'lint' }").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session src -To $args[0] -Confirm:$false", Start.AddSeconds(3)).ShouldSucceed();
        var compared = Compare("src", "twin");
        var bystander = Raw("bystander");
        var checkpoints = Record("src", "checkpoint");
        Run("Remove-MayrosSession -Session src -Recurse -Confirm:$false").ShouldSucceed();

        var actions = Actions();
        var src = Run("Restore-MayrosSession -Session src");
        src.ShouldSucceed();
        var restored = src.Single("MayrosRestoreResult");
        Assert.Equal(("Restored", 6L, 6L, "rewound"), (restored.Prop<string>("Result"), restored.Prop<long>("Events"), restored.Prop<long>("CopiedEvents"),
            restored.Prop<string>("Status")));
        Assert.Equal(actions + 4, Actions()); // events, record, status, the note: however many events
        Run("Restore-MayrosSession -Session twin").ShouldSucceed();

        Assert.Equal(compared, Compare("src", "twin"));
        Assert.Equal(checkpoints.OrderBy(c => c), Record("src", "checkpoint").OrderBy(c => c));
        Assert.Equal(bystander, Raw("bystander"));
        // The originals stay stored, marked removed; the restored session's events are the copies.
        var events = EventsOf("src").Where(e => !e.GetProperty("fields").TryGetProperty("removedBy", out _)).ToList();
        Assert.Equal(6, events.Count);
        Assert.Equal(12, EventsOf("src").Count);
        Assert.All(events, e => Assert.True(e.GetProperty("fields").TryGetProperty("restoredFrom", out _), "a copy names the event it restores"));
        Assert.Equal(2, Run("Undo-MayrosRewind -Session src -Confirm:$false").Single("MayrosUndoResult").Prop<int>("EventsRestored"));
    }

    [Fact]
    public void APurgedSessionComesBackExactlyUnderItsOwnIdsAndARunAgainWritesNothing()
    {
        Seed("gone", 5);
        Run("New-MayrosCheckpoint -Session gone -Label base").ShouldSucceed();
        var before = Comparable("gone");
        Run("Remove-MayrosSession -Session gone -Purge -Confirm:$false").ShouldSucceed();
        Assert.Empty(EventsOf("gone"));

        var result = Run("Restore-MayrosSession -Session gone").Single("MayrosRestoreResult");
        Assert.Equal(0L, result.Prop<long>("CopiedEvents"));
        Assert.Equal(before, Comparable("gone"));

        var actions = Actions();
        var again = Run("Restore-MayrosSession -Session gone").Single("MayrosRestoreResult");
        Assert.Equal("Unchanged", again.Prop<string>("Result"));
        Assert.Equal(actions, Actions());
        Assert.Equal(before, Comparable("gone"));
    }

    [Fact]
    public async Task AnInterruptedRestoreIsFinishedByTheSameCommand()
    {
        Seed("half", 3);
        Run("New-MayrosCheckpoint -Session half").ShouldSucceed();
        Run("Remove-MayrosSession -Session half -Purge -Confirm:$false").ShouldSucceed();
        Run("Restore-MayrosSession -Session half").ShouldSucceed();
        var whole = Comparable("half");
        // As if it stopped before its last write: the status is not there.
        var status = Cortex.Triples($"{Ns}:session:half", $"{Ns}:session:status").Single().GetProperty("id").GetString();
        Assert.True((await Cortex.Http.DeleteAsync($"/api/v1/triples/{status}")).IsSuccessStatusCode);
        Assert.Empty(Record("half", "status"));

        var resumed = Run("Restore-MayrosSession -Session half").Single("MayrosRestoreResult");
        Assert.Equal("Resumed", resumed.Prop<string>("Result"));
        Assert.Equal(whole, Comparable("half"));
    }

    [Fact]
    public void WhatIfSaysWhatAndWhatItCostsAndWritesNothing()
    {
        Seed("w", 4);
        Run("New-MayrosCheckpoint -Session w").ShouldSucceed();
        Run("Remove-MayrosSession -Session w -Confirm:$false").ShouldSucceed();

        var actions = Actions();
        var result = Run("Restore-MayrosSession -Session w -WhatIf");
        result.ShouldSucceed();
        Assert.Equal(actions, Actions());
        Assert.Empty(result.All("MayrosRestoreResult"));
        Assert.Matches(@"What if: Performing the operation ""Restore session 'w' as it was at action [0-9a-f]{12}… \(.*, the last change before its removal\): 4 events " +
            @"\(4 under new ids: Cortex still holds the originals, marked removed\), 1 checkpoint, status 'active'; 3 write requests; read from Cortex's replay of its DAG to " +
            @"that action \(twice; [\d,]+ triples then, at most [\d,]+ actions replayed\)""", result.HostText);
    }

    [Fact]
    public void BadInputIsRefusedByNameAndChangesNothing()
    {
        Seed("here", 2);
        Run("New-MayrosCheckpoint -Session here").ShouldSucceed();
        foreach (var (script, id, category) in new[]
        {
            ("Restore-MayrosSession -Session here", "SessionNotRemoved", ErrorCategory.InvalidOperation),
            ("Restore-MayrosSession -Session here -At 'xyz'", "InvalidDagAction", ErrorCategory.InvalidArgument),
            ("Restore-MayrosSession -Session here -At ('ab' * 32)", "InvalidDagAction", ErrorCategory.ObjectNotFound),
            ("Restore-MayrosSession -Session here -Before '2000-01-01'", "InvalidDagAction", ErrorCategory.ObjectNotFound),
            ("Restore-MayrosSession -Session here -Before (Get-Date) -Name other -MaxActions 2", "DagReplayTooLarge", ErrorCategory.LimitsExceeded),
            ("Restore-MayrosSession -Session never -Before (Get-Date)", "SessionHistoryNotFound", ErrorCategory.ObjectNotFound),
            ("Restore-MayrosSession -Session 'bad<key>'", "InvalidSessionKey", ErrorCategory.InvalidArgument),
        })
        {
            var actions = Actions();
            var result = Run(script);
            AssertError(result, id, "RestoreMayrosSessionCommand", category);
            Assert.Equal(actions, Actions());
            Assert.Contains(id == "InvalidSessionKey" ? "given to -Session" : "Nothing was", result.Error().Exception.Message, StringComparison.Ordinal);
        }
    }
}
