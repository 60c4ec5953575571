using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LocalCortex.Graph;

namespace Mayros.Soak;

/// <summary>
/// One event as the store holds it, read triple by triple (raw: no module code), with the moments (created_at) its
/// session, its rewind marker and its removal marker were stored. Lists keep every value, so two of one are seen.
/// </summary>
internal sealed class StoredEvent
{
    private DateTime? _earliest;

    public string Id { get; init; } = string.Empty;

    public List<string> Sessions { get; } = new();

    public List<string> Timestamps { get; } = new();

    public List<string> Types { get; } = new();

    public List<string> Agents { get; } = new();

    public Dictionary<string, List<string>> Fields { get; } = new(StringComparer.Ordinal);

    public DateTime Created { get; set; } = DateTime.MaxValue;

    /// <summary>
    /// From when readers count it: when stored, or for an undo's restored copy when that undo's "undone" record was
    /// stored (the module treats the copies of an unfinished undo as not yet there).
    /// </summary>
    public DateTime LiveFrom { get; set; } = DateTime.MaxValue;

    /// <summary>
    /// The earliest moment readers may have counted it from: <see cref="LiveFrom"/>, except for a restored copy whose
    /// "undone" record went with a removal, which readers counted from some moment between its storing and the end of
    /// the undo that wrote it (<see cref="StoreModel.BoundUndos"/>).
    /// </summary>
    public DateTime LiveFromEarliest { get => _earliest ?? LiveFrom; set => _earliest = value; }

    public DateTime? RewoundAt { get; set; }

    public DateTime? RemovedAt { get; set; }

    public string? Session => Sessions.Count == 0 ? null : Sessions[0];

    public DateTimeOffset Time => DateTimeOffset.Parse(Timestamps[0], CultureInfo.InvariantCulture);

    public string? Field(string name) => Fields.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>Live at moment t: counted by readers by then (<see cref="LiveFrom"/>), and neither hidden nor removed by then.</summary>
    public bool LiveAt(DateTime t) => LiveAt(t, early: false);

    /// <summary>Live at moment t, counted from <see cref="LiveFromEarliest"/> when early.</summary>
    public bool LiveAt(DateTime t, bool early) => (early ? LiveFromEarliest : LiveFrom) <= t && !(RewoundAt <= t) && !(RemovedAt <= t);
}

/// <summary>
/// A namespace of one store, read raw: its events and its session records, with created_at for each. A record is the
/// session's subject and its log ({ns}:sessionlog:key, where the module keeps rewind records and older checkpoints
/// with the same predicates): every reader of the module reads both as one record, so the model does too.
/// </summary>
internal sealed class StoreModel
{
    private readonly Dictionary<string, ILookup<string, StoredEvent>> _byField = new(StringComparer.Ordinal);
    private Dictionary<string, List<StoredEvent>>? _bySession;

    private StoreModel(string ns) => Namespace = ns;

    public string Namespace { get; }

    public Dictionary<string, StoredEvent> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Session key → field (the predicate after {ns}:session:) → every value stored, with its created_at.</summary>
    public Dictionary<string, Dictionary<string, List<StoredTriple>>> Records { get; } = new(StringComparer.Ordinal);

    public static StoreModel Read(TripleStore store, string ns)
    {
        var model = new StoreModel(ns);
        var eventPrefix = ns + ":event:";
        var sessionPrefix = ns + ":session:";
        var logPrefix = ns + ":sessionlog:";
        foreach (var t in store.Find(null, null, null))
        {
            if (t.Subject.StartsWith(eventPrefix, StringComparison.Ordinal))
            {
                model.AddEventTriple(t, t.Subject[eventPrefix.Length..], t.Predicate.StartsWith(eventPrefix,
                    StringComparison.Ordinal) ? t.Predicate[eventPrefix.Length..] : t.Predicate);
            }
            else if (t.Subject.StartsWith(sessionPrefix, StringComparison.Ordinal) || t.Subject.StartsWith(logPrefix, StringComparison.Ordinal))
            {
                var key = t.Subject.StartsWith(sessionPrefix, StringComparison.Ordinal) ? t.Subject[sessionPrefix.Length..] : t.Subject[logPrefix.Length..];
                var field = t.Predicate.StartsWith(sessionPrefix, StringComparison.Ordinal) ? t.Predicate[sessionPrefix.Length..] : t.Predicate;
                var record = model.Records.TryGetValue(key, out var r) ? r : model.Records[key] = new();
                (record.TryGetValue(field, out var values) ? values : record[field] = new()).Add(t);
            }
        }

        model.SetLiveFrom();
        return model;
    }

    /// <summary>The values of one field of a session's record, oldest first.</summary>
    public List<StoredTriple> Values(string key, string field) =>
        Records.TryGetValue(key, out var record) && record.TryGetValue(field, out var values) ? values.OrderBy(v => v.CreatedAtUtc).ToList() : new();

