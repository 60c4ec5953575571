using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>Tests that measure this process's memory run alone: other tests allocating beside them would blur it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";
}

/// <summary>
/// A small session in a large namespace: what the module keeps follows the session, not the namespace. Cortex has no
/// session filter, so every command reads the whole namespace's listing; it must keep only its sessions' events.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class StreamingTests : IClassFixture<LocalServer>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly LocalServer _local;

    public StreamingTests(LocalServer local) => _local = local;

    [Fact]
    public void TheEventsKeptDoNotGrowWithOtherSessionsEvents()
    {
        var small = Namespace(others: 5_000);
        var large = Namespace(others: 50_000);

        // Once untimed, so that what the first read sets up for good (connections, code) is not counted.
        Retained(small);
        var keptSmall = Retained(small);
        var keptLarge = Retained(large);

        Assert.Equal(50, keptSmall.Events);
        Assert.Equal(50, keptLarge.Events);
        Assert.True(keptLarge.Bytes < (keptSmall.Bytes * 1.5) + (256 * 1024), $"kept {keptSmall.Bytes:N0} bytes beside 5,000 other events and {keptLarge.Bytes:N0} beside 50,000");
        Assert.True(keptLarge.Bytes < 2 * 1024 * 1024, $"kept {keptLarge.Bytes:N0} bytes for a session of 50 events");
    }

    [Fact]
    public void EventsWhoseSessionIsAPlainLiteralAreFoundEvenPastWhatIsKeptApartWhileReading()
    {
        var context = new SessionContext(_local.Client().Api, "lit" + Guid.NewGuid().ToString("N")[..8]);
        Seed(context, "mine", 5);

        // Ten events without a node session, five of them the session's by a plain literal (as other writers store
        // it), while the reader keeps only three apart: at least two must be read again.
        var loose = Enumerable.Range(0, 10).Select(i => new CortexEvent(
            "loose" + i.ToString(CultureInfo.InvariantCulture), "note", "a", Timestamps.Format(Start.AddMinutes(5).AddSeconds(i)), null, null, null, new Dictionary<string,
                string>())).ToList();
        context.Api.Write(context.Api.PlanEvents(context.Layout.Namespace, loose));
        var literal = loose.Where((e, i) => i % 2 == 0).Select(e => e.Id).ToList();
        context.Write(literal.Select(id => new CortexTripleInput(context.Layout.EventSubject(id), context.Layout.EventPredicate("session"), CortexValue.String("mine"))).ToList(),
            Array.Empty<CortexTriple>());
        _local.Server.Requests.Clear();

        var events = EventIndex.Load(context.Api, context.Layout, new[] { "mine" }, withoutSessionBudget: 3).ForSession("mine");

        Assert.Equal(10, events.Count);
        Assert.Equal(literal, events.Skip(5).Select(e => e.Id));
        Assert.All(events, e => Assert.Equal("mine", e.Session));
        Assert.Equal(2, _local.Server.Requests.Snapshot().Count(r => r.Path == "/api/v1/events"));
    }

    private SessionContext Namespace(int others)
    {
        var context = new SessionContext(_local.Client().Api, "big" + Guid.NewGuid().ToString("N")[..8]);
        Seed(context, "mine", 50);
        for (var batch = 0; batch < others; batch += 5_000)
        {
            var events = Enumerable.Range(batch, Math.Min(5_000, others - batch)).Select(i => new CortexEvent(
                "o" + i.ToString(CultureInfo.InvariantCulture),
                "tool_call",
                "agent-" + (i % 7).ToString(CultureInfo.InvariantCulture),
                Timestamps.Format(Start.AddSeconds(i)),
                "other" + (i % 100).ToString(CultureInfo.InvariantCulture),
                null,
                null,
                new Dictionary<string, string> { ["note"] = "another session's event " + i.ToString(CultureInfo.InvariantCulture) })).ToList();
            context.Api.Write(context.Api.PlanEvents(context.Layout.Namespace, events));
        }

        return context;
    }

    /// <summary>The bytes the index of one session holds on to, after a full collection, and its events.</summary>
    private static (long Bytes, int Events) Retained(SessionContext context)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = EventIndex.Load(context.Api, context.Layout, new[] { "mine" });
        var events = index.ForSession("mine").Count;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        return (Math.Max(0, after - before), events);
    }

    private static void Seed(SessionContext context, string session, int count)
    {
        var events = Enumerable.Range(0, count).Select(i => new CortexEvent(
            "m" + i.ToString(CultureInfo.InvariantCulture), "tool_call", "agent", Timestamps.Format(Start.AddSeconds(i)), session, null, null, new Dictionary<string,
                string> { ["i"] = "x" })).ToList();
        context.Api.Write(context.Api.PlanEvents(context.Layout.Namespace, events));
    }
}
