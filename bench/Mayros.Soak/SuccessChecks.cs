using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Mayros.Soak;

/// <summary>
/// Every success left exactly what it reported, judged from the raw store. Where other workers changed the session at
/// the same time, the check is that the result equals the session's live events at some moment between the
/// operation's start and end (every state the store passed through in that window is tried).
/// </summary>
internal sealed class SuccessChecks
{
    private readonly StoreModel _store;
    private readonly IReadOnlyList<Operation> _log;
    private readonly Verdicts _verdicts;

    public SuccessChecks(StoreModel store, IReadOnlyList<Operation> log, Verdicts verdicts)
    {
        _store = store;
        _log = log;
        _verdicts = verdicts;
    }

    public void Run()
    {
        foreach (var op in _log.Where(o => o.Succeeded))
        {
            switch (op.Kind)
            {
                case "fork-now" or "fork-at" or "fork-checkpoint": Fork(op); break;
                case "rewind-to" or "rewind-checkpoint": Rewind(op); break;
                case "undo": Undo(op); break;
                case "checkpoint": Checkpoint(op); break;
                case "add-events": Added(op); break;
                case "remove": Removed(op); break;
            }
        }
    }

    /// <summary>The source's live events at moments in the window, each cut at the fork point when there is one.</summary>
    public static IEnumerable<HashSet<string>> SourceStates(StoreModel store, string source, DateTime from, DateTime to, DateTimeOffset? point) =>
        store.StatesBetween(source, from, to).Select(s => point is { } p ? s.Live.Where(id => store.Events[id].Time <= p).ToHashSet(StringComparer.Ordinal) : s.Live);

    /// <summary>A fork's copies as they stood at moment t: the events of the fork that copy another, stored by t and not removed by t.</summary>
    public static List<StoredEvent> CopiesAt(StoreModel store, string fork, DateTime t) =>
        store.EventsOf(fork).Where(e => e.Field("copiedFrom") != null && e.Created <= t && !(e.RemovedAt <= t)).ToList();

    private void Fork(Operation op)
    {
        var name = op.Parameter("Name");
        var copies = CopiesAt(_store, name, op.EndUtc);
        var copied = copies.Select(c => c.Field("copiedFrom")!).ToHashSet(StringComparer.Ordinal);
        var reported = int.Parse(op.Fact("EventsCopied"), CultureInfo.InvariantCulture);
        _verdicts.Check("fork: its copies are the EventsCopied it reported, each once", copies.Count == reported && copied.Count == reported,
            () => $"{op}: reported {reported}, stored {copies.Count} copies of {copied.Count} events");
        DateTimeOffset? point = op.Fact("ForkPoint") is { Length: > 0 } p ? DateTimeOffset.Parse(p, CultureInfo.InvariantCulture) : null;
        var states = SourceStates(_store, op.Session, op.StartUtc, op.EndUtc, point).ToList();
        _verdicts.Check("fork: equal to its source's live events at a moment of its run", states.Any(s => s.SetEquals(copied)),
            () => $"{op}: copies {copied.Count}, source states {string.Join('/', states.Select(s => s.Count))}; missing {string.Join(',', states.Last().Except(copied).Take(5))}, extra {string.Join(',', copied.Except(states.Last()).Take(5))}");
        var forkedAt = _store.Values(name, "forkedAt").Where(v => v.CreatedAtUtc >= op.StartUtc && v.CreatedAtUtc <= op.EndUtc).ToList();
        var removedLater = _log.Any(o => o.Kind == "remove" && o.StartUtc >= op.StartUtc);
        _verdicts.Check("fork: its forkedAt is the ForkedAt it reported", forkedAt.Count == 1 ? Same(forkedAt[0].Object.Text, op.Fact("ForkedAt")) : removedLater && forkedAt.Count == 0,
            () => $"{op}: reported {op.Fact("ForkedAt")}, stored {string.Join(',', forkedAt.Select(v => v.Object.Text))}");
    }

