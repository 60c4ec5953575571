using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>New-MayrosFork: the copied events exist afterwards, under the new session, in Cortex.</summary>
public sealed class ForkTests : HostedTest
{
    public ForkTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void ParentLinksFollowTheCopiesWhereverTheParentIsCopiedAndStayWhereItIsNot()
    {
        // Parents that are not the event before: two back, several back, a later event, and one outside the session
        // (kept as it is, since no copy of it is written).
        var source = CortexFixture.Session("branchy", 8, Start);
        var parents = new string?[] { null, source[0].Id, source[0].Id, source[1].Id, "elsewhere-1", source[4].Id, source[7].Id, source[2].Id };
        source = source.Select((e, i) => e with { Parent = parents[i] }).ToList();
        Cortex.AddEvents(Ns, source);

        Run("New-MayrosFork -Session branchy -Name branchy-copy").ShouldSucceed();

        var copyOf = EventsOf("branchy-copy").ToDictionary(c => c.GetProperty("fields").GetProperty("copiedFrom").GetString()!, c => c);
        Assert.Equal(8, copyOf.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var link = copyOf[source[i].Id].GetProperty("parent_event");
            var expected = parents[i] == null ? null : parents[i] == "elsewhere-1" ? "elsewhere-1" : copyOf[parents[i]!].GetProperty("id").GetString();
            Assert.Equal(expected, link.ValueKind == JsonValueKind.Null ? null : link.GetString());
        }
    }

