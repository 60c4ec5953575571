using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>One session a removal takes out, as read before anything is written.</summary>
    internal sealed class SessionToRemove
    {
        public SessionToRemove(string key, SessionRecord record, IReadOnlyList<SessionEvent> events, IReadOnlyList<string> forks)
        {
            Key = key;
            Record = record;
            Events = events;
            Forks = forks;
        }

        public string Key { get; }

        public SessionRecord Record { get; }

        /// <summary>The session's events, hidden ones included (not those of an earlier removal under the same key).</summary>
        public IReadOnlyList<SessionEvent> Events { get; }

        /// <summary>Its direct forks.</summary>
        public IReadOnlyList<string> Forks { get; }

        /// <summary>The marker triples a removal adds: removedBy on every event, rewound on those not hidden already.</summary>
        public int NewMarkers => Events.Count + Events.Count(e => !e.Rewound);
    }

    /// <summary>What a removal will do, decided before anything is written (and shown by -WhatIf and -Confirm).</summary>
    internal sealed class RemovalPlan
    {
        public RemovalPlan(string key, bool purge, IReadOnlyList<SessionToRemove> sessions, PurgeWork? purgeWork)
        {
            Key = key;
            Purge = purge;
            Sessions = sessions;
            PurgeWork = purgeWork;
        }

        /// <summary>The session asked for.</summary>
        public string Key { get; }

        public bool Purge { get; }

        /// <summary>The sessions to remove, leaves first: the one asked for comes last.</summary>
        public IReadOnlyList<SessionToRemove> Sessions { get; }

        /// <summary>For -Purge: the triples stored now that the purge will delete (the markers the removal adds come on top).</summary>
        public PurgeWork? PurgeWork { get; }

        public int Events => Sessions.Sum(s => s.Events.Count);

        public int Checkpoints => Sessions.Sum(s => s.Record.Checkpoints.Count);

        /// <summary>The record values that go (one delete each).</summary>
        public int RecordValues => Sessions.Sum(s => s.Record.Triples.Count);

        /// <summary>The batch requests that write the removal markers.</summary>
        public int MarkerRequests { get; set; }

        /// <summary>The delete requests a purge sends: what is stored now, plus the markers the removal adds first.</summary>
        public int PurgeDeletes => PurgeWork == null ? 0 : PurgeWork.Deletes.Count - PurgeWork.RecordTriples + Sessions.Sum(s => s.NewMarkers);
    }

    /// <summary>The triples a purge deletes, in the order that keeps every moment of it safe to interrupt.</summary>
    internal sealed class PurgeWork
    {
        public PurgeWork(IReadOnlyList<string> deletes, int recordTriples, int sharedEvents, int withoutId, IReadOnlyDictionary<string, int> perSession)
        {
            PerSession = perSession;
            Deletes = deletes;
            RecordTriples = recordTriples;
            SharedEvents = sharedEvents;
            WithoutId = withoutId;
        }

        /// <summary>
        /// Triple ids: first every event's type (an event without one is listed by no reader), then the rest of the
        /// events' triples, then their links to the session (by which a re-run finds what is left), then the record.
        /// </summary>
        public IReadOnlyList<string> Deletes { get; }

        /// <summary>Of the deletes, the triples of the sessions' records (a removal deletes those itself).</summary>
        public int RecordTriples { get; }

        /// <summary>Events that belong to another session too: only their link to the removed one goes.</summary>
        public int SharedEvents { get; }

        /// <summary>How many of the deletes are each session's.</summary>
        public IReadOnlyDictionary<string, int> PerSession { get; }

        /// <summary>Triples Cortex listed without an id, which cannot be deleted.</summary>
        public int WithoutId { get; }
    }

    /// <summary>
    /// Remove-MayrosSession. Without -Purge, in a number of requests that does not grow with the session's events (one
    /// batch write per MiB of markers, one delete per record value): every event of the session gets the rewound
    /// marker and {ns}:event:removedBy, so it counts for no reader and no session any more, and then every value of the
    /// record goes, its status last (which is what takes it out of every listing, the mayros CLI's included). The
    /// events' own triples stay stored. With -Purge, those are deleted too, one request per triple, paced to Cortex's
    /// rate limit, in an order that a re-run after any interruption continues.
    /// </summary>
    internal static class SessionRemoval
    {
        /// <summary>Cortex's fixed rate limit, for the time a purge will take.</summary>
        public const int CortexRequestsPerMinute = 100;

        /// <param name="context">The command's context.</param>
        /// <param name="key">The session to remove.</param>
        /// <param name="recurse">Take its lineage with it.</param>
        /// <param name="purge">Delete what it leaves stored too.</param>
        /// <param name="countPurge">Count the purge's triples now (for -WhatIf): three listings, one of all Cortex holds.</param>
        public static RemovalPlan Plan(SessionContext context, string key, bool recurse, bool purge, bool countPurge = true)
        {
            SessionKeys.Validate(key, "Session");
            var layout = context.Layout;

            // The family tree (two listings), so a session with forks is never removed from under them.
            var children = SessionFamily.Children(context);
            var lineage = new List<string>();
            SessionFamily.Collect(key, children, new HashSet<string>(StringComparer.Ordinal), lineage);
            if (!recurse && lineage.Count > 1)
            {
                var forks = children[key];
                throw new MayrosException(
                    ErrorIds.SessionHasForks,
                    ErrorCategory.InvalidOperation,
                    $"Session '{key}' in {context.Where} has {Forks(forks)}, which would lose {(forks.Count == 1 ? "its" : "their")} parent. Nothing was written.",
                    key,
                    $"Remove the forks first, or add -Recurse to remove '{key}' with its whole lineage ({lineage.Count - 1} fork(s), leaves first).");
            }

            var records = lineage.ToDictionary(k => k, context.ReadRecord, StringComparer.Ordinal);
            var index = EventIndex.Load(context.Api, layout, lineage);
            var sessions = lineage.AsEnumerable().Reverse()
                .Select(k => new SessionToRemove(k, records[k], index.ForSession(k), children.TryGetValue(k, out var f) ? f : (IReadOnlyList<string>)Array.Empty<string>()))
                .ToList();
            var root = sessions[sessions.Count - 1];
            // Only -WhatIf needs the purge counted before it starts, or a session that shows nothing any more: a purge
            // interrupted after its first deletes, whose triples only the listings find.
            var nothingShows = !root.Record.Exists && root.Events.Count == 0;
            var work = purge && (countPurge || nothingShows) ? Discover(context, lineage) : null;
            if (nothingShows && (work == null || work.Deletes.Count == 0))
            {
                var removedBefore = index.RemovalsOf(key).Count > 0;
                throw context.SessionNotFound(key, removedBefore && !purge
                    ? "it was removed already (its events are still stored; Remove-MayrosSession -Purge deletes them)"
                    : "it has no events and no session record");
            }

            var plan = new RemovalPlan(key, purge, sessions, work);
            plan.MarkerRequests = sessions.Where(s => s.Events.Count > 0).Sum(s => context.Api.PlanTriples(Markers(layout, s, "rm-000000000000")).RequestCount);
            return plan;
        }

        /// <summary>What -WhatIf and -Confirm say: what goes, in requests, and for -Purge how long it takes.</summary>
        public static string Describe(RemovalPlan plan)
        {
            var forks = plan.Sessions.Count > 1 ? $"with its {ForkList(plan.Sessions.Take(plan.Sessions.Count - 1).Select(s => s.Key).ToList())}, leaves first; " : string.Empty;
            var text = forks + $"{Count(plan.Events, "event")}, {Count(plan.Checkpoints, "checkpoint")}, {Count(plan.RecordValues, "record value")}"
                + $" in {Count(plan.MarkerRequests, "write request")} and {Count(plan.RecordValues, "delete")}";
            if (!plan.Purge)
            {
                return text + "; the events' triples stay stored (-Purge deletes them)";
            }

            if (plan.PurgeWork == null)
            {
                return text + $"; then every triple it leaves stored purged, one delete request each at Cortex's {CortexRequestsPerMinute} requests a minute (-WhatIf counts them)";
            }

            var deletes = plan.PurgeDeletes;
            return text + $"; then {Count(deletes, "triple")} purged in {Count(deletes, "delete request")}, {Duration(TimeSpan.FromMinutes((double)deletes / CortexRequestsPerMinute))} at Cortex's {CortexRequestsPerMinute} requests a minute";
        }

        /// <summary>
        /// Several sessions to remove, in an order that takes forks before their parents (one listing pair); with
        /// -Recurse, those another of them takes with it are left out.
        /// </summary>
        public static IReadOnlyList<string> LeavesFirst(SessionContext context, IReadOnlyList<string> keys, bool recurse)
        {
            var children = SessionFamily.Children(context);
            var lineages = keys.ToDictionary(k => k, k =>
            {
                var lineage = new List<string>();
                SessionFamily.Collect(k, children, new HashSet<string>(StringComparer.Ordinal), lineage);
                return lineage;
            }, StringComparer.Ordinal);
            var taken = recurse
                ? new HashSet<string>(lineages.Values.SelectMany(l => l.Skip(1)), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            return keys.Where(k => !taken.Contains(k)).OrderBy(k => lineages[k].Count).ToList();
        }

        public static IReadOnlyList<MayrosRemovalResult> Apply(SessionContext context, RemovalPlan plan)
        {
            var layout = context.Layout;
            var results = new List<MayrosRemovalResult>();
            var removalId = SessionRecord.DerivedId("rm-", string.Join("\n", layout.Namespace, plan.Key, Timestamps.Format(context.Now()), Guid.NewGuid().ToString("N")));

            // 1. Each session, leaves first: its events out of every reader's count, then its record, status last.
            foreach (var session in plan.Sessions)
            {
                if (session.Events.Count > 0)
                {
                    context.WriteWithProgress(
                        context.Api.PlanTriples(Markers(layout, session, removalId)),
                        $"Removing session '{session.Key}'",
                        $"Marking {session.Events.Count:N0} events removed",
                        (done, total) => $"Marked {done / 2:N0} of {total / 2:N0} events removed");
                }

                // Read again: a value stored since the plan (a checkpoint taken meanwhile) goes too.
                var record = context.ReadRecord(session.Key);
                var values = record.Triples.Where(t => t.Predicate != layout.Status)
                    .Concat(record.Triples.Where(t => t.Predicate == layout.Status))
                    .ToList();
                var ids = values.Where(t => t.Id != null).Select(t => t.Id!).ToList();
                if (ids.Count < values.Count)
                {
                    context.Reporter.Warning($"Cortex listed {values.Count - ids.Count} value(s) of session '{session.Key}' without an id, so they could not be deleted.");
                }

                context.Api.DeleteTriples(ids);
                context.Reporter.Verbose(
                    $"Removed session '{session.Key}': {session.Events.Count:N0} events marked removed ({removalId}), {ids.Count:N0} record values deleted"
                    + (plan.Purge ? "." : "; the events' triples stay stored until Remove-MayrosSession -Purge."));
                results.Add(new MayrosRemovalResult(session.Key, removalId, session.Events.Count, record.Checkpoints.Count, ids.Count, plan.Purge));
            }

            if (!plan.Purge)
            {
                return results;
            }

            // 2. The purge: what is stored now (the markers just written included), deleted in the safe order.
            var lineage = plan.Sessions.Select(s => s.Key).ToList();
            var work = Discover(context, lineage);
            if (work.SharedEvents > 0)
            {
                context.Reporter.Warning($"{work.SharedEvents:N0} event(s) also belong to a session outside '{plan.Key}' and its forks; only their link to it is deleted, the rest stays theirs.");
            }

            if (work.WithoutId > 0)
            {
                context.Reporter.Warning($"Cortex listed {work.WithoutId:N0} triple(s) of the session without an id, so they cannot be deleted.");
            }

            var activity = $"Purging session '{plan.Key}'" + (lineage.Count > 1 ? $" and its {lineage.Count - 1} fork(s)" : string.Empty);
            context.Reporter.Progress(activity, $"Deleting {work.Deletes.Count:N0} triples", 0);
            var deleted = context.Api.DeleteTriples(work.Deletes, p => context.Reporter.Progress(
                activity,
                $"Deleted {p.Done:N0} of {p.Total:N0} triples; {p.Remaining:N0} left, {Duration(p.EstimatedRemaining)}",
                p.Total == 0 ? 100 : (int)(100L * p.Done / p.Total),
                (int)Math.Min(int.MaxValue, Math.Ceiling(p.EstimatedRemaining.TotalSeconds))));
            context.Reporter.ProgressCompleted(activity);
            context.Reporter.Verbose($"Purged {deleted.Requests:N0} triples in {Duration(deleted.Elapsed)} ({deleted.NotFound:N0} were gone already).");
            return results.Select(r => r.WithPurge(work.PerSession.TryGetValue(r.SessionKey, out var n) ? n : 0)).ToList();
        }

        /// <summary>
        /// Every triple a purge of these sessions deletes, in three listings however large they are: the removal markers
        /// and the events' links to the sessions (which events are theirs, and which a removal of theirs took from
        /// their forks), then every triple Cortex holds, of which only those with one of these events or sessions as
        /// subject are kept, as ids.
        /// </summary>
        internal static PurgeWork Discover(SessionContext context, IReadOnlyCollection<string> lineage)
        {
            var layout = context.Layout;
            var keys = new HashSet<string>(lineage, StringComparer.Ordinal);

            // Which events a removal marked, and by which removal: a purge of a lineage that was interrupted after its
            // forks' records were deleted finds their events again by the removal they share with the session's own.
            var removedBy = new Dictionary<string, string>(StringComparer.Ordinal);
            context.Api.VisitTriples(null, layout.RemovedBy, t =>
            {
                if (t.Object.IsString)
                {
                    removedBy[t.Subject] = t.Object.Text!;
                }
            });

            var events = new Dictionary<string, string>(StringComparer.Ordinal);
            var removedElsewhere = new Dictionary<string, string>(StringComparer.Ordinal);
            context.Api.VisitTriples(null, layout.EventSession, t =>
            {
                if (!(layout.KeyFromValue(t.Object) is string key))
                {
                    return;
                }

                if (keys.Contains(key))
                {
                    events[t.Subject] = key;
                }
                else if (removedBy.ContainsKey(t.Subject))
                {
                    removedElsewhere[t.Subject] = key;
                }
            });

            var removals = new HashSet<string>(events.Keys.Where(removedBy.ContainsKey).Select(s => removedBy[s]), StringComparer.Ordinal);
            foreach (var pair in removedElsewhere.Where(p => removals.Contains(removedBy[p.Key])))
            {
                events[pair.Key] = pair.Value;
                keys.Add(pair.Value);
            }

            var recordSubjects = lineage.ToDictionary(layout.SessionSubject, k => k, StringComparer.Ordinal);
            var perSession = keys.ToDictionary(k => k, k => 0, StringComparer.Ordinal);
            var eventTriples = new List<(string Subject, string Id, bool IsType)>();
            var links = new List<string>();
            var records = new List<string>();
            var shared = new HashSet<string>(StringComparer.Ordinal);
            var withoutId = 0;
            context.Api.VisitTriples(null, null, t =>
            {
                var ofEvent = events.TryGetValue(t.Subject, out var eventSession);
                if (!ofEvent && !recordSubjects.ContainsKey(t.Subject))
                {
                    return;
                }

                if (t.Id == null)
                {
                    withoutId++;
                    return;
                }

                if (!ofEvent)
                {
                    records.Add(t.Id);
                    perSession[recordSubjects[t.Subject]]++;
                }
                else if (t.Predicate == layout.EventSession)
                {
                    if (layout.KeyFromValue(t.Object) is string key && keys.Contains(key))
                    {
                        links.Add(t.Id);
                        perSession[key]++;
                    }
                    else
                    {
                        shared.Add(t.Subject);
                    }
                }
                else
                {
                    eventTriples.Add((t.Subject, t.Id, t.Predicate == layout.EventType));
                }
            });

            // An event that is another session's too keeps everything but its link to these.
            var own = eventTriples.Where(t => !shared.Contains(t.Subject)).ToList();
            foreach (var triple in own)
            {
                perSession[events[triple.Subject]]++;
            }

            var deletes = own.Where(t => t.IsType).Select(t => t.Id)
                .Concat(own.Where(t => !t.IsType).Select(t => t.Id))
                .Concat(links)
                .Concat(records)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return new PurgeWork(deletes, records.Count, shared.Count, withoutId, perSession);
        }

        /// <summary>The markers of one session's events, made as the write reaches them.</summary>
        private static MarkerRows Markers(SessionLayout layout, SessionToRemove session, string removalId) =>
            new MarkerRows(layout, session.Events, removalId);

        private static string Forks(List<string> forks) =>
            forks.Count == 1 ? $"a fork ('{forks[0]}')" : $"{forks.Count} forks ({string.Join(", ", forks.Take(5).Select(f => "'" + f + "'"))}{(forks.Count > 5 ? ", ..." : string.Empty)})";

        /// <summary>"fork 'f'", "3 forks ('a', 'b', 'c')".</summary>
        private static string ForkList(List<string> forks) =>
            forks.Count == 1 ? $"fork '{forks[0]}'" : $"{forks.Count} forks ({string.Join(", ", forks.Take(5).Select(f => "'" + f + "'"))}{(forks.Count > 5 ? ", ..." : string.Empty)})";

        /// <summary>"1 event", "12 events".</summary>
        internal static string Count(long n, string what) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

        /// <summary>"about 12 minutes", "about 3 hours 5 minutes", "under a minute".</summary>
        internal static string Duration(TimeSpan time)
        {
            if (time < TimeSpan.FromMinutes(1))
            {
                return time < TimeSpan.FromSeconds(1) ? "under a second" : $"about {Math.Ceiling(time.TotalSeconds):0} seconds";
            }

            // Rounded up to whole minutes first, so 59.5 minutes is "about 1 hour", never "60 minutes".
            var total = (long)Math.Ceiling(time.TotalMinutes);
            if (total < 60)
            {
                return "about " + Count(total, "minute");
            }

            var minutes = total % 60;
            return "about " + Count(total / 60, "hour") + (minutes > 0 ? " " + Count(minutes, "minute") : string.Empty);
        }

        /// <summary>Two marker rows per event (rewound, removedBy), built when read.</summary>
        private sealed class MarkerRows : IReadOnlyList<CortexTripleInput>
        {
            private readonly SessionLayout _layout;
            private readonly IReadOnlyList<SessionEvent> _events;
            private readonly CortexValue _removal;

            public MarkerRows(SessionLayout layout, IReadOnlyList<SessionEvent> events, string removalId)
            {
                _layout = layout;
                _events = events;
                _removal = CortexValue.String(removalId);
            }

            public int Count => _events.Count * 2;

            public CortexTripleInput this[int index]
            {
                get
                {
                    var subject = _layout.EventSubject(_events[index / 2].Id);
                    // The rewound marker first: should a request end between the two, the event is only hidden (a
                    // re-run finishes it), never removed for the module yet counted by readers that know only that marker.
                    return index % 2 == 0
                        ? new CortexTripleInput(subject, _layout.RewoundMarker, CortexValue.String("true"))
                        : new CortexTripleInput(subject, _layout.RemovedBy, _removal);
                }
            }

            public IEnumerator<CortexTripleInput> GetEnumerator()
            {
                for (var i = 0; i < Count; i++)
                {
                    yield return this[i];
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
