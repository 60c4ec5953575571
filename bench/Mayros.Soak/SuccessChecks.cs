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
        store.StatesBetween(source, from, to).Select(s => store.Origins(point is { } p ? s.Live.Where(id => store.Events[id].Time <= p) : s.Live));

    /// <summary>
    /// The states a reader may have seen of a session in a window: its live events at each moment, and, while a
    /// removal that may take the session (of it, or -Recurse of any) was running in the window, no events (the module
    /// shows none of a session being removed).
    /// </summary>
    public static List<HashSet<string>> ReaderStates(StoreModel store, IReadOnlyList<Operation> log, string session, DateTime from, DateTime to, DateTimeOffset? point)
    {
        var states = SourceStates(store, session, from, to, point).ToList();
        if (log.Any(o => o.Kind == "remove" && (o.Session == session || o.Parameter("Recurse") == "True") && o.StartUtc <= to && o.EndUtc >= from))
        {
            states.Add(new HashSet<string>(StringComparer.Ordinal));
        }

        return states;
    }

    /// <summary>
    /// What a fork should hold, by the states of its source it may have read: for -Checkpoint, the source's live
    /// events while that checkpoint was taken (the session as the checkpoint counted it); otherwise the source's live
    /// events during the fork, cut at its fork point when it has one.
    /// </summary>
    public static List<HashSet<string>> ForkStates(StoreModel store, IReadOnlyList<Operation> log, string source, string? checkpoint, DateTime from, DateTime to,
        DateTimeOffset? point)
    {
        var taken = checkpoint is { Length: > 0 } ? log.FirstOrDefault(o => o.Kind == "checkpoint" && o.Fact("Id") == checkpoint) : null;
        return taken != null ? ReaderStates(store, log, source, taken.StartUtc, taken.EndUtc, null) : ReaderStates(store, log, source, from, to, point);
    }

    /// <summary>A fork's copies as they stood at moment t: the events of the fork that copy another, stored by t and not removed by t.</summary>
    public static List<StoredEvent> CopiesAt(StoreModel store, string fork, DateTime t) =>
        store.EventsOf(fork).Where(e => e.Field("copiedFrom") != null && e.Created <= t && !(e.RemovedAt <= t)).ToList();

    private void Fork(Operation op)
    {
        var name = op.Parameter("Name");
        // Its copies: stored by its end, not removed before it began (an earlier fork of the name, removed since).
        var copies = _store.EventsOf(name).Where(e => e.Field("copiedFrom") != null && e.Created <= op.EndUtc && !(e.RemovedAt <= op.StartUtc)).ToList();
        var copied = _store.Origins(copies.Select(c => c.Field("copiedFrom")!));
        var reported = int.Parse(op.Fact("EventsCopied"), CultureInfo.InvariantCulture);
        _verdicts.Check("fork: its copies are the EventsCopied it reported, each once", copies.Count == reported && copied.Count == reported,
            () => $"{op}: reported {reported}, stored {copies.Count} copies of {copied.Count} events");
        DateTimeOffset? point = op.Fact("ForkPoint") is { Length: > 0 } p ? DateTimeOffset.Parse(p, CultureInfo.InvariantCulture) : null;
        var states = ForkStates(_store, _log, op.Session, op.Fact("ForkedFromCheckpoint"), op.StartUtc, op.EndUtc, point);
        _verdicts.Check("fork: equal to its source's live events at a moment of its run", states.Any(s => s.SetEquals(copied)),
            () => $"{op}: copies {copied.Count}, source states {string.Join('/', states.Select(s => s.Count))}; " +
                $"missing {string.Join(',', states.Last().Except(copied).Take(5))}, extra {string.Join(',', copied.Except(states.Last()).Take(5))}");
        var forkedAt = _store.Values(name, "forkedAt").Where(v => v.CreatedAtUtc >= op.StartUtc && v.CreatedAtUtc <= op.EndUtc).ToList();
        var removedLater = _log.Any(o => o.Kind == "remove" && o.StartUtc >= op.StartUtc);
        _verdicts.Check("fork: its forkedAt is the ForkedAt it reported", forkedAt.Count == 1 ? Same(forkedAt[0].Object.Text, op.Fact("ForkedAt")) : removedLater
            && forkedAt.Count == 0,
            () => $"{op}: reported {op.Fact("ForkedAt")}, stored {string.Join(',', forkedAt.Select(v => v.Object.Text))}");
    }

    private void Rewind(Operation op)
    {
        var id = op.Fact("RewindId");
        var point = DateTimeOffset.Parse(op.Fact("RewindPoint"), CultureInfo.InvariantCulture);
        // A rewind's id is derived from what it does, so a later rewind of the session to the same point has the same
        // id: its own markers are those stored during its run (or during the failed runs it re-ran).
        var from = RunStart(op);
        var hidden = _store.WithField("rewoundBy", id).Where(e => e.RewoundAt >= from && e.RewoundAt <= op.EndUtc).ToList();
        var reported = int.Parse(op.Fact("EventsRemoved"), CultureInfo.InvariantCulture);

        // -Checkpoint rewinds back to the checkpoint's last event, not to a time: their events are judged by count.
        var byTime = op.Kind == "rewind-to";
        _verdicts.Check("rewind: hid the EventsRemoved it reported, all of its session, all after its point",
            hidden.Count == reported && hidden.All(e => e.Session == op.Session && (!byTime || e.Time > point)),
            () => $"{op}: reported {reported}, {hidden.Count} events carry rewoundBy {id}, {hidden.Count(e => e.Time <= point)} at or before {OperationCatalog.Iso(point)}");

        // Its own markers aside, the session's live events after the point at some moment of its run are exactly those it hid.
        var events = _store.EventsOf(op.Session).ToList();
        var marked = hidden.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var moments = events.SelectMany(e => new DateTime?[] { e.Created, e.RewoundAt, e.RemovedAt }).Where(m => m > op.StartUtc && m <= op.EndUtc).Select(m =>
            m!.Value).Append(op.StartUtc);
        bool LiveWithout(StoredEvent e, DateTime m) => e.Created <= m && !(e.RemovedAt <= m) && (marked.Contains(e.Id) || !(e.RewoundAt <= m));
        _verdicts.Check("rewind: hid exactly the events after its point", !byTime || moments.Any(m => events.Where(e => LiveWithout(e, m) && e.Time > point).Select(e =>
            e.Id).ToHashSet().SetEquals(marked)),
            () => $"{op}: hid {marked.Count}; live after the point at its start: {events.Count(e => LiveWithout(e, op.StartUtc) && e.Time > point)}");
    }

    /// <summary>When an operation's work began: its start, or that of the failed runs of the same operation it re-ran.</summary>
    private DateTime RunStart(Operation op)
    {
        var same = _log.Where(o => o.Kind == op.Kind && o.Session == op.Session && o.Parameters.Count == op.Parameters.Count
            && o.Parameters.All(p => op.Parameter(p.Key) == p.Value) && o.EndUtc <= op.StartUtc).OrderBy(o => o.StartUtc).ToList();
        var lastSuccess = same.LastOrDefault(o => o.Succeeded)?.EndUtc ?? DateTime.MinValue;
        return same.Where(o => !o.Succeeded && o.StartUtc > lastSuccess).Select(o => o.StartUtc).DefaultIfEmpty(op.StartUtc).Min();
    }

    private void Undo(Operation op)
    {
        var id = op.Fact("UndoneRewindId");
        var restored = _store.WithField("restoredBy", id).ToList();
        var hidden = _store.WithField("rewoundBy", id).Where(e => !(e.RemovedAt <= op.EndUtc))
            .Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var reported = int.Parse(op.Fact("EventsRestored"), CultureInfo.InvariantCulture);
        _verdicts.Check("undo: restored the EventsRestored it reported, exactly the events its rewind hid",
            restored.Count == reported && restored.Select(e => e.Field("restoredFrom")!).ToHashSet(StringComparer.Ordinal).SetEquals(hidden) && restored.All(e =>
                e.Session == op.Session),
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
        var states = ReaderStates(_store, _log, op.Session, op.StartUtc, op.EndUtc, null);
        var last = op.Fact("LastEventId");
        _verdicts.Check("checkpoint: EventCount is its session's live events at a moment of its run",
            states.Any(s => s.Count == count && (last.Length == 0 || s.Contains(_store.Origin(last)))),
            () => $"{op}: reported {count}, states {string.Join('/', states.Select(s => s.Count))}");
    }

    private void Added(Operation op)
    {
        foreach (var id in op.Parameter("Ids").Split(','))
        {
            _verdicts.Check("add-events: every event stored as given", _store.Events.TryGetValue(id, out var e) && e.Session == op.Session
                && e.Types.SequenceEqual(new[] { "soak_note" })
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
