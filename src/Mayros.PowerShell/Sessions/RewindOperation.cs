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
    /// <summary>What a rewind will do, decided before anything is written (and shown by -WhatIf and -Confirm).</summary>
    internal sealed class RewindPlan
    {
        public RewindPlan(string key, DateTimeOffset point, IReadOnlyList<SessionEvent> toHide, int retained, SessionRecord record, bool alreadyDone)
        {
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
    }

    /// <summary>
    /// Invoke-MayrosRewind: hides the session's events after a point by marking each with {ns}:event:rewound = "true"
    /// (and which rewind hid it), then sets the status "rewound", the rewindPoint and a rewind record for undo.
    /// Events are never deleted; a repeat of the same rewind writes nothing.
    /// </summary>
    internal static class RewindOperation
    {
        public static RewindPlan Plan(SessionContext context, string key, DateTimeOffset point)
        {
            SessionKeys.Validate(key, "Session");
            var now = context.Clock();
            if (point > now)
            {
                throw new MayrosException(
                    ErrorIds.RewindPointInFuture,
                    ErrorCategory.InvalidArgument,
                    $"The rewind point {Timestamps.Format(point)} is in the future (it is now {Timestamps.Format(now)}), so a rewind of session '{key}' to it would hide nothing. Nothing was written.",
                    point,
                    "Pass -To a past moment; a value without an offset is read as UTC.");
            }

            var index = EventIndex.Load(context.Api, context.Layout);
            var record = context.ReadRecord(key);
            var events = index.ForSession(key);
            if (events.Count == 0 && !record.Exists)
            {
                throw context.SessionNotFound(key);
            }

            var live = events.Where(e => e.Live).ToList();
            var toHide = live.Where(e => e.Timestamp.HasValue && e.Timestamp.Value > point).ToList();
            var unreadable = live.Count(e => !e.Timestamp.HasValue);
            if (unreadable > 0)
            {
                context.Reporter.Warning($"{unreadable:N0} events of session '{key}' have timestamps that are not dates; a rewind keeps them.");
            }

            var alreadyDone = toHide.Count == 0 && record.Status == "rewound" && record.RewindPoint == point;
            return new RewindPlan(key, point, toHide, live.Count - toHide.Count, record, alreadyDone);
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
                return new MayrosRewindResult(plan.Key, plan.Point, 0, plan.Retained, null);
            }


            // The id depends on how many rewinds the session has had, so an interrupted rewind that is run again
            // marks the rest of its events with the same id.
            var rewindId = SessionRecord.DerivedId(
                "rw-",
                string.Join("\n", layout.Namespace, plan.Key, pointText, plan.Record.Rewinds.Count.ToString(CultureInfo.InvariantCulture)));

            // 1. The markers, the data, led by a "started" record in the same (atomic) first request: from the moment
            //    any marker is stored, readers know the rewind is under way and see the session as rewound, never
            //    half rewound. It costs no request, and once the completed record exists it is only history.
            var started = new RewindRecord(rewindId, plan.Key, plan.Point, context.Now(), plan.ToHide.Count, plan.Record.Status, plan.Record.RewindPointText, false, null, started: true);
            var markers = new List<CortexTripleInput>((plan.ToHide.Count * 2) + 1) { context.SessionRow(plan.Key, layout.Rewind, started.ToJson()) };
            foreach (var e in plan.ToHide)
            {
                var subject = layout.EventSubject(e.Id);
                markers.Add(new CortexTripleInput(subject, layout.RewoundMarker, CortexValue.String("true")));
                markers.Add(new CortexTripleInput(subject, layout.RewoundBy, CortexValue.String(rewindId)));
            }

            if (plan.ToHide.Count > 0)
            {
                var activity = $"Rewinding session '{plan.Key}' to {pointText}";
                context.Api.Write(context.Api.PlanTriples(markers), p => context.Reporter.Progress(
                    activity,
                    $"Hid {Math.Max(0, p.RowsDone - 1) / 2:N0} of {(p.RowsTotal - 1) / 2:N0} events",
                    p.RowsTotal == 0 ? 100 : (int)(100L * p.RowsDone / p.RowsTotal)));
                context.Reporter.ProgressCompleted(activity);
            }

            // 2. The record: status, rewind point and what this rewind replaced, in one atomic batch; then the old
            //    values go.
            var record = new RewindRecord(rewindId, plan.Key, plan.Point, context.Now(), plan.ToHide.Count, plan.Record.Status, plan.Record.RewindPointText, false, null);
            context.Write(
                new[]
                {
                    context.SessionRow(plan.Key, layout.Status, "rewound"),
                    context.SessionRow(plan.Key, layout.RewindPoint, pointText),
                    context.SessionRow(plan.Key, layout.Rewind, record.ToJson()),
                },
                SessionContext.Replaced(plan.Record, layout.Status, "rewound")
                    .Concat(SessionContext.Replaced(plan.Record, layout.RewindPoint, pointText)));

            return new MayrosRewindResult(plan.Key, plan.Point, plan.ToHide.Count, plan.Retained, rewindId);
        }
    }
}
