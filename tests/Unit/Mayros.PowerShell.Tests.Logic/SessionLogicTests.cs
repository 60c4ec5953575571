using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>The session operations without a runspace, including the interruptions a cmdlet cannot stage.</summary>
public sealed class SessionLogicTests : IClassFixture<LocalServer>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly LocalServer _local;
    private readonly string _ns = "ns" + Guid.NewGuid().ToString("N")[..8];

    public SessionLogicTests(LocalServer local) => _local = local;

    [Fact]
    public void ARemovalDeletesTheUnfinishedStepsOfARewindBeforeItsOthersAndTheStatusLast()
    {
        // Found by the chaos soak (seed 2828): a removal interrupted after deleting a rewind's completed record but
        // not its "started" one left the session looking mid-rewind, hiding every event added after its point and
        // refusing every undo, and an undo's "undone" without its "undoing" left an undo looking unfinished.
        var layout = new SessionLayout(_ns);
        var rewind = new RewindRecord("rw-000000000001", "s", Start.AddSeconds(4), Start.AddMinutes(1), 5, "active", null, RewindState.Started);
        CortexTriple Row(string predicate, string text, string id) => new(id, $"{_ns}:session:s", predicate, CortexValue.String(text), (DateTimeOffset?)null);
        var record = new SessionRecord("s", new[]
        {
            Row(layout.Status, "active", "status"),
            Row(layout.Rewind, rewind.With(RewindState.Undone, Start.AddMinutes(4)).ToJson(), "undone"),
            Row(layout.Rewind, rewind.With(RewindState.Completed, Start.AddMinutes(2)).ToJson(), "completed"),
            Row(layout.RewindPoint, Timestamps.Format(Start.AddSeconds(4)), "point"),
            Row(layout.Rewind, rewind.ToJson(), "started"),
            Row(layout.Rewind, rewind.With(RewindState.Undoing, Start.AddMinutes(3)).ToJson(), "undoing"),
        }, layout);

        var order = SessionRemoval.DeletionOrder(layout, record).Select(t => t.Id).ToList();

        Assert.Equal(new[] { "started", "undoing" }, order.Take(2).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal("status", order[^1]);
        Assert.Equal(6, order.Count);
    }

    [Fact]
    public void AnInterruptedForkLooksIncompleteAndARerunFinishesItWithoutDuplicates()
    {
        var context = Context();
        SeedSession(context, "src", 40);

        // Interrupt after the intent and half of the event requests.
        using var plan = ForkOperation.Plan(context, "src", "dst");
        var sourceEvents = EventIndex.Load(context.Api, context.Layout, new[] { "src" }).ForSession("src");
        var smallRequests = context.Api.PlanEvents(_ns, sourceEvents.Take(20).Select((e, i) => Copy(context, plan, e)).ToList());
        context.Write(new[] { context.SessionRow("dst", context.Layout.ForkedFrom, "src"), context.SessionRow("dst", context.Layout.ParentSession, "src"),
            context.SessionRow("dst", context.Layout.ForkedAt, plan.ForkedAtText) }, Array.Empty<CortexTriple>());
        context.Api.Write(smallRequests);

        Assert.DoesNotContain(SessionListing.List(context, null), s => s.SessionKey == "dst");
        Assert.Null(context.ReadRecord("dst").Status);

        using var rerun = ForkOperation.Plan(context, "src", "dst");
        Assert.True(rerun.Resume);
        var result = ForkOperation.Apply(context, rerun);

        Assert.Equal(40, result.EventsCopied);
        var copies = EventIndex.Load(context.Api, context.Layout, new[] { "dst" }).ForSession("dst");
        Assert.Equal(40, copies.Count);
        Assert.Equal(40, copies.Select(c => c.CopiedFrom).Distinct().Count());
        Assert.Equal("active", context.ReadRecord("dst").Status);
        Assert.Single(context.ReadRecord("dst").Values(context.Layout.ForkedAt));
    }

    [Fact]
    public void AnInterruptedForkWhoseCopiesTheSourceNoLongerHasIsRefusedNotFinishedAndCanBeRemoved()
    {
        // Found reviewing the chaos soak's fork check: a re-run finished an unfinished fork with the copies of its
        // first run, even when a rewind of the source had hidden some of those events since.
        var context = Context();
        SeedSession(context, "src", 40);
        using (var plan = ForkOperation.Plan(context, "src", "dst"))
        {
            var sourceEvents = EventIndex.Load(context.Api, context.Layout, new[] { "src" }).ForSession("src");
            context.Write(new[] { context.SessionRow("dst", context.Layout.ForkedFrom, "src"), context.SessionRow("dst", context.Layout.ParentSession, "src"),
                context.SessionRow("dst", context.Layout.ForkedAt, plan.ForkedAtText) }, Array.Empty<CortexTriple>());
            context.Api.Write(context.Api.PlanEvents(_ns, sourceEvents.Take(20).Select(e => Copy(context, plan, e)).ToList()));
        }

        RewindOperation.Apply(context, RewindOperation.Plan(context, "src", Start.AddSeconds(9)));
        var error = Assert.Throws<MayrosException>(() => ForkOperation.Plan(context, "src", "dst"));

        Assert.Equal(ErrorIds.SessionAlreadyExists, error.ErrorId);
        Assert.Contains("10 of the events it copied are no longer live in 'src'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remove-MayrosSession -Session 'dst'", error.Message, StringComparison.Ordinal);
        Assert.Equal(20, EventIndex.Load(context.Api, context.Layout, new[] { "dst" }).ForSession("dst").Count);
        Assert.Null(context.ReadRecord("dst").Status);

        SessionRemoval.Apply(context, SessionRemoval.Plan(context, "dst", recurse: false, purge: false));
        using var again = ForkOperation.Plan(context, "src", "dst");
        var result = ForkOperation.Apply(context, again);
        var copies = EventIndex.Load(context.Api, context.Layout, new[] { "dst" }).ForSession("dst");

        Assert.Equal(10, result.EventsCopied);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i:D4}"), copies.Select(c => c.CopiedFrom).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal("active", context.ReadRecord("dst").Status);
    }

    [Fact]
    public void OfTwoIdenticalForksFinishingTogetherOneSucceedsAndTheOtherIsToldWhy()
    {
        var context = Context();
        SeedSession(context, "src", 10);
        using var first = ForkOperation.Plan(context, "src", "same");
        using var second = ForkOperation.Plan(context, "src", "same");

        ForkOperation.Apply(context, first);
        var error = Assert.Throws<MayrosException>(() => ForkOperation.Apply(context, second));

        Assert.Equal(ErrorIds.SessionAlreadyExists, error.ErrorId);
        Assert.Contains("to the same name", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, EventIndex.Load(context.Api, context.Layout, new[] { "same" }).ForSession("same").Count);
        Assert.Single(context.ReadRecord("same").Values(context.Layout.Status));
        Assert.Single(context.ReadRecord("same").Values(context.Layout.ForkedAt));
    }

    [Fact]
    public void OfTwoForksOfDifferentSessionsToOneNameTheFirstWinsAndTheOtherCopiesNothing()
    {
        var context = Context();
        SeedSession(context, "a", 5);
        SeedSession(context, "b", 7, prefix: "b");
        using var fromA = ForkOperation.Plan(context, "a", "contested");
        using var fromB = ForkOperation.Plan(context, "b", "contested");

        // a writes its intent first; b's intent lands before a has finished.
        context.Write(new[] { context.SessionRow("contested", context.Layout.ForkedFrom, "a"), context.SessionRow("contested", context.Layout.ForkIntent,
            ForkIntentJson.Write(fromA.Intent)) }, Array.Empty<CortexTriple>());
        System.Threading.Thread.Sleep(5);
        var error = Assert.Throws<MayrosException>(() => ForkOperation.Apply(context, fromB));
        var result = ForkOperation.Apply(context, fromA);

        Assert.Equal(ErrorIds.SessionAlreadyExists, error.ErrorId);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, result.EventsCopied);
        var events = EventIndex.Load(context.Api, context.Layout, new[] { "contested" }).ForSession("contested");
        Assert.Equal(5, events.Count);
        Assert.Equal(new[] { "a" }, context.ReadRecord("contested").Values(context.Layout.ForkedFrom).Select(t => t.Object.Text));
    }

    [Fact]
    public void ARewindInterruptedBeforeItsRecordFinishesOnARerunWithTheSameId()
    {
        var context = Context();
        SeedSession(context, "s", 20);
        var plan = RewindOperation.Plan(context, "s", Start.AddSeconds(9));
        Assert.Equal(10, plan.ToHide.Count);

        // Only the first batch made it, as Apply writes it: the "started" record and the first four markers.
        var firstId = plan.Id;
        var started = new RewindRecord(firstId, "s", Start.AddSeconds(9), Start.AddMinutes(1), 10, "active", null, RewindState.Started);
        context.Api.Write(context.Api.PlanTriples(context.LogRows("s", context.Layout.Rewind, started.ToJson()).Concat(plan.ToHide.Take(4).SelectMany(e => new[]
        {
            new CortexTripleInput(context.Layout.EventSubject(e.Id), context.Layout.RewoundMarker, CortexValue.String("true")),
            new CortexTripleInput(context.Layout.EventSubject(e.Id), context.Layout.RewoundBy, CortexValue.String(firstId)),
        })).ToList()));

        var rerun = RewindOperation.Apply(context, RewindOperation.Plan(context, "s", Start.AddSeconds(9)));

        Assert.Equal(10, rerun.EventsRemoved);
        Assert.Equal(firstId, rerun.RewindId);
        Assert.Equal(10, context.Api.ListTriples(null, context.Layout.RewoundBy).Count(t => t.Object.Text == firstId));
        var record = Assert.Single(context.ReadRecord("s").Rewinds);
        Assert.Equal("active", record.PreviousStatus);
    }

    [Fact]
    public void EachRewindHasAnIdOfItsOwnEvenToAPointAnUndoneRewindWentBackTo()
    {
        var context = Context();
        SeedSession(context, "s", 20);
        var first = RewindOperation.Plan(context, "s", Start.AddSeconds(9));
        var racing = RewindOperation.Plan(context, "s", Start.AddSeconds(9));
        var firstId = RewindOperation.Apply(context, first).RewindId;
        UndoOperation.Run(context, "s");
        var again = RewindOperation.Apply(context, RewindOperation.Plan(context, "s", Start.AddSeconds(9)));

        Assert.NotEqual(firstId, racing.Id);
        Assert.NotEqual(firstId, again.RewindId);
        Assert.Equal(10, again.EventsRemoved);
        Assert.Equal(10, context.Api.ListTriples(null, context.Layout.RewoundBy).Count(t => t.Object.Text == again.RewindId));
    }

    [Fact]
    public void StatusChangesReplaceTheOldValueInsteadOfAddingOne()
    {
        var context = Context();
        SeedSession(context, "s", 3);
        CheckpointOperation.Run(context, "s");
        Assert.Equal("active", context.ReadRecord("s").Status);

        ForkOperation.Apply(context, ForkOperation.Plan(context, "s", "s2"));
        RewindOperation.Apply(context, RewindOperation.Plan(context, "s", Start));

        Assert.Equal(new[] { "rewound" }, context.ReadRecord("s").Values(context.Layout.Status).Select(t => t.Object.Text));
    }

    [Fact]
    public void ASessionsEventsComeInTimeOrderWhateverOrderTheyWereWrittenIn()
    {
        var context = Context();
        var rng = new Random(7);
        var shuffled = Enumerable.Range(0, 200).OrderBy(_ => rng.Next()).Select(i => new CortexEvent(
            $"z{i:D3}", "tool_call", "agent", Timestamps.Format(Start.AddSeconds(i)), "shuffled", null, null, new Dictionary<string, string>())).ToList();
        context.Api.Write(context.Api.PlanEvents(_ns, shuffled));
        SeedSession(context, "ordered", 50);
        context.Api.Write(context.Api.PlanEvents(_ns, new[] { "t-c", "t-a", "t-b" }.Select(id => new CortexEvent(
            id, "tool_call", "agent", Timestamps.Format(Start), "ties", null, null, new Dictionary<string, string>())).ToList()));

        var index = EventIndex.Load(context.Api, context.Layout, new[] { "shuffled", "ordered", "ties" });

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"z{i:D3}"), index.ForSession("shuffled").Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"e{i:D4}"), index.ForSession("ordered").Select(e => e.Id));
        Assert.Equal(new[] { "t-a", "t-b", "t-c" }, index.ForSession("ties").Select(e => e.Id));
        Assert.Equal("z199", CheckpointOperation.Plan(context, "shuffled").Last!.Id);
    }

    [Fact]
    public void ACopysIdIsTheSameForEveryRunAndEveryVersionOfTheModule()
    {
        // Pinned: an interrupted fork finished by a later version must name its copies as the first run did.
        Assert.Equal("74b75009-06dc-58ba-ab50-6fcbb57f702c", ForkOperation.CopyId("mayros", "experiment", "evt-001"));
        using var sha = System.Security.Cryptography.SHA256.Create();
        Assert.Equal("74b75009-06dc-58ba-ab50-6fcbb57f702c", ForkOperation.CopyId(sha, "mayros", "experiment", "evt-001"));
        Assert.NotEqual(ForkOperation.CopyId(sha, "mayros", "experiment", "evt-002"), ForkOperation.CopyId(sha, "mayros", "experiment", "evt-001"));
    }

    private SessionContext Context() => new(_local.Client().Api, _ns, () => DateTimeOffset.UtcNow);

    private void SeedSession(SessionContext context, string session, int count, string prefix = "e")
    {
        var events = Enumerable.Range(0, count).Select(i => new CortexEvent(
            $"{prefix}{i:D4}", "tool_call", "agent", Timestamps.Format(Start.AddSeconds(i)), session, i == 0 ? null : $"{prefix}{i - 1:D4}", null, new Dictionary<string,
                string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        context.Api.Write(context.Api.PlanEvents(_ns, events));
        context.Write(new[] { context.SessionRow(session, context.Layout.Status, "active") }, Array.Empty<CortexTriple>());
    }

    private static CortexEvent Copy(SessionContext context, ForkPlan plan, SessionEvent e)
    {
        var fields = e.Fields.ToDictionary(f => f.Key, f => f.Value);
        fields[SessionLayout.CopiedFromField] = e.Id;
        return new CortexEvent(ForkOperation.CopyId(context.Layout.Namespace, plan.Name, e.Id), e.Type, e.Agent, e.TimestampText, plan.Name, null, e.DurationMs, fields);
    }
}

/// <summary>The 128-bit keys an import keeps per event instead of the id strings.</summary>
public sealed class EventKeyTests
{
    [Fact]
    public void TheSameIdGivesTheSameKeyAndAMillionIdsOfTheUsualShapesGiveAMillionKeys()
    {
        Assert.Equal(EventKey.Of("e1-s"), EventKey.Of(string.Concat("e1", "-s")));
        Assert.NotEqual(EventKey.Of("ab"), EventKey.Of("ba"));
        Assert.NotEqual(EventKey.Of(string.Empty), EventKey.Of("\0"));

        var keys = new HashSet<EventKey>();
        for (var i = 0; i < 500_000; i++)
        {
            Assert.True(keys.Add(EventKey.Of("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-s")));
            Assert.True(keys.Add(EventKey.Of(new Guid(i, 7, 9, 1, 2, 3, 4, 5, 6, 7, 8).ToString())));
        }

        var set = new EventKeySet();
        set.Add("e42-s");
        Assert.True(set.Contains("e42-s"));
        Assert.False(set.Contains("e43-s"));
    }
}
