using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LocalCortex.Graph;

namespace Mayros.Soak;

/// <summary>
/// What must hold of the stored data whatever the operations reported: no key twice, one forkedAt per fork, every
/// fork that looks complete (has a status) is complete, no seeded event lost or changed unless a removal or a rewind
/// of its session did it, and nothing written to the follower that the leader does not hold.
/// </summary>
internal sealed class StoreInvariants
{
    // A fork's identity: one value each, always. (status and rewindPoint are replaced value by value, new first, and
    // readers take the newest, so two racing writers may leave two: that is by design, see docs/ARCHITECTURE.md.)
    private static readonly string[] SingleFields = { "forkedAt", "forkedFrom", "parentSession", "forkPoint", "forkCheckpoint" };

    private readonly StoreModel _store;
    private readonly IReadOnlyList<Operation> _log;
    private readonly Verdicts _verdicts;

    public StoreInvariants(StoreModel store, IReadOnlyList<Operation> log, Verdicts verdicts)
    {
        _store = store;
        _log = log;
        _verdicts = verdicts;
    }

    public void Run(SeedData seed, TripleStore leader, TripleStore follower, LocalCortex.RequestLog? followerRequests)
    {
        NoKeyTwice();
        ForksThatLookCompleteAreComplete();
        SeededEventsKept(seed);
        FollowerHoldsOnlyTheLeadersData(leader, follower, followerRequests);
    }

