using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What a rewind will do, decided before anything is written (and shown by -WhatIf and -Confirm).</summary>
    internal sealed class RewindPlan
    {
        public RewindPlan(string key, DateTimeOffset point, IReadOnlyList<SessionEvent> toHide, int retained, SessionRecord record, bool alreadyDone, string? checkpointId = null,
            int hiddenBefore = 0)
        {
            CheckpointId = checkpointId;
            HiddenBefore = hiddenBefore;
            Key = key;
            Point = point;
            ToHide = toHide;
            Retained = retained;
            Record = record;
            AlreadyDone = alreadyDone;
        }

        public string Key { get; }

        public DateTimeOffset Point { get; }

        /// <summary>Live events after the point: the ones the rewind hides.</summary>
        public IReadOnlyList<SessionEvent> ToHide { get; }

        /// <summary>Live events at or before the point: the ones that stay.</summary>
        public int Retained { get; }

        public SessionRecord Record { get; }

        /// <summary>The session is already rewound to this point and nothing after it is live: a repeat changes nothing.</summary>
        public bool AlreadyDone { get; }

        /// <summary>The checkpoint the rewind goes back to, when it was given one.</summary>
        public string? CheckpointId { get; }

        /// <summary>Events an interrupted run of this same rewind hid already: the rewind hides them too, and counts them.</summary>
        public int HiddenBefore { get; }

        /// <summary>When the plan began to read the session: kept with the rewind's records, for an undo to know what it raced.</summary>
        public DateTimeOffset? ReadAt { get; set; }

        /// <summary>The rewind's id: that of the unfinished rewind to this point it finishes, or a new one for this run.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>Every event the rewind hides: what this run hides and what its interrupted runs hid.</summary>
        public int EventsRemoved => ToHide.Count + HiddenBefore;
    }

    /// <summary>
    /// Invoke-MayrosRewind: hides the session's events after a point by marking each with {ns}:event:rewound = "true"
    /// (and which rewind hid it), then sets the status "rewound", the rewindPoint and a rewind record for undo.
    /// Events are never deleted; a repeat of the same rewind writes nothing.
    /// </summary>
    internal static class RewindOperation
    {
        public static RewindPlan Plan(SessionContext context, string key, DateTimeOffset point) => Plan(context, key, SessionPoint.At(point), null);

        /// <summary>
        /// A rewind to a checkpoint, given by id or label: of the given session, or (with no session) of whichever
        /// session holds that checkpoint id.
        /// </summary>
        public static RewindPlan PlanToCheckpoint(SessionContext context, string? key, string checkpoint)
        {
            var (found, record) = CheckpointFinder.Resolve(context, key, checkpoint);
            return Plan(context, found.SessionKey, SessionPoint.From(found), record);
        }

        public static RewindPlan Plan(SessionContext context, string key, SessionPoint point, SessionRecord? knownRecord)
        {
            SessionKeys.Validate(key, "Session");
            var now = context.Clock();
            if (point.Checkpoint == null && point.Time > now)
            {
                throw new MayrosException(
                    ErrorIds.RewindPointInFuture,
                    ErrorCategory.InvalidArgument,
                    $"The rewind point {Timestamps.Format(point.Time)} is in the future (it is now {Timestamps.Format(now)}), so a rewind of session '{key}' to it would hide " +
                        $"nothing. Nothing was written.",
                    point.Time,
                    "Pass -To a past moment; a value without an offset is read as UTC.");
            }

            var (_, record, events) = EventIndex.LoadSession(context, key, knownRecord);

            RefuseWhileUndoing(context, key, record);

            // Marker-based liveness: the events an interrupted run of this same rewind already hid stay hidden, and a
            // re-run marks the rest.
            var (upTo, toHide) = point.Split(context, key, events, e => e.Live);
            if (point.Checkpoint != null && upTo.Count != point.Checkpoint.EventCount)
            {
                context.Reporter.Warning(CountChanged(point, key, upTo.Count));
            }

            var alreadyDone = toHide.Count == 0 && record.Status == "rewound" && record.RewindPoint == point.Time;

            // A re-run of an interrupted rewind finishes that rewind: it reports, and records, the events its earlier
            // runs hid with the ones it hides now (an undo brings all of them back). Found by the chaos soak, seed 28.
            var id = RewindId(point.Time, record);
            var hiddenBefore = record.RewindsInProgress.Any(r => r.Id == id) ? events.Count(e => e.Rewound && e.RewoundBy == id) : 0;
            return new RewindPlan(key, point.Time, toHide, upTo.Count, record, alreadyDone, point.Checkpoint?.Id, hiddenBefore) { ReadAt = now, Id = id };
        }

        /// <summary>
        /// A rewind to the point of a rewind that started and never completed finishes that rewind under its id, even
        /// when another rewind completed meanwhile (chaos soak, seed 28). Otherwise each run has an id of its own: two
        /// rewinds to one point that race, or a rewind to the point of one already undone, never share an id, so the
        /// markers and restored copies of one are never taken for the other's (chaos soak, seed 2828).
        /// </summary>
        private static string RewindId(DateTimeOffset point, SessionRecord record) =>
            record.RewindsInProgress.LastOrDefault(r => r.Point == point)?.Id ?? "rw-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        /// <summary>The warning for a checkpoint whose session has, up to its point, more or fewer events than it counted.</summary>
        private static string CountChanged(SessionPoint point, string key, int now)
        {
            var upTo = point.LastEvent != null ? $"its last event '{point.LastEvent.Id}'" : Timestamps.Format(point.Time);
            return $"Checkpoint {point.Checkpoint!.Id} counted {point.Checkpoint.EventCount:N0} live events; up to {upTo} session '{key}' now has {now:N0} "
                + "(events were added, hidden or brought back since).";
        }

        /// <summary>An undo that stopped half way must be finished before the session is rewound again.</summary>
        internal static void RefuseWhileUndoing(SessionContext context, string key, SessionRecord record)
        {
            if (record.UndosInProgress.Count > 0)
            {
                var id = record.UndosInProgress.OrderBy(x => x, StringComparer.Ordinal).First();
                throw new MayrosException(
                    ErrorIds.UnfinishedRewind,
                    ErrorCategory.InvalidOperation,
                    $"The undo of rewind {id} of session '{key}' in {context.Where} did not finish, so the session is between two states. Nothing was written.",
                    key,
                    $"Run Undo-MayrosRewind -Session '{key}' again to finish it, then try again.");
            }
        }

        public static MayrosRewindResult Apply(SessionContext context, RewindPlan plan)
        {
            var layout = context.Layout;
            var pointText = Timestamps.Format(plan.Point);
            if (plan.AlreadyDone)
            {
                // Nothing to hide again; only an old value an interrupted run may have left behind is tidied, which on
                // a clean record is nothing at all.
                context.Write(
                    Array.Empty<CortexTripleInput>(),
                    SessionContext.Replaced(plan.Record, layout.Status, "rewound")
                        .Concat(SessionContext.Replaced(plan.Record, layout.RewindPoint, pointText)));
                return new MayrosRewindResult(plan.Key, plan.Point, 0, plan.Retained, null, plan.CheckpointId);
            }

            var rewindId = plan.Id;

            // 1. The markers, the data, led by a "started" record in the same (atomic) first request: from the moment
            //    any marker is stored, readers know the rewind is under way and see the session as rewound, never
            //    half rewound. It costs no request, and once the completed record exists it is only history.
            var started = new RewindRecord(rewindId, plan.Key, plan.Point, context.Now(), plan.EventsRemoved, plan.Record.Status, plan.Record.RewindPointText, RewindState.Started,
                null, plan.CheckpointId, plan.ReadAt);
            // Rewind records live on the session's log, so they never crowd the record the mayros CLI reads; those of a
            // session stored before the log move there with this rewind's first batch and leave the record at its end.
            var (copies, moved) = RecordPlacement.Compact(layout, plan.Record);
            var markers = new List<CortexTripleInput>((plan.ToHide.Count * 2) + 2 + copies.Count);
            markers.AddRange(context.LogRows(plan.Key, layout.Rewind, started.ToJson()));
            markers.AddRange(copies);
            foreach (var e in plan.ToHide)
            {
                var subject = layout.EventSubject(e.Id);
                markers.Add(new CortexTripleInput(subject, layout.RewoundMarker, CortexValue.String("true")));
                markers.Add(new CortexTripleInput(subject, layout.RewoundBy, CortexValue.String(rewindId)));
            }

            var leading = markers.Count - (plan.ToHide.Count * 2);
            if (plan.ToHide.Count > 0)
            {
                var activity = $"Rewinding session '{plan.Key}' to {pointText}";
                context.WriteWithProgress(
                    context.Api.PlanTriples(markers),
                    activity,
                    $"Hiding {plan.ToHide.Count:N0} events",
                    (done, total) => $"Hid {Math.Max(0, done - leading) / 2:N0} of {(total - leading) / 2:N0} events");
            }

            // 2. The record: status, rewind point and what this rewind replaced, in one atomic batch; then the old
            //    values go.
            var record = started.With(RewindState.Completed, context.Now());
            var rows = new List<CortexTripleInput>(plan.ToHide.Count > 0 ? Array.Empty<CortexTripleInput>() : copies)
            {
                context.SessionRow(plan.Key, layout.Status, "rewound"),
                context.SessionRow(plan.Key, layout.RewindPoint, pointText),
            };
            rows.AddRange(context.LogRows(plan.Key, layout.Rewind, record.ToJson()));
            context.Write(
                rows,
                SessionContext.Replaced(plan.Record, layout.Status, "rewound")
                    .Concat(SessionContext.Replaced(plan.Record, layout.RewindPoint, pointText))
                    .Concat(moved));

            return new MayrosRewindResult(plan.Key, plan.Point, plan.EventsRemoved, plan.Retained, rewindId, plan.CheckpointId);
        }
    }
}
