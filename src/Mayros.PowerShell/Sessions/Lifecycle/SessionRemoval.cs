using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
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
            var work = purge && (countPurge || nothingShows) ? PurgeDiscovery.Discover(context, lineage) : null;
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
            var text = forks + $"{Wording.Count(plan.Events, "event")}, {Wording.Count(plan.Checkpoints, "checkpoint")}, {Wording.Count(plan.RecordValues, "record value")}"
                + $" in {Wording.Count(plan.MarkerRequests, "write request")} and {Wording.Count(plan.RecordValues, "delete")}";
            if (!plan.Purge)
            {
                return text + "; the events' triples stay stored (-Purge deletes them)";
            }

            if (plan.PurgeWork == null)
            {
                return text + $"; then every triple it leaves stored purged, one delete request each at Cortex's {CortexRequestsPerMinute} requests a minute (-WhatIf counts them)";
            }

            var deletes = plan.PurgeDeletes;
            return text
                + $"; then {Wording.Count(deletes, "triple")} purged in {Wording.Count(deletes, "delete request")}, " +
                $"{Wording.Duration(TimeSpan.FromMinutes((double)deletes / CortexRequestsPerMinute))} at Cortex's {CortexRequestsPerMinute} requests a minute";
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
                var values = DeletionOrder(layout, record);
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
            var work = PurgeDiscovery.Discover(context, lineage);
            if (work.SharedEvents > 0)
            {
                context.Reporter.Warning($"{work.SharedEvents:N0} event(s) also belong to a session outside '{plan.Key}' and its forks; only their link to it is deleted, the " +
                    $"rest stays theirs.");
            }

            if (work.WithoutId > 0)
            {
                context.Reporter.Warning($"Cortex listed {work.WithoutId:N0} triple(s) of the session without an id, so they cannot be deleted.");
            }

            var activity = $"Purging session '{plan.Key}'" + (lineage.Count > 1 ? $" and its {lineage.Count - 1} fork(s)" : string.Empty);
            context.Reporter.Progress(activity, $"Deleting {work.Deletes.Count:N0} triples", 0);
            var deleted = context.Api.DeleteTriples(work.Deletes, p => context.Reporter.Progress(
                activity,
                $"Deleted {p.Done:N0} of {p.Total:N0} triples; {p.Remaining:N0} left, {Wording.Duration(p.EstimatedRemaining)}",
                p.Total == 0 ? 100 : (int)(100L * p.Done / p.Total),
                (int)Math.Min(int.MaxValue, Math.Ceiling(p.EstimatedRemaining.TotalSeconds))));
            context.Reporter.ProgressCompleted(activity);
            context.Reporter.Verbose($"Purged {deleted.Requests:N0} triples in {Wording.Duration(deleted.Elapsed)} ({deleted.NotFound:N0} were gone already).");
            return results.Select(r => r.WithPurge(work.PerSession.TryGetValue(r.SessionKey, out var n) ? n : 0)).ToList();
        }

        /// <summary>
        /// The record's values in the order they are deleted, one request each, so that an interruption leaves a record
        /// that still reads true: a rewind's "started" and "undoing" steps before its other steps (a half-deleted record
        /// must never show a rewind or an undo unfinished, which hides events for every reader and refuses every undo;
        /// found by the chaos soak, seed 2828), and the status last (which takes the session out of every listing).
        /// </summary>
        internal static List<CortexTriple> DeletionOrder(SessionLayout layout, SessionRecord record)
        {
            int Order(CortexTriple t) => t.Predicate == layout.Status ? 2
                : t.Predicate == layout.Rewind && RewindRecord.Parse(t) is { State: RewindState.Started or RewindState.Undoing } ? 0 : 1;
            return record.Triples.OrderBy(Order).ToList();
        }

        /// <summary>The markers of one session's events, made as the write reaches them.</summary>
        private static MarkerRows Markers(SessionLayout layout, SessionToRemove session, string removalId) =>
            new MarkerRows(layout, session.Events, removalId);

        private static string Forks(List<string> forks) =>
            forks.Count == 1 ? $"a fork ('{forks[0]}')"
                : $"{forks.Count} forks ({string.Join(", ", forks.Take(5).Select(f => "'" + f + "'"))}{(forks.Count > 5 ? ", ..." : string.Empty)})";

        /// <summary>"fork 'f'", "3 forks ('a', 'b', 'c')".</summary>
        private static string ForkList(List<string> forks) =>
            forks.Count == 1 ? $"fork '{forks[0]}'"
                : $"{forks.Count} forks ({string.Join(", ", forks.Take(5).Select(f => "'" + f + "'"))}{(forks.Count > 5 ? ", ..." : string.Empty)})";

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
