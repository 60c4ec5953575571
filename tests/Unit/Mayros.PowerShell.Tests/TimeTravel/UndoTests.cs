using System;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>Undo-MayrosRewind: a rewind's events come back, with the status and rewind point from before it.</summary>
public sealed class UndoTests : HostedTest
{
    public UndoTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void BringsBackWhatTheLatestRewindHidAndTheStatusFromBeforeIt()
    {
        var events = CortexFixture.Session("s", 20, Start);
        Cortex.AddEvents(Ns, events);
        SetRecord("s", "status", "active");
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(11))).ShouldSucceed();

        var result = Run("Undo-MayrosRewind -Session s -Confirm:$false");

        result.ShouldSucceed();
        var undo = result.Single("MayrosUndoResult");
        Assert.Equal(8, undo.Prop<int>("EventsRestored"));
        Assert.Equal("active", undo.Prop<string>("Status"));
        Assert.Null(undo.Prop("RewindPoint"));
        Assert.Matches("^rw-[0-9a-f]{12}$", undo.Prop<string>("UndoneRewindId"));
        Assert.Equal(new[] { "active" }, Record("s", "status"));
        Assert.Empty(Record("s", "rewindPoint"));

        // The session is whole again: same timestamps, types, agents and fields, parents chained through the copies.
        var live = Run("Get-MayrosSessionEvent -Session s").All("MayrosSessionEvent");
        Assert.Equal(20, live.Count);
        Assert.Equal(events.Select(e => e.Timestamp), live.Select(e => CortexFixture.Iso(e.Prop<DateTimeOffset>("Timestamp"))));
        Assert.Equal(events.Select(e => e.Type), live.Select(e => e.Prop<string>("Type")));
        Assert.Equal(events.Select(e => e.Fields["note"]), live.Select(e => ((System.Collections.Generic.Dictionary<string, string>)e.Prop("Fields")!)["note"]));
        var restored = live.Skip(12).ToList();
        Assert.Equal(events.Skip(12).Select(e => e.Id), restored.Select(e => e.Prop<string>("RestoredFrom")));
        Assert.Equal(restored[0].Prop<string>("Id"), restored[1].Prop<string>("ParentEvent"));
        Assert.Equal(events[11].Id, restored[0].Prop<string>("ParentEvent"));
        Assert.Equal(20, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Equal(20, Run("New-MayrosFork -Session s -Name whole").Single("MayrosForkResult").Prop<int>("EventsCopied"));

        // Nothing was deleted: the originals stay, hidden, as history.
        Assert.Equal(28, EventsOf("s").Count);
        Assert.Equal(28, Run("Get-MayrosSessionEvent -Session s -IncludeRewound").Output.Count);
    }

    [Fact]
    public void UndoesRewindsOneAtATimeNewestFirstAndThenSaysThereIsNothingLeft()
    {
        Seed("s", 30);
        SetRecord("s", "status", "forked");
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(19))).ShouldSucceed();
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();

        var first = Run("Undo-MayrosRewind -Session s -Confirm:$false").Single("MayrosUndoResult");
        Assert.Equal(10, first.Prop<int>("EventsRestored"));
        Assert.Equal("rewound", first.Prop<string>("Status"));
        Assert.Equal(Start.AddSeconds(19), first.Prop<DateTimeOffset>("RewindPoint"));
        Assert.Equal(new[] { CortexFixture.Iso(Start.AddSeconds(19)) }, Record("s", "rewindPoint"));
        Assert.Equal(20, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));

        var second = Run("Undo-MayrosRewind -Session s -Confirm:$false").Single("MayrosUndoResult");
        Assert.Equal(10, second.Prop<int>("EventsRestored"));
        Assert.Equal("forked", second.Prop<string>("Status"));
        Assert.Equal(new[] { "forked" }, Record("s", "status"));
        Assert.Equal(30, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));

        var none = Run("Undo-MayrosRewind -Session s -Confirm:$false");
        AssertError(none, "RewindNotFound", "UndoMayrosRewindCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("all of its 2 rewinds are undone already", none.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
    }

    [Fact]
    public void ANamedRewindIsUndoneOnceAndOnlyWhenNoLaterRewindStands()
    {
        Seed("s", 20);
        var older = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false",
            CortexFixture.Iso(Start.AddSeconds(14))).Single("MayrosRewindResult").Prop<string>("RewindId");
        var newer = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false",
            CortexFixture.Iso(Start.AddSeconds(9))).Single("MayrosRewindResult").Prop<string>("RewindId");
        Traffic();

        var superseded = Run("Undo-MayrosRewind -Session s -RewindId $args[0] -Confirm:$false", older);
        AssertError(superseded, "RewindSuperseded", "UndoMayrosRewindCommand", ErrorCategory.InvalidOperation);
        Assert.Contains(newer, superseded.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);

        Assert.Equal(5, Run("Undo-MayrosRewind -Session s -RewindId $args[0] -Confirm:$false", newer).Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        var twice = Run("Undo-MayrosRewind -Session s -RewindId $args[0] -Confirm:$false", newer);
        Assert.Equal(0, twice.Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal(0, Traffic().Writes);
        Assert.Equal(5, Run("Undo-MayrosRewind -Session s -RewindId $args[0] -Confirm:$false", older).Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal(20, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));

        var unknown = Run("Undo-MayrosRewind -Session s -RewindId rw-000000000000 -Confirm:$false");
        AssertError(unknown, "RewindNotFound", "UndoMayrosRewindCommand", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void ARewindAfterAnUndoHidesTheRestoredEventsAndCanBeUndoneInTurn()
    {
        Seed("s", 10);
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(4))).ShouldSucceed();
        Run("Undo-MayrosRewind -Session s -Confirm:$false").ShouldSucceed();

        var again = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(6))).Single("MayrosRewindResult");
        Assert.Equal(3, again.Prop<int>("EventsRemoved"));
        Assert.Equal(7, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));

        Assert.Equal(3, Run("Undo-MayrosRewind -Session s -Confirm:$false").Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Equal(10, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void WhatIfSaysWhatWouldComeBackAndWritesNothing()
    {
        Seed("s", 10);
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(2))).ShouldSucceed();
        Traffic();

        var result = Run("Undo-MayrosRewind -Session s -WhatIf");

        result.ShouldSucceed();
        Assert.Contains("bring back 7 events hidden by rewind rw-", result.HostText, StringComparison.Ordinal);
        Assert.Contains("status back to 'active'", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Equal(3, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void WhatIfOnAnUndoneRewindLeavesEvenWhatATidyUpWouldRemove()
    {
        Seed("s", 10);
        var rewindId = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false",
            CortexFixture.Iso(Start.AddSeconds(4))).Single("MayrosRewindResult").Prop<string>("RewindId");
        Run("Undo-MayrosRewind -Session s -Confirm:$false").ShouldSucceed();
        // What a crash between writing a new status and deleting the old one leaves: two values.
        SetRecord("s", "status", "rewound");
        Traffic();

        var whatIf = Run("Undo-MayrosRewind -Session s -RewindId $args[0] -WhatIf", rewindId);

        whatIf.ShouldSucceed();
        Assert.Contains($"rewind {rewindId} is undone already; nothing to bring back", whatIf.HostText, StringComparison.Ordinal);
        Assert.Empty(whatIf.Output);
        Assert.Equal(0, Traffic().Writes);
        Assert.Equal(2, Record("s", "status").Count);

        Assert.Equal(0, Run("Undo-MayrosRewind -Session s -RewindId $args[0] -Confirm:$false", rewindId).Single("MayrosUndoResult").Prop<int>("EventsRestored"));
        Assert.Single(Record("s", "status"));
    }

    [Fact]
    public void ARewindTheCliMadeCannotBeUndoneAndTheErrorSaysWhy()
    {
        // The CLI's layout: the marker on the events and the status, with no record of the rewind.
        var events = CortexFixture.Session("cli", 6, Start);
        Cortex.AddEvents(Ns, events);
        Cortex.AddTriples(events.Skip(3).Select(e => ($"{Ns}:event:{e.Id}", $"{Ns}:event:rewound", JsonValue("true"))).ToArray());
        SetRecord("cli", "status", "rewound");

        var result = Run("Undo-MayrosRewind -Session cli -Confirm:$false");

        AssertError(result, "RewindNotFound", "UndoMayrosRewindCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("kept no record of what it hid", result.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);

        // The CLI's hidden events read as hidden here, with no rewind named.
        var hidden = Run("Get-MayrosSessionEvent -Session cli -IncludeRewound").All("MayrosSessionEvent").Where(e => e.Prop<bool>("Rewound")).ToList();
        Assert.Equal(events.Skip(3).Select(e => e.Id), hidden.Select(e => e.Prop<string>("Id")));
        Assert.All(hidden, e => Assert.Null(e.Prop("RewoundBy")));
    }

    [Fact]
    public void WhatTheModuleWritesReadsCorrectlyWithThePlainSessionLayout()
    {
        // A reader that knows only the CLI's layout: a session's events are those whose session is the session's
        // node, live unless they carry {ns}:event:rewound = "true".
        int PlainCount(string session) => EventsOf(session).Count(e =>
            !(e.GetProperty("fields").TryGetProperty("rewound", out var marker) && marker.GetString() == "true"));

        Seed("s", 25);
        Run("New-MayrosCheckpoint -Session s -Label base").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(9))).ShouldSucceed();
        Assert.Equal(10, PlainCount("s"));

        Run("Undo-MayrosRewind -Session s -Confirm:$false").ShouldSucceed();
        Assert.Equal(25, PlainCount("s"));

        Run("New-MayrosFork -Session s -Name past -Checkpoint base").ShouldSucceed();
        Assert.Equal(25, PlainCount("past"));
        Run("New-MayrosFork -Session s -Name early -At $args[0]", CortexFixture.Iso(Start.AddSeconds(4))).ShouldSucceed();
        Assert.Equal(5, PlainCount("early"));

        // The CLI's checkpoint fields are all there, with the module's extra ones beside them.
        var stored = System.Text.Json.JsonDocument.Parse(Record("s", "checkpoint").Single()).RootElement;
        Assert.Equal("s", stored.GetProperty("sessionKey").GetString());
        Assert.Equal(25, stored.GetProperty("eventCount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.String, stored.GetProperty("lastEventId").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.String, stored.GetProperty("timestamp").ValueKind);
        Assert.Equal(new[] { "active" }, Record("past", "status"));
        Assert.Equal(new[] { "s" }, Record("past", "parentSession"));
    }
}
