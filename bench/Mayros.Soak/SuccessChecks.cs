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
        if (RemovalRan(log, session, from, to))
        {
            states.Add(new HashSet<string>(StringComparer.Ordinal));
        }

        // From a rewind's first marker to its record, readers see the session as rewound, never half rewound: its live
        // events at or before the rewind point (so an event added meanwhile after the point is not counted until the
        // rewind's record is stored). A rewind that failed on Cortex may have left its "started" record, and then
        // readers see the session so until a rewind of it to the same point succeeds (its re-run), or to the end.
        foreach (var (rewind, seenUntil) in log.Where(o => o.Kind.StartsWith("rewind", StringComparison.Ordinal) && o.Session == session && o.StartUtc <= to)
            .Select(o => (o, SeenUntil(log, o))).Where(r => r.Item2 >= from))
        {
            var text = rewind.Fact("RewindPoint") is { Length: > 0 } reported ? reported : rewind.Kind == "rewind-to" ? rewind.Parameter("To") : null;
            if (text != null)
            {
                var rewoundTo = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
                var start = rewind.StartUtc > from ? rewind.StartUtc : from;
                var end = seenUntil < to ? seenUntil : to;
                states.AddRange(SourceStates(store, session, start, end, point is { } p && p < rewoundTo ? p : rewoundTo));
            }
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
        if (taken == null)
        {
            return ReaderStates(store, log, source, from, to, point);
        }

        // The source as the checkpoint counted it; and, while a removal that may take the source runs during the fork,
        // nothing (the fork reads the source then, and the module shows nothing of a session being removed). The module
        // cuts a checkpoint's session on its timeline, right after the checkpoint's last event (or at its moment when it
        // counted none): an event stored after the checkpoint was taken whose timestamp falls before that cut (an agent's
        // late write; the soak's added events carry the worker's clock) is in it too, so each state may have those.
        var states = ReaderStates(store, log, source, taken.StartUtc, taken.EndUtc, null);
        var last = store.Events.GetValueOrDefault(taken.Fact("LastEventId"));
        var cut = last != null ? last.Time : DateTimeOffset.Parse(taken.Fact("Timestamp"), CultureInfo.InvariantCulture);
        var late = store.EventsOf(source).Where(e => e.Created > taken.StartUtc && e.Created <= to && e.Field("restoredFrom") == null
            && (e.Time < cut || (e.Time == cut && last != null && string.CompareOrdinal(e.Id, last.Id) <= 0))).Select(e => store.Origin(e.Id)).ToList();
        if (late.Count > 0)
        {
            states.AddRange(states.Select(state => state.Union(late).ToHashSet(StringComparer.Ordinal)).ToList());
        }

        if (RemovalRan(log, source, from, to))
        {
            states.Add(new HashSet<string>(StringComparer.Ordinal));
        }

        return states;
    }

    /// <summary>Whether a removal that may take the session (of it, or -Recurse of any) ran at some moment of the window.</summary>
    /// <summary>Until when readers may see a rewind's session rewound: its end, or for one that failed on Cortex its re-run's.</summary>
    private static DateTime SeenUntil(IReadOnlyList<Operation> log, Operation rewind)
    {
        if (rewind.Succeeded || Convergence.SessionErrors.Contains(rewind.ErrorId ?? string.Empty))
        {
            return rewind.EndUtc;
        }

        var rerun = log.FirstOrDefault(o => o.Kind == rewind.Kind && o.Session == rewind.Session && o.Succeeded && o.StartUtc >= rewind.EndUtc
            && o.Parameter("To") == rewind.Parameter("To") && o.Parameter("Checkpoint") == rewind.Parameter("Checkpoint"));
        return rerun?.EndUtc ?? DateTime.MaxValue;
    }

    public static bool RemovalRan(IReadOnlyList<Operation> log, string session, DateTime from, DateTime to) =>
        log.Any(o => o.Kind == "remove" && (o.Session == session || o.Parameter("Recurse") == "True") && o.StartUtc <= to && o.EndUtc >= from);

    /// <summary>A fork's copies as they stood at moment t: the events of the fork that copy another, stored by t and not removed by t.</summary>
    public static List<StoredEvent> CopiesAt(StoreModel store, string fork, DateTime t) =>
        store.EventsOf(fork).Where(e => e.Field("copiedFrom") != null && e.Created <= t && !(e.RemovedAt <= t)).ToList();

    private void Fork(Operation op)
    {
        var name = op.Parameter("Name");
        // Its copies: those of its source's events stored by its end (during its run, the failed runs it re-ran, or
        // before) that no removal had marked at some moment of its run: the module finishes an unfinished fork of the
        // name and source (whichever run of the log wrote it, a run that failed with a session error between them
        // included), while a removal marks the events it listed and changes the ids the next fork of the name copies to.
        // A removal may list the name before this fork reads it and mark the copies this fork took over while it runs
        // (the removal then takes the session, which "removedLater" allows), hence a moment of its run, not its end. A
        // copy of another session's event is another fork's of the name (removed and forked again meanwhile).
        var from = RunStart(op);
        DateTimeOffset? point = op.Fact("ForkPoint") is { Length: > 0 } p ? DateTimeOffset.Parse(p, CultureInfo.InvariantCulture) : null;
        var ofSource = _store.EventsOf(name).Where(e => e.Field("copiedFrom") is { } source && e.Created <= op.EndUtc
            && _store.Events.TryGetValue(source, out var original) && original.Session == op.Session && !OthersCopy(op, e, original, point)).ToList();
        var during = ofSource.Where(e => e.Created >= from).ToList();
        var earlier = ofSource.Where(e => e.Created < from).ToList();
        // A copy its earlier runs stored counts only while no removal has marked it, as an earlier copy does: a removal
        // of the name between a failed run and its re-run takes those copies with it, and the re-run forks anew (chaos
        // soak, seed 2828: a re-run that copied nothing, of a source removed meanwhile, was charged the 87 copies a
        // removed fork of the name had stored since the failed run).
        var moments = ofSource.Select(e => e.RemovedAt).Where(m => m > op.StartUtc && m <= op.EndUtc).Select(m => m!.Value).Append(op.StartUtc).Append(op.EndUtc)
            .Distinct();
        var candidates = moments.Select(m => ofSource.Where(e => !(e.RemovedAt <= m)).ToList()).ToList();
        var reported = int.Parse(op.Fact("EventsCopied"), CultureInfo.InvariantCulture);
        var counted = candidates.Select(c => (Copies: c, Origins: _store.Origins(c.Select(e => e.Field("copiedFrom")!)))).Where(c => c.Copies.Count == reported
            && c.Origins.Count == reported).ToList();
        _verdicts.Check("fork: its copies are the EventsCopied it reported, each once", counted.Count > 0,
            () => $"{op}: reported {reported}, stored {during.Count} copies from {from:HH:mm:ss.fff} and {earlier.Count} before; not marked removed at a moment of " +
                $"its run: {string.Join('/', candidates.Select(c => c.Count).Distinct())}; {Earlier(op, earlier)}");
        var states = ForkStates(_store, _log, op.Session, op.Fact("ForkedFromCheckpoint"), op.StartUtc, op.EndUtc, point);
        var copied = counted.Count > 0 ? counted.Select(c => c.Origins).ToList() : candidates.Select(c => _store.Origins(c.Select(e => e.Field("copiedFrom")!))).ToList();
        _verdicts.Check("fork: equal to its source's live events at a moment of its run", copied.Any(c => states.Any(s => s.SetEquals(c))),
            () => $"{op}: copies {copied[^1].Count}, source states {string.Join('/', states.Select(s => s.Count))}; " +
                $"missing {string.Join(',', states.Last().Except(copied[^1]).Take(5))}, extra {string.Join(',', copied[^1].Except(states.Last()).Take(5))}");
        var forkedAt = _store.Values(name, "forkedAt").Where(v => v.CreatedAtUtc >= op.StartUtc && v.CreatedAtUtc <= op.EndUtc).ToList();
        var removedLater = _log.Any(o => o.Kind == "remove" && o.StartUtc >= op.StartUtc);
        _verdicts.Check("fork: its forkedAt is the ForkedAt it reported", forkedAt.Count == 1 ? Same(forkedAt[0].Object.Text, op.Fact("ForkedAt")) : removedLater
            && forkedAt.Count == 0,
            () => $"{op}: reported {op.Fact("ForkedAt")}, stored {string.Join(',', forkedAt.Select(v => v.Object.Text))}");
    }

    /// <summary>For reading a violation: when the fork's earlier copies were stored, and every fork of the name and removal
    /// that may have taken it (of it, or -Recurse of any) that started by the fork's end.</summary>
    private string Earlier(Operation op, List<StoredEvent> earlier)
    {
        var name = op.Parameter("Name");
        var runs = _log.Where(o => o.StartUtc <= op.EndUtc && (o.Kind.StartsWith("fork", StringComparison.Ordinal) && o.Parameter("Name") == name
            || o.Kind == "remove" && (o.Session == name || o.Parameter("Recurse") == "True")));
        var stored = earlier.Count > 0 ? $"{earlier.Count} earlier copies stored {earlier.Min(e => e.Created):HH:mm:ss.fff}-{earlier.Max(e => e.Created):HH:mm:ss.fff}"
            : "no earlier copies";
        return $"{stored}; forks of the name and removals by its end: {string.Join("; ", runs.Select(o => o.ToString()))}";
    }

    /// <summary>
    /// Two forks of one source under one name with the name removed between them: the copy ids are derived from the
    /// source event and the name, so the later fork's copies are the ones the first was still writing (its writes then
    /// skip them). A copy of an event after this fork's point, stored during another fork's run of the name and source
    /// that succeeded, is that fork's.
    /// </summary>
    private bool OthersCopy(Operation op, StoredEvent copy, StoredEvent original, DateTimeOffset? point) =>
        point is { } p && original.Time > p && _log.Any(o => o != op && o.Succeeded && o.Kind.StartsWith("fork", StringComparison.Ordinal)
            && o.Parameter("Name") == op.Parameter("Name") && o.Session == op.Session && o.StartUtc <= copy.Created && o.EndUtc >= copy.Created);

    private void Rewind(Operation op)
    {
        var id = op.Fact("RewindId");
        var point = DateTimeOffset.Parse(op.Fact("RewindPoint"), CultureInfo.InvariantCulture);
        // Each rewind has an id of its own, which a re-run of an unfinished one (of any kind, to the same point) takes
        // over: every marker with the id is this rewind's, whenever it was stored. Two rewinds that race may both mark
        // an event, and Cortex's event listing gives one rewoundBy value, so the count may leave out those marked twice.
        var hidden = _store.WithField("rewoundBy", id).ToList();
        var onlyThis = hidden.Count(e => e.Fields["rewoundBy"].Count == 1);
        var reported = int.Parse(op.Fact("EventsRemoved"), CultureInfo.InvariantCulture);

        // -Checkpoint rewinds back to the checkpoint's last event, not to a time: their events are judged by count.
        var byTime = op.Kind == "rewind-to";
        _verdicts.Check("rewind: hid the EventsRemoved it reported, all of its session, all after its point",
            reported >= onlyThis && reported <= hidden.Count && hidden.All(e => e.Session == op.Session && (!byTime || e.Time > point)),
            () => $"{op}: reported {reported}, {hidden.Count} events carry rewoundBy {id} ({onlyThis} no other), {hidden.Count(e => e.Time <= point)} at or before " +
                $"{OperationCatalog.Iso(point)}");

        // Its own markers aside, the session's live events after the point at some moment of its run are exactly those it
        // hid. A restored copy whose undo's "undone" record went with a removal of the session counts from a moment the
        // log only bounds (StoreModel.BoundUndos): both ends are tried, as for every reader (chaos soak, seed 2828: a
        // rewind hid the 7 copies of an undo that had finished on Cortex, and ended in the log 1.6 s later).
        var events = _store.EventsOf(op.Session).ToList();
        var marked = hidden.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var moments = events.SelectMany(e => new DateTime?[] { e.LiveFrom, e.LiveFromEarliest, e.RewoundAt, e.RemovedAt }).Where(m => m > op.StartUtc && m <= op.EndUtc)
            .Select(m => m!.Value).Append(op.StartUtc).Distinct().ToList();
        bool LiveWithout(StoredEvent e, DateTime m, bool early) =>
            (early ? e.LiveFromEarliest : e.LiveFrom) <= m && !(e.RemovedAt <= m) && (marked.Contains(e.Id) || !(e.RewoundAt <= m));
        bool Exactly(DateTime m, bool early) => events.Where(e => LiveWithout(e, m, early) && e.Time > point).Select(e => e.Id).ToHashSet().SetEquals(marked);
        _verdicts.Check("rewind: hid exactly the events after its point", !byTime || moments.Any(m => Exactly(m, false) || Exactly(m, true)),
            () => $"{op}: hid {marked.Count}; live after the point at its start: {events.Count(e => LiveWithout(e, op.StartUtc, false) && e.Time > point)}");
    }

    /// <summary>
    /// When an operation's work began: its start, or that of the failed runs of the same operation it re-ran, those
    /// that failed on Cortex (and may have written part) since the last run that succeeded or failed with a session
    /// error (which writes nothing: a fork refused with SessionAlreadyExists while another fork of the name stood); or
    /// that of the same operation running already when it started (two workers undoing one rewind, or making one fork
    /// of one source, at once: the later one finishes what the other wrote, and both report all of it).
    /// </summary>
    private DateTime RunStart(Operation op)
    {
        var same = _log.Where(o => o != op && o.Kind == op.Kind && o.Session == op.Session && o.Parameters.Count == op.Parameters.Count
            && o.Parameters.All(p => op.Parameter(p.Key) == p.Value) && o.StartUtc <= op.StartUtc).OrderBy(o => o.StartUtc).ToList();
        var before = same.Where(o => o.EndUtc <= op.StartUtc).ToList();
        bool Settled(Operation o) => o.Succeeded || Convergence.SessionErrors.Contains(o.ErrorId ?? string.Empty);
        var settled = before.LastOrDefault(Settled)?.EndUtc ?? DateTime.MinValue;
        var start = before.Where(o => !Settled(o) && o.StartUtc > settled).Select(o => o.StartUtc).DefaultIfEmpty(op.StartUtc).Min();
        return same.Where(o => o.EndUtc > op.StartUtc).Select(o => o.StartUtc).Append(start).Min();
    }

    /// <summary>
    /// An undo's own copies are those stored during its run (or the failed runs it re-ran): rewind ids are each
    /// rewind's own, so copies of the id stored before that would be an earlier undo's of the same rewind. They must
    /// be, at a moment of its run, the events that carry the rewind's marker, live-hidden (not removed), and not restored already. Two rewinds that race on one session
    /// may both mark an event; Cortex's event listing gives one rewoundBy value, so which of the two undos restores such
    /// an event is not fixed (that it is restored at most once is "no two live events of a session are the same
    /// history"): this undo must restore every event only its rewind marks, and may restore those marked twice.
    /// </summary>
    private void Undo(Operation op)
    {
        var id = op.Fact("UndoneRewindId");
        var from = RunStart(op);
        var all = _store.WithField("restoredBy", id).ToList();
        var own = all.Where(e => e.Created >= from && e.Created <= op.EndUtc).ToList();
        var earlier = all.Where(e => e.Created < from).Select(e => e.Field("restoredFrom")!).ToHashSet(StringComparer.Ordinal);
        var restored = own.Select(e => e.Field("restoredFrom")!).ToHashSet(StringComparer.Ordinal);
        var marked = _store.WithField("rewoundBy", id).Where(e => e.Session == op.Session && e.RewoundAt <= op.EndUtc && !earlier.Contains(e.Id)).ToList();
        var moments = marked.Select(e => e.RemovedAt).Where(m => m > from && m <= op.EndUtc).Select(m => m!.Value).Append(from).Append(op.EndUtc);
        bool Fits(DateTime m)
        {
            var hidden = marked.Where(e => !(e.RemovedAt <= m)).ToList();
            var ids = hidden.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            return restored.IsSubsetOf(ids) && hidden.Where(e => e.Fields["rewoundBy"].Count == 1).All(e => restored.Contains(e.Id));
        }

        var reported = int.Parse(op.Fact("EventsRestored"), CultureInfo.InvariantCulture);
        _verdicts.Check("undo: restored the EventsRestored it reported, exactly the events its rewind hid",
            own.Count == reported && restored.Count == reported && own.All(e => e.Session == op.Session) && moments.Any(Fits),
            () => $"{op}: reported {reported}, {own.Count} restored events of its run ({all.Count} with its id), the rewind hid {marked.Count} " +
                $"({marked.Count(e => e.Fields["rewoundBy"].Count > 1)} marked by another rewind too), {marked.Count(e => e.RemovedAt <= op.EndUtc)} removed by its end");
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
