using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>The temporary file a fork reads a session from twice, and the 16-byte ids that stand for its events in memory.</summary>
public sealed class EventSpoolTests
{
    [Fact]
    public void IdsAreFoundAtTheirFirstPositionAndRepeatsAreMarkedWhateverTheirShape()
    {
        using var ids = new EventIdTable();
        var added = new[]
        {
            "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff", "b7", "ffffffff-ffff-ffff-ffff-ffffffffffff", "b7", "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0FF",
            "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff",
        };
        foreach (var id in added)
        {
            ids.Add(id);
        }

        ids.Seal();

        Assert.Equal(new[] { false, false, false, true, false, true }, Enumerable.Range(0, added.Length).Select(ids.IsRepeat));
        Assert.Equal(0, ids.Find("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff"));
        Assert.Equal(1, ids.Find("b7"));
        Assert.Equal(2, ids.Find("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        // Upper case is another id (Cortex compares ids as text), kept by its hash.
        Assert.Equal(4, ids.Find("0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0FF"));
        Assert.Equal(-1, ids.Find("b8"));
        Assert.Equal(-1, ids.Find("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0fe"));
    }

    [Fact]
    public void ASpoolGivesBackEveryEventOnceAsListedAndDeletesItsFile()
    {
        var spool = new EventSpool("s1");
        var events = new[]
        {
            new CortexEvent("e1", "tool_call", "agent-1", "2026-03-01T10:00:00.000Z", "s1", null, 12, Fields(("toolName", "grep"), ("output", "two\nlines é"))),
            new CortexEvent("e2", "message", "", "yesterday", "s1", "e1", null, Fields()),
            new CortexEvent("e1", "tool_call", "agent-1", "2026-03-01T10:00:00.000Z", "s1", null, 12, Fields(("toolName", "grep"))),
            new CortexEvent("e3", "tool_call", "agent-2", "2026-03-01T10:00:02.5+01:00", "s1", "e2", 0,
                Fields((SessionLayout.RewoundField, "true"), (SessionLayout.RewoundByField, "rw-1"), (SessionLayout.RestoredByField, "rw-0"))),
        };
        foreach (var e in events)
        {
            spool.Add(e);
        }

        spool.Seal();

        Assert.True(File.Exists(spool.FilePath));
        Assert.Equal(3, spool.Count);
        var read = spool.Read().ToList();
        Assert.Equal(new[] { 0, 1, 3 }, read.Select(r => r.Position));
        var (first, second, third) = (read[0].Event, read[1].Event, read[2].Event);
        Assert.Equal(("e1", "s1", "tool_call", "agent-1"), (first.Id, first.Session, first.Type, first.Agent));
        Assert.Equal(("2026-03-01T10:00:00.000Z", (ulong?)12), (first.TimestampText, first.DurationMs));
        Assert.Equal("two\nlines é", first.Fields["output"]);
        Assert.Equal(("yesterday", "e1", (ulong?)null, 0), (second.TimestampText, second.ParentEvent, second.DurationMs, second.Fields.Count));
        Assert.Null(second.Timestamp);
        Assert.Equal(("2026-03-01T10:00:02.5+01:00", "e2", (ulong?)0, true), (third.TimestampText, third.ParentEvent, third.DurationMs, third.Rewound));
        Assert.Equal(new[] { "rw-1" }, spool.RewoundBy);
        Assert.Equal(new[] { "rw-0" }, spool.RestoredBy);
        Assert.Equal(read.Select(r => r.Event.Id), spool.Events().Select(e => e.Id));

        spool.Dispose();
        Assert.False(File.Exists(spool.FilePath));
    }

    [Fact]
    public void ASelectionIsReadInOrderAgainAndAgainWithTheAgentsItLookedUp()
    {
        using var spool = new EventSpool("s1");
        foreach (var i in Enumerable.Range(0, 6))
        {
            spool.Add(new CortexEvent($"e{i}", "tool_call", i == 4 ? string.Empty : "agent-1", $"2026-03-01T10:00:0{i}.000Z", "s1", null, null, Fields()));
        }

        spool.Seal();
        var askedFor = new List<string>();
        using var chosen = SpoolSelection.Choose(spool, e => e.Id != "e1" && e.Id != "e5", ids =>
        {
            askedFor.AddRange(ids);
            return new Dictionary<string, string> { ["e4"] = "agent-9" };
        });

        Assert.Equal(new[] { "e4" }, askedFor);
        Assert.Equal(4, chosen.Count);
        for (var pass = 0; pass < 2; pass++)
        {
            Assert.Equal(new[] { "e0", "e2", "e3", "e4" }, Enumerable.Range(0, chosen.Count).Select(i => chosen[i].Id));
        }

        Assert.Equal("agent-9", chosen[3].Agent);
        Assert.True(chosen.Has("e2", 0));
        Assert.False(chosen.Has("e1", 0));
        Assert.False(chosen.Has("e9", 0));
        Assert.Equal("e0", chosen[0].Id);
        Assert.Throws<InvalidOperationException>(() => chosen[2]);
    }

    private static FieldDictionary Fields(params (string Key, string Value)[] pairs) =>
        FieldDictionary.From(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList());
}
