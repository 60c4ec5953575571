using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>The action a restore replays the graph to, and why that one.</summary>
    internal sealed class RestorePoint
    {
        /// <summary>How far back the walk over a removal's marker writes goes, at most (each step is one request).</summary>
        internal const int MaxMarkerSteps = 1000;

        public RestorePoint(string hash, DateTimeOffset when, string why, string? removalId = null)
        {
            Hash = hash;
            When = when;
            Why = why;
            RemovalId = removalId;
        }

        /// <summary>The id of the removal gone back over (its removedBy markers), when its marker batches were seen.</summary>
        public string? RemovalId { get; }

        /// <summary>The action's hash (64 hex).</summary>
        public string Hash { get; }

        /// <summary>When Cortex recorded it.</summary>
        public DateTimeOffset When { get; }

        /// <summary>"the last change before its removal", "the action given", "its last change before ...".</summary>
        public string Why { get; }

        /// <summary>
        /// The point: the action given (<paramref name="at"/>), the session's last change before
        /// <paramref name="before"/>, or by default the last action before its removal began. A removal marks the
        /// events first (batches of rewound and removedBy markers, filed under the events' subjects) and deletes the
        /// record after, so the point is found from the first of the record's final deletes, back over those batches.
        /// </summary>
        public static RestorePoint Find(SessionContext context, string key, string? at, DateTimeOffset? before, List<CortexDagAction> history)
        {
            if (at != null)
            {
                var hash = at.Trim().ToLowerInvariant();
                if (hash.Length != 64 || hash.Any(c => !Uri.IsHexDigit(c)))
                {
                    throw new MayrosException(ErrorIds.InvalidDagAction, ErrorCategory.InvalidArgument,
                        $"-At '{at}' is not a DAG action hash: one is 64 hexadecimal characters. Nothing was written.", at,
                        $"Take the Hash of a change from Get-MayrosSessionHistory -Session '{key}'.");
                }

                var action = context.Api.DagActions(new[] { hash }).FirstOrDefault(a => a.Hash == hash)
                    ?? throw new MayrosException(ErrorIds.InvalidDagAction, ErrorCategory.ObjectNotFound,
                        $"Cortex's DAG in {context.Where} holds no action {hash} (-At). Nothing was written.", at,
                        $"Take the Hash of a change from Get-MayrosSessionHistory -Session '{key}'; a DAG pruned with /dag/prune has lost what it pruned.");
                return new RestorePoint(hash, action.When.ToUniversalTime(), "the action given (-At)");
            }

            if (history.Count == 0)
            {
                throw new MayrosException(ErrorIds.SessionHistoryNotFound, ErrorCategory.ObjectNotFound,
                    SessionHistory.NothingFiled(context, key) + ". There is nothing to restore it from. Nothing was written.", key,
                    $"Get-MayrosSession -Session '{key}' says whether it has a record (HasRecord).");
            }

            if (before is DateTimeOffset b)
            {
                var last = history.LastOrDefault(a => a.When < b) ?? throw new MayrosException(ErrorIds.InvalidDagAction, ErrorCategory.ObjectNotFound,
                    $"Session '{key}' has no change before {Timestamps.Format(b)} in Cortex's DAG (its first is at {Timestamps.Format(history[0].When)}). Nothing was written.",
                    key, $"Get-MayrosSessionHistory -Session '{key}' lists its changes; give -Before a later time.");
                return new RestorePoint(last.Hash, last.When.ToUniversalTime(), $"its last change before {Timestamps.Format(b)}");
            }

            return BeforeRemoval(context, key, history);
        }

        /// <summary>
        /// Back from the record's last action over what a removal writes: the record's deletes (last) and, before them,
        /// the batches that mark its events removed. The first action before those is the point. A record delete that
        /// comes before the marker batches belongs to the session's life (a status replaced), not to the removal.
        /// </summary>
        private static RestorePoint BeforeRemoval(SessionContext context, string key, List<CortexDagAction> history)
        {
            var layout = context.Layout;
            var subject = layout.SessionSubject(key);
            var log = layout.LogSubject(key);
            bool IsRecordDelete(CortexDagChange c) => c.Kind == "TripleDelete" && c.DeletedSubjects.Count > 0 && c.DeletedSubjects.All(s => s == subject || s == log);
            // The last delete of the record: what a restore wrote since (it writes no deletes) comes after it.
            var last = history.LastOrDefault(a => IsRecordDelete(DagPayloadReader.Read(a.PayloadJson))) ?? throw NotRemoved(context, key);
            var known = history.ToDictionary(a => a.Hash, StringComparer.Ordinal);
            var current = last;
            var markers = false;
            string? removal = null;
            for (var step = 0; step < MaxMarkerSteps && current.Parents.Count > 0; step++)
            {
                var hash = current.Parents[0];
                var parent = known.TryGetValue(hash, out var k) ? k : context.Api.DagActions(new[] { hash }).FirstOrDefault(a => a.Hash == hash)
                    ?? throw new MayrosException(ErrorIds.InvalidDagAction, ErrorCategory.ObjectNotFound,
                        $"Cortex's DAG in {context.Where} holds no action {hash}, the parent of {current.Hash} in the removal of '{key}'. Nothing was written.",
                        key, "Test-MayrosSession -Verify says which actions fail; restore from a point before them with -At.");
                var change = DagPayloadReader.Read(parent.PayloadJson);
                var isMarkers = IsRemovalMarkers(layout, change);
                if (!isMarkers && (markers || !IsRecordDelete(change)))
                {
                    return new RestorePoint(parent.Hash, parent.When.ToUniversalTime(), "the last change before its removal", removal);
                }

                markers |= isMarkers;
                removal ??= isMarkers ? change.Inserted.First(t => t.Predicate == layout.RemovedBy).Object.Text : null;

                current = parent;
            }

            throw new MayrosException(ErrorIds.InvalidDagAction, ErrorCategory.ObjectNotFound,
                $"The removal of '{key}' could not be followed back to the action before it in Cortex's DAG (more than {MaxMarkerSteps:N0} steps, or the genesis). " +
                    "Nothing was written.",
                key, $"Name the moment with -At (a Hash from Get-MayrosSessionHistory -Session '{key}') or -Before.");
        }

        /// <summary>SessionNotRemoved: the default point needs a removal to go back from.</summary>
        public static MayrosException NotRemoved(SessionContext context, string key) => new MayrosException(ErrorIds.SessionNotRemoved, ErrorCategory.InvalidOperation,
            $"Session '{key}' in {context.Where} is not removed (it has a status, and no removal in Cortex's DAG was restored into it). Nothing was written.",
            key,
            "Name the moment to bring back with -At (a Hash from Get-MayrosSessionHistory) or -Before, and a new key with -Name, to restore a past state beside it.");

        /// <summary>A batch that writes only the markers a removal puts on events (the rewound marker and removedBy).</summary>
        private static bool IsRemovalMarkers(SessionLayout layout, CortexDagChange change) =>
            change.Kind == "TripleInsert" && change.Inserted.Count > 0
            && change.Inserted.Any(t => t.Predicate == layout.RemovedBy)
            && change.Inserted.All(t => (t.Predicate == layout.RemovedBy || t.Predicate == layout.RewoundMarker) && layout.EventIdFromSubject(t.Subject) != null);

        /// <summary>"9f3c41aa0b12…" for messages.</summary>
        public string Short => Hash.Substring(0, 12) + "…";

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "action {0} ({1}, {2})", Short, Timestamps.Format(When), Why);
    }
}