    private void NoKeyTwice()
    {
        foreach (var e in _store.Events.Values)
        {
            _verdicts.Check("no key twice: an event has one session, timestamp, type and agent, and one value per field",
                e.Sessions.Count == 1 && e.Timestamps.Count == 1 && e.Types.Count == 1 && e.Agents.Count == 1 && e.Fields.Where(f =>
                    f.Key is not "rewoundBy" and not "removedBy").All(f => f.Value.Count == 1),
                () => $"event {e.Id}: sessions {string.Join(',', e.Sessions)}, timestamps {e.Timestamps.Count}, types {e.Types.Count}, agents {e.Agents.Count}, " +
                    $"fields twice: {string.Join(',', e.Fields.Where(f => f.Value.Count > 1).Select(f => f.Key))}");
        }

        // An undo writes a hidden event again under a new id; two live events of one session must never be the same
        // history (as two undos of rewinds that both hid it would make).
        foreach (var session in _store.Events.Values.Where(e => e.Session != null && e.RewoundAt == null && e.RemovedAt == null).GroupBy(e => e.Session))
        {
            var twice = session.GroupBy(e => _store.Origin(e.Id)).Where(g => g.Count() > 1).ToList();
            _verdicts.Check("no key twice: no two live events of a session are the same history", twice.Count == 0,
                () => $"session {session.Key}: {string.Join("; ", twice.Take(3).Select(g => string.Join(" = ", g.Select(e => e.Id))))}");
        }

        foreach (var (key, record) in _store.Records)
        {
            foreach (var field in SingleFields.Where(record.ContainsKey))
            {
                var invariant = field == "forkedAt" ? "no fork with two forkedAt" : "no key twice: one value per record field";
                _verdicts.Check(invariant, record[field].Count == 1, () => $"session {key}: {field} = {string.Join(" | ", record[field].Select(v => v.Object.Text))}");
            }
        }

        var checkpointIds = _store.Records.Values.Where(r => r.ContainsKey("checkpoint")).SelectMany(r => r["checkpoint"])
            .Select(v => System.Text.Json.JsonDocument.Parse(v.Object.Text!).RootElement.TryGetProperty("id", out var id) ? id.GetString() : null).Where(id => id != null).ToList();
        _verdicts.Check("no key twice: a checkpoint id is stored once", checkpointIds.Distinct().Count() == checkpointIds.Count,
            () => "checkpoint ids twice: " + string.Join(',', checkpointIds.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key)));
    }

    /// <summary>
    /// Every fork with a status (what listings show) holds its source's live events at some moment between the start of
    /// the operation that wrote the status and the status itself, each once: whether that operation reported success.
    /// </summary>
    private void ForksThatLookCompleteAreComplete()
    {
        foreach (var (key, record) in _store.Records.Where(r => r.Value.ContainsKey("status") && r.Value.ContainsKey("forkedFrom") && r.Value.ContainsKey("forkedAt")))
        {
            var status = record["status"].OrderBy(v => v.CreatedAtUtc).Last();
            if (status.Object.Text == "removed")
            {
                continue;
            }

            // The fork that wrote the intent (forkedAt) read the source; it, or the first later fork of the name that
            // succeeded (a re-run), finished it; without one, the status itself (a failed fork whose last write landed).
            var source = record["forkedFrom"][0].Object.Text!;
            var intent = record["forkedAt"].Min(v => v.CreatedAtUtc);
            var forks = _log.Where(o => o.Kind.StartsWith("fork", StringComparison.Ordinal) && o.Parameter("Name") == key).OrderBy(o => o.StartUtc).ToList();
            var writer = forks.LastOrDefault(o => o.StartUtc <= intent && intent <= o.EndUtc);
            if (!_verdicts.Check("a fork's record was written by a fork of that name", writer != null, () =>
                $"fork {key}: intent at {intent:HH:mm:ss.fff}, no fork of it was running"))
            {
                continue;
            }

            var done = forks.FirstOrDefault(o => o.StartUtc >= writer!.StartUtc && o.Succeeded);
            var at = done?.EndUtc ?? status.CreatedAtUtc;
            DateTimeOffset? point = record.TryGetValue("forkPoint", out var fp) ? DateTimeOffset.Parse(fp[0].Object.Text!, CultureInfo.InvariantCulture) : null;
            var copies = SuccessChecks.CopiesAt(_store, key, at);
            var copied = _store.Origins(copies.Select(c => c.Field("copiedFrom")!));
            var checkpoint = record.TryGetValue("forkCheckpoint", out var fc) ? fc[0].Object.Text : null;
            var states = SuccessChecks.ForkStates(_store, _log, source, checkpoint, writer!.StartUtc, at, point);
            _verdicts.Check("a fork that looks complete is complete: its source's live events at a moment, each once",
                copies.Count == copied.Count && states.Any(s => s.SetEquals(copied)),
                () => $"fork {key} of {source} (written by {writer}, finished by {done?.ToString() ?? "its status"}): {copies.Count} copies of {copied.Count} events; " +
                    $"source states {string.Join('/', states.Select(s => s.Count))}");
        }
    }

    private void SeededEventsKept(SeedData seed)
    {
        foreach (var s in seed.Events)
        {
            var stored = _store.Events.GetValueOrDefault(s.Id);
            _verdicts.Check("no seeded event lost or changed", stored != null && stored.Session == s.Session && stored.Timestamps.SequenceEqual(new[] { s.Timestamp })
                && stored.Types.SequenceEqual(new[] { s.Type }) && stored.Agents.SequenceEqual(new[] { s.Agent })
                && s.Fields.All(f => stored.Fields.TryGetValue(f.Key, out var v) && v.SequenceEqual(new[] { f.Value })),
                () => stored == null ? $"seeded event {s.Id} is gone" : $"seeded event {s.Id} changed: session {stored.Session}, " +
                    $"fields {string.Join(';', stored.Fields.Select(f => f.Key + "=" + string.Join('|', f.Value)))}");
            if (stored == null)
            {
                continue;
            }

            if (stored.RemovedAt != null)
            {
                _verdicts.Check("a seeded event is removed only by a removal of its session", _log.Any(o => o.Kind == "remove" && o.Session == s.Session
                    && o.StartUtc <= stored.RemovedAt),
                    () => $"seeded event {s.Id} removed at {stored.RemovedAt:HH:mm:ss.fff}; no removal of {s.Session} was running");
            }
            else if (stored.RewoundAt != null)
            {
                _verdicts.Check("a seeded event is hidden only by a rewind of its session to a point before it", _log.Any(o => o.Kind.StartsWith("rewind", StringComparison.Ordinal)
                    && o.Session == s.Session && o.StartUtc <= stored.RewoundAt && (o.Kind == "rewind-checkpoint" || DateTimeOffset.Parse(o.Parameter("To"),
                        CultureInfo.InvariantCulture) < stored.Time)),
                    () => $"seeded event {s.Id} ({s.Timestamp}) hidden at {stored.RewoundAt:HH:mm:ss.fff} by {stored.Field("rewoundBy")}; no rewind of {s.Session} to before it");
            }
        }
    }

    /// <summary>
    /// Writes go to the leader: the follower accepted no write (its own request log: a 2xx answer to a POST or DELETE),
    /// and holds nothing of the namespace that the leader does not (Raft's copies of single creates only).
    /// </summary>
    private void FollowerHoldsOnlyTheLeadersData(TripleStore leader, TripleStore follower, LocalCortex.RequestLog? followerRequests)
    {
        var accepted = followerRequests?.Snapshot().Where(r => r.IsWrite && r.Status < 300).ToList() ?? new();
        _verdicts.Check("no write accepted by the follower", accepted.Count == 0,
            () => $"the follower accepted {accepted.Count} writes: " + string.Join("; ", accepted.Take(5).Select(r => $"{r.AtUtc:HH:mm:ss.fff} {r.Method} {r.Path} {r.Status}")));
        var ns = _store.Namespace + ":";
        var onFollower = follower.Find(null, null, null).Where(t => t.Subject.StartsWith(ns, StringComparison.Ordinal)).ToList();
        _verdicts.Check("the follower holds nothing the leader lacks", onFollower.All(t => !t.Subject.StartsWith(ns + "event:", StringComparison.Ordinal)
            && leader.Get(t.Id) != null),
            () => $"{onFollower.Count(t => leader.Get(t.Id) == null)} triples on the follower that the leader lacks, e.g. " +
                string.Join("; ", onFollower.Where(t => leader.Get(t.Id) == null).Take(3).Select(t =>
                    $"{t.Subject} {t.Predicate} {t.Object.Text} ({t.CreatedAtUtc:HH:mm:ss.fff})")));
    }
}