    [Fact]
    public void CopiesEveryLiveEventForRealAndRecordsTheFork()
    {
        var source = CortexFixture.Session("src", 20, Start);
        Cortex.AddEvents(Ns, source);
        foreach (var hidden in source.Skip(18))
        {
            Cortex.AddTriples(($"{Ns}:event:{hidden.Id}", $"{Ns}:event:rewound", JsonValue("true")));
        }

        var result = Run("New-MayrosFork -Session src -Name dst");

        result.ShouldSucceed();
        var fork = result.Single("MayrosForkResult");
        Assert.Equal("src", fork.Prop<string>("OriginalSession"));
        Assert.Equal("dst", fork.Prop<string>("ForkedSession"));
        Assert.Equal(18, fork.Prop<int>("EventsCopied"));
        Assert.True(DateTimeOffset.UtcNow - fork.Prop<DateTimeOffset>("ForkedAt") < TimeSpan.FromMinutes(1));

        // The events exist in Cortex under the new session: new ids, same content, parents remapped.
        var copies = EventsOf("dst");
        Assert.Equal(18, copies.Count);
        var byId = source.ToDictionary(e => e.Id);
        var copyOf = copies.ToDictionary(c => c.GetProperty("fields").GetProperty("copiedFrom").GetString()!, c => c);
        Assert.Equal(source.Take(18).Select(e => e.Id).OrderBy(x => x), copyOf.Keys.OrderBy(x => x));
        foreach (var (originalId, copy) in copyOf)
        {
            var original = byId[originalId];
            Assert.NotEqual(originalId, copy.GetProperty("id").GetString());
            Assert.Equal(original.Timestamp, copy.GetProperty("timestamp").GetString());
            Assert.Equal(original.Type, copy.GetProperty("event_type").GetString());
            Assert.Equal(original.Agent, copy.GetProperty("agent_id").GetString());
            Assert.Equal(original.DurationMs, copy.GetProperty("duration_ms").GetUInt64());
            Assert.Equal(original.Fields["step"], copy.GetProperty("fields").GetProperty("step").GetString());
            Assert.Equal(original.Fields["note"], copy.GetProperty("fields").GetProperty("note").GetString());
            if (original.Parent is null)
            {
                Assert.Equal(JsonValueKind.Null, copy.GetProperty("parent_event").ValueKind);
            }
            else
            {
                Assert.Equal(copyOf[original.Parent].GetProperty("id").GetString(), copy.GetProperty("parent_event").GetString());
            }
        }

        // The source keeps its events; the records are the CLI's.
        Assert.Equal(20, EventsOf("src").Count);
        Assert.Equal(new[] { "forked" }, Record("src", "status"));
        Assert.Equal(new[] { "active" }, Record("dst", "status"));
        Assert.Equal(new[] { "src" }, Record("dst", "parentSession"));
        Assert.Equal(new[] { "src" }, Record("dst", "forkedFrom"));
        Assert.Single(Record("dst", "forkedAt"));

        Assert.Equal(18, Run("New-MayrosCheckpoint -Session dst").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void WithoutANameTheForkIsCalledForkAndEightHexDigits()
    {
        Seed("src", 3);

        var fork = Run("New-MayrosFork -Session src").Single("MayrosForkResult");

        Assert.Matches("^fork-[0-9a-f]{8}$", fork.Prop<string>("ForkedSession"));
        Assert.Equal(3, EventsOf(fork.Prop<string>("ForkedSession")).Count);
    }

    [Fact]
    public void AnExistingNameIsAnErrorThatChangesNothing()
    {
        Seed("src", 3);
        Seed("taken", 2, prefix: "t");
        SetRecord("recorded", "status", "active");

        foreach (var name in new[] { "taken", "recorded", "src" })
        {
            var result = Run("New-MayrosFork -Session src -Name $args[0]", name);

            AssertError(result, "SessionAlreadyExists", "NewMayrosForkCommand", ErrorCategory.ResourceExists);
            Assert.Contains($"'{name}'", result.Error().ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(0, Traffic().Writes);
        }

        Assert.Equal(2, EventsOf("taken").Count);
        Assert.Empty(Record("src", "status"));
    }

    [Fact]
    public void ASourceWithNoEventsAndNoRecordIsAnErrorThatWritesNothing()
    {
        var result = Run("New-MayrosFork -Session ghost -Name copy");

        AssertError(result, "SessionNotFound", "NewMayrosForkCommand", ErrorCategory.ObjectNotFound);
        Assert.Equal(0, Traffic().Writes);
        Assert.Empty(Record("copy", "status"));
    }

    [Fact]
    public void ASessionWithARecordButNoEventsForksEmpty()
    {
        SetRecord("bare", "status", "active");

        var fork = Run("New-MayrosFork -Session bare -Name bare-copy").Single("MayrosForkResult");

        Assert.Equal(0, fork.Prop<int>("EventsCopied"));
        Assert.Equal(new[] { "active" }, Record("bare-copy", "status"));
    }

    [Fact]
    public void AForkOfAForkCopiesTheCopies()
    {
        Seed("root", 6);

        var result = Run("New-MayrosFork -Session root -Name child | New-MayrosFork -Name grandchild");

        result.ShouldSucceed();
        var grandchild = result.Single("MayrosForkResult");
        Assert.Equal("child", grandchild.Prop<string>("OriginalSession"));
        Assert.Equal(6, grandchild.Prop<int>("EventsCopied"));
        Assert.Equal(new[] { "child" }, Record("grandchild", "parentSession"));
        Assert.Equal(new[] { "forked" }, Record("child", "status"));
        var childIds = EventsOf("child").Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.All(EventsOf("grandchild"), e => Assert.Contains(e.GetProperty("fields").GetProperty("copiedFrom").GetString(), childIds));
    }

    [Fact]
    public void FiftyThousandEventsForkExactly()
    {
        Seed("huge", 50_000);

        var result = Run("New-MayrosFork -Session huge -Name huge-copy");

        result.ShouldSucceed();
        Assert.Equal(50_000, result.Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Equal(50_000, EventsOf("huge-copy").Count);
        Assert.Equal(50_000, EventsOf("huge-copy").Select(e => e.GetProperty("fields").GetProperty("copiedFrom").GetString()).Distinct().Count());
        Assert.NotEmpty(result.Progress);
    }

    [Fact]
    public void RunningTheSameForkAgainAfterItFinishedIsAnError()
    {
        Seed("src", 4);
        Run("New-MayrosFork -Session src -Name once").ShouldSucceed();

        var again = Run("New-MayrosFork -Session src -Name once");

        AssertError(again, "SessionAlreadyExists", "NewMayrosForkCommand", ErrorCategory.ResourceExists);
        Assert.Equal(4, EventsOf("once").Count);
    }

    [Fact]
    public void WhatIfSendsNoWrite()
    {
        Seed("src", 5);

        var result = Run("New-MayrosFork -Session src -Name maybe -WhatIf");

        result.ShouldSucceed();
        Assert.Contains("What if: Performing the operation \"Fork into 'maybe' (5 events", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Empty(EventsOf("maybe"));
    }

    [Fact]
    public void AnEventTheListingGivesTwiceIsCopiedOnce()
    {
        var source = CortexFixture.Session("twice", 6, Start);
        Cortex.AddEvents(Ns, source);
        // A second type triple: Cortex lists the event once under each of its types.
        Cortex.AddTriples(($"{Ns}:event:{source[2].Id}", $"{Ns}:event:type", JsonValue("message")));

        var fork = Run("New-MayrosFork -Session twice -Name twice-copy").Single("MayrosForkResult");

        Assert.Equal(6, fork.Prop<int>("EventsCopied"));
        var copies = EventsOf("twice-copy").Select(c => c.GetProperty("fields").GetProperty("copiedFrom").GetString()).ToList();
        Assert.Equal(6, copies.Count);
        Assert.Equal(source.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal), copies.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void AnEventWhoseCopyCannotFitARequestStopsTheForkBeforeAnythingIsWritten()
    {
        var source = CortexFixture.Session("huge", 30, Start);
        Cortex.AddEvents(Ns, source);
        // Two fields of 600 KB each: the event is stored (one field a request) but its copy fits no 1 MiB request.
        Cortex.AddTriples(($"{Ns}:event:{source[17].Id}", $"{Ns}:event:notes", JsonValue(new string('n', 600_000))));
        Cortex.AddTriples(($"{Ns}:event:{source[17].Id}", $"{Ns}:event:trace", JsonValue(new string('t', 600_000))));
        Traffic();

        var result = Run("New-MayrosFork -Session huge -Name huge-copy");

        AssertError(result, "CortexRequestTooLarge", "NewMayrosForkCommand", ErrorCategory.LimitsExceeded);
        Assert.Contains($"'{source[17].Id}'", result.Error().ErrorDetails?.Message ?? result.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Empty(EventsOf("huge-copy"));
        Assert.Empty(Record("huge-copy", "forkedFrom"));
    }
}