    public IEnumerable<StoredEvent> EventsOf(string session)
    {
        // Indexed on first use (the model is read once, then only queried).
        _bySession ??= Events.Values.Where(e => e.Session != null).GroupBy(e => e.Session!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return _bySession.TryGetValue(session, out var events) ? events : Enumerable.Empty<StoredEvent>();
    }

    /// <summary>The events that carry <paramref name="value"/> in the field (any of its values), indexed on first use.</summary>
    public IEnumerable<StoredEvent> WithField(string field, string value)
    {
        if (!_byField.TryGetValue(field, out var lookup))
        {
            lookup = _byField[field] = Events.Values.SelectMany(e => e.Fields.TryGetValue(field, out var v) ? v.Select(x => (x, e)) : Enumerable.Empty<(string, StoredEvent)>())
                .ToLookup(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        }

        return lookup[value];
    }

    /// <summary>The session's live events at moment t (raw: stored, not hidden, not removed).</summary>
    public HashSet<string> LiveAt(string session, DateTime t) => EventsOf(session).Where(e => e.LiveAt(t)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every distinct state of the session's live events between two moments: the state at <paramref name="from"/>
    /// and the state after each change (an event stored, hidden or removed) up to <paramref name="to"/>.
    /// </summary>
    public List<(DateTime At, HashSet<string> Live)> StatesBetween(string session, DateTime from, DateTime to)
    {
        var events = EventsOf(session).ToList();
        var moments = events.SelectMany(e => new DateTime?[] { e.LiveFrom, e.LiveFromEarliest, e.RewoundAt, e.RemovedAt })
            .Where(m => m > from && m <= to).Select(m => m!.Value).Append(from).Distinct().OrderBy(m => m);
        var uncertain = events.Any(e => e.LiveFromEarliest < e.LiveFrom);
        return moments.SelectMany(m => (uncertain ? new[] { false, true } : new[] { false })
            .Select(early => (m, events.Where(e => e.LiveAt(m, early)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal)))).ToList();
    }

    /// <summary>The event an id stands for: an undo's restored event is the event it restores (followed back).</summary>
    public string Origin(string id)
    {
        for (var i = 0; i < 100 && Events.TryGetValue(id, out var e) && e.Field("restoredFrom") is { } from; i++)
        {
            id = from;
        }

        return id;
    }

    /// <summary>The same set with each id replaced by its origin.</summary>
    public HashSet<string> Origins(IEnumerable<string> ids) => ids.Select(Origin).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Each event counts from when it was stored; an undo's restored copy from the first "undone" record of its undo's
    /// rewind id stored after it (the record may be gone with a removed session: then from when it was stored).
    /// </summary>
    private void SetLiveFrom()
    {
        foreach (var e in Events.Values)
        {
            e.LiveFrom = e.Created;
            if (e.Field("restoredBy") is not { } rewind || e.Session is not { } session)
            {
                continue;
            }

            var undone = Values(session, "rewind").Where(v => v.CreatedAtUtc >= e.Created && v.Object.Text is { } text
                && text.Contains($"\"id\":\"{rewind}\"", StringComparison.Ordinal) && text.Contains("\"state\":\"undone\"", StringComparison.Ordinal)).ToList();
            if (undone.Count > 0)
            {
                e.LiveFrom = undone[0].CreatedAtUtc;
            }
        }
    }

    /// <summary>
    /// A restored copy whose undo's "undone" record is gone (a removal of its session deleted the record's values) was
    /// counted by readers from some moment between its storing and the end of the first undo of its session that
    /// succeeded by then: from the log, both are states readers may have seen (a checkpoint during such an undo counted
    /// 31, without the copies, where the store alone said 41).
    /// </summary>
    public void BoundUndos(IReadOnlyList<Operation> log)
    {
        var undos = log.Where(o => o.Kind == "undo" && o.Succeeded).OrderBy(o => o.EndUtc).ToList();
        foreach (var e in Events.Values.Where(e => e.LiveFrom == e.Created && e.Field("restoredBy") != null && e.Session != null))
        {
            if (undos.FirstOrDefault(o => o.Session == e.Session && o.EndUtc >= e.Created) is { } undo)
            {
                e.LiveFromEarliest = e.Created;
                e.LiveFrom = undo.EndUtc;
            }
        }
    }

    private void AddEventTriple(StoredTriple t, string id, string predicate)
    {
        var e = Events.TryGetValue(id, out var found) ? found : Events[id] = new StoredEvent { Id = id };
        var text = t.Object.Text ?? t.Object.ToString();
        switch (predicate)
        {
            case "session":
                e.Sessions.Add(text.StartsWith(Namespace + ":session:", StringComparison.Ordinal) ? text[(Namespace.Length + 9)..] : text);
                e.Created = t.CreatedAtUtc < e.Created ? t.CreatedAtUtc : e.Created;
                break;
            case "timestamp":
                e.Timestamps.Add(text);
                break;
            case "type":
                e.Types.Add(text);
                break;
            case "agent":
                e.Agents.Add(text.StartsWith(Namespace + ":agent:", StringComparison.Ordinal) ? text[(Namespace.Length + 7)..] : text);
                break;
            default:
                (e.Fields.TryGetValue(predicate, out var values) ? values : e.Fields[predicate] = new()).Add(text);
                if (predicate == "rewound")
                {
                    e.RewoundAt = e.RewoundAt is { } r && r < t.CreatedAtUtc ? r : t.CreatedAtUtc;
                }
                else if (predicate == "removedBy")
                {
                    e.RemovedAt = e.RemovedAt is { } r && r < t.CreatedAtUtc ? r : t.CreatedAtUtc;
                }

                break;
        }
    }
}