    private void Rewind(Operation op)
    {
        var id = op.Fact("RewindId");
        var point = DateTimeOffset.Parse(op.Fact("RewindPoint"), CultureInfo.InvariantCulture);
        var hidden = _store.Events.Values.Where(e => e.Fields.TryGetValue("rewoundBy", out var by) && by.Contains(id)).ToList();
        var reported = int.Parse(op.Fact("EventsRemoved"), CultureInfo.InvariantCulture);
        _verdicts.Check("rewind: hid the EventsRemoved it reported, all of its session, all after its point",
            hidden.Count == reported && hidden.All(e => e.Session == op.Session && e.Time > point),
            () => $"{op}: reported {reported}, {hidden.Count} events carry rewoundBy {id}, {hidden.Count(e => e.Time <= point)} at or before {OperationCatalog.Iso(point)}");

        // Its own markers aside, the session's live events after the point at some moment of its run are exactly those it hid.
        var events = _store.EventsOf(op.Session).ToList();
        var marked = hidden.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var moments = events.SelectMany(e => new DateTime?[] { e.Created, e.RewoundAt, e.RemovedAt }).Where(m => m > op.StartUtc && m <= op.EndUtc).Select(m => m!.Value).Append(op.StartUtc);
        bool LiveWithout(StoredEvent e, DateTime m) => e.Created <= m && !(e.RemovedAt <= m) && (marked.Contains(e.Id) || !(e.RewoundAt <= m));
        _verdicts.Check("rewind: hid exactly the events after its point", moments.Any(m => events.Where(e => LiveWithout(e, m) && e.Time > point).Select(e => e.Id).ToHashSet().SetEquals(marked)),
            () => $"{op}: hid {marked.Count}; live after the point at its start: {events.Count(e => LiveWithout(e, op.StartUtc) && e.Time > point)}");
    }

    private void Undo(Operation op)
    {
        var id = op.Fact("UndoneRewindId");
        var restored = _store.Events.Values.Where(e => e.Field("restoredBy") == id).ToList();
        var hidden = _store.Events.Values.Where(e => e.Fields.TryGetValue("rewoundBy", out var by) && by.Contains(id)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var reported = int.Parse(op.Fact("EventsRestored"), CultureInfo.InvariantCulture);
        _verdicts.Check("undo: restored the EventsRestored it reported, exactly the events its rewind hid",
            restored.Count == reported && restored.Select(e => e.Field("restoredFrom")!).ToHashSet(StringComparer.Ordinal).SetEquals(hidden) && restored.All(e => e.Session == op.Session),
            () => $"{op}: reported {reported}, {restored.Count} restored events, the rewind hid {hidden.Count}");
    }

    private void Checkpoint(Operation op)
    {
        var id = op.Fact("Id");
        var stored = _store.Values(op.Session, "checkpoint").Where(v => v.Object.Text!.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal)).ToList();
        var removedLater = _log.Any(o => o.Kind == "remove" && o.StartUtc >= op.StartUtc);
        _verdicts.Check("checkpoint: stored once in its session's record, with its label", stored.Count == 1
            ? stored[0].Object.Text!.Contains($"\"label\":\"{op.Parameter("Label")}\"", StringComparison.Ordinal) : removedLater && stored.Count == 0,
            () => $"{op}: {stored.Count} stored checkpoints with id {id}");
        var count = int.Parse(op.Fact("EventCount"), CultureInfo.InvariantCulture);
        var states = _store.StatesBetween(op.Session, op.StartUtc, op.EndUtc);
        _verdicts.Check("checkpoint: EventCount is its session's live events at a moment of its run",
            states.Any(s => s.Live.Count == count && (op.Fact("LastEventId") is not { Length: > 0 } last || s.Live.Contains(last) || !_store.Events.ContainsKey(last))),
            () => $"{op}: reported {count}, states {string.Join('/', states.Select(s => s.Live.Count))}");
    }

    private void Added(Operation op)
    {
        foreach (var id in op.Parameter("Ids").Split(','))
        {
            _verdicts.Check("add-events: every event stored as given", _store.Events.TryGetValue(id, out var e) && e.Session == op.Session && e.Types.SequenceEqual(new[] { "soak_note" })
                && e.Field("note") == "note " + id, () => $"{op}: event {id} is {(e == null ? "missing" : $"in {e.Session}, type {string.Join(',', e.Types)}")}");
        }
    }

    private void Removed(Operation op)
    {
        var before = _store.EventsOf(op.Session).Where(e => e.Created < op.StartUtc).ToList();
        _verdicts.Check("remove: every event of the session before it is marked removed by its end", before.All(e => e.RemovedAt <= op.EndUtc),
            () => $"{op}: {before.Count(e => !(e.RemovedAt <= op.EndUtc))} of {before.Count} events not marked removed");
    }

    private static bool Same(string? stored, string reported) =>
        stored != null && DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture) == DateTimeOffset.Parse(reported, CultureInfo.InvariantCulture);
}
