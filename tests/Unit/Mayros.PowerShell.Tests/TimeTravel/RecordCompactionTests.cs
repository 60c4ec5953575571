using System.Linq;
using System.Text.Json;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>
/// The record stays within what the mayros CLI reads of it (the first 100 triples of its subject, which Cortex lists by
/// predicate: checkpoints first, status last), however many rewinds, undos and checkpoints the session has had, and
/// every command still sees all of them.
/// </summary>
public sealed class RecordCompactionTests : HostedTest
{
    public RecordCompactionTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    /// <summary>What the mayros CLI's getSessionInfo sees: the first 100 triples of the subject, its last valid status and every checkpoint among them.</summary>
    private (string Status, int Checkpoints, int Triples) CliView(string session)
    {
        var triples = Cortex.Triples($"{Ns}:session:{session}").Take(100).ToList();
        var status = "active";
        var checkpoints = 0;
        foreach (var t in triples)
        {
            var predicate = t.GetProperty("predicate").GetString()!.Trim('<', '>');
            var value = t.GetProperty("object").ValueKind == JsonValueKind.String ? t.GetProperty("object").GetString() : null;
            if (predicate == $"{Ns}:session:status" && value is "active" or "rewound" or "forked")
            {
                status = value;
            }
            else if (predicate == $"{Ns}:session:checkpoint")
            {
                checkpoints++;
            }
        }

        return (status, checkpoints, Cortex.Triples($"{Ns}:session:{session}").Count);
    }

    [Fact]
    public void AThousandRewindUndoPairsAndFiveHundredCheckpointsLeaveARecordTheCliStillReads()
    {
        Seed("long", 10);
        var to = CortexFixture.Iso(Start.AddSeconds(8));
        var outcome = Run(
            "$to = $args[0]; " +
            "1..1000 | ForEach-Object { $null = Invoke-MayrosRewind -Session long -To $to -Confirm:$false; $null = Undo-MayrosRewind -Session long -Confirm:$false }; " +
            "1..500 | ForEach-Object { $null = New-MayrosCheckpoint -Session long -Label \"cp$_\" }; " +
            "Invoke-MayrosRewind -Session long -To $to -Confirm:$false",
            to);

        outcome.ShouldSucceed();
        var last = outcome.Single("MayrosRewindResult");
        Assert.Equal(1, last.Prop<int>("EventsRemoved"));

        // The CLI sees the rewound status and the newest 20 checkpoints: the record holds its fields and those alone.
        var (status, cliCheckpoints, triples) = CliView("long");
        Assert.Equal("rewound", status);
        Assert.Equal(20, cliCheckpoints);
        Assert.True(triples <= 30, $"The record holds {triples} triples.");
        Assert.Equal(500 - 20, LogValues("long", "checkpoint").Count);
        Assert.Equal((1001 * 2) + (1000 * 2), LogValues("long", "rewind").Count); // started and completed; undoing and undone

        // The module sees every checkpoint (once; those made within one millisecond are ordered by id) and every rewind:
        // the last one is undone as any other.
        var labels = Run("Get-MayrosCheckpoint -Session long").All("MayrosCheckpoint").Select(c => c.Prop<string>("Label")).ToList();
        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"cp{i}").Order(), labels.Order());
        var undo = Run("Undo-MayrosRewind -Session long -Confirm:$false");
        undo.ShouldSucceed();
        Assert.Equal(1, undo.Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal("active", CliView("long").Status);
        Assert.Equal(10, Run("Get-MayrosSessionEvent -Session long").All("MayrosSessionEvent").Count);
    }

    [Fact]
    public void ARecordStoredTheOldWayMovesToTheLogOnItsNextWriteAndLosesNothing()
    {
        // As the module wrote records before the log: 40 checkpoints and a rewind's records on the record itself.
        Seed("old", 6);
        Run("1..40 | ForEach-Object { $null = New-MayrosCheckpoint -Session old -Label \"c$_\" }").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session old -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(3))).ShouldSucceed();
        MoveBackToTheRecord("old");
        Assert.Empty(Cortex.Triples($"{Ns}:sessionlog:old"));
        Assert.Equal(40, Record("old", "checkpoint").Count);
        var before = Run("Get-MayrosCheckpoint -Session old").All("MayrosCheckpoint").Select(c => c.Prop<string>("Id")).ToList();
        Assert.Equal(40, before.Count);

        var next = Run("New-MayrosCheckpoint -Session old -Label c41");

        next.ShouldSucceed();
        Assert.Equal(20, Record("old", "checkpoint").Count);
        Assert.Empty(Record("old", "rewind"));
        Assert.Equal(21, LogValues("old", "checkpoint").Count);
        Assert.Equal(2, LogValues("old", "rewind").Count);
        Assert.Equal(before.Append(next.Single("MayrosCheckpoint").Prop<string>("Id")).Order(),
            Run("Get-MayrosCheckpoint -Session old").All("MayrosCheckpoint").Select(c => c.Prop<string>("Id")).Order());

        // The moved rewind is still the one an undo reverses, and the history says what moved.
        var undo = Run("Undo-MayrosRewind -Session old -Confirm:$false");
        undo.ShouldSucceed();
        Assert.Equal(2, undo.Single("MayrosUndoResult").Prop<int>("EventsRestored")); // the events at 4 s and 5 s
        var changes = Run("Get-MayrosSessionHistory -Session old").All("MayrosSessionChange");
        // Checkpoints 21 to 40 each moved the oldest then on the record; c41 moved 21 checkpoints and 2 rewind records:
        // each copied with the new checkpoint, then deleted from the record one by one.
        Assert.Equal(20 + 23, changes.Count(c => c.Prop<string>("Change") == "Compact"));
        Assert.Contains(changes, c => c.Prop<string>("Description").StartsWith("checkpoint ", System.StringComparison.Ordinal)
            && c.Prop<string>("Description").EndsWith("; 23 older values copied to the session's log", System.StringComparison.Ordinal));
    }

    /// <summary>Rewrites a session as the module stored it before the log: the log's values on the record, no log.</summary>
    private void MoveBackToTheRecord(string session)
    {
        var log = Cortex.Triples($"{Ns}:sessionlog:{session}");
        var marker = Cortex.Triples($"{Ns}:session:{session}", $"{Ns}:session:log");
        Cortex.AddTriples(log.Select(t => ($"{Ns}:session:{session}", t.GetProperty("predicate").GetString()!.Trim('<', '>'),
            (System.Text.Json.Nodes.JsonNode)JsonValue(t.GetProperty("object").GetString()!))).ToArray());
        foreach (var t in log.Concat(marker))
        {
            Cortex.DeleteTriple(t.GetProperty("id").GetString()!);
        }
    }
}
