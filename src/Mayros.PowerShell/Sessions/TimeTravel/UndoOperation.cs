using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What an undo will do, decided before anything is written (and shown by -WhatIf and -Confirm).</summary>
    internal sealed class UndoPlan
    {
        public UndoPlan(string key, RewindRecord rewind, IReadOnlyList<SessionEvent> toRestore, CortexWritePlan eventWrites, SessionRecord record, bool resume)
        {
            Key = key;
            Rewind = rewind;
            ToRestore = toRestore;
            EventWrites = eventWrites;
            Record = record;
            Resume = resume;
        }

        public string Key { get; }

        /// <summary>The completed rewind being undone.</summary>
        public RewindRecord Rewind { get; }

        /// <summary>The events that rewind hid, in time order: each comes back as a restored copy.</summary>
        public IReadOnlyList<SessionEvent> ToRestore { get; }

        public CortexWritePlan EventWrites { get; }

        public SessionRecord Record { get; }

        /// <summary>True when an interrupted undo of the same rewind is being finished.</summary>
        public bool Resume { get; }

        /// <summary>The rewind named is undone already: a repeat changes nothing.</summary>
        public bool AlreadyUndone { get; set; }

        /// <summary>The status the session gets back: the one before the rewind, while the rewind's "rewound" still stands.</summary>
        public string? StatusAfter => Record.Status == "rewound" || Record.Status == null ? Rewind.PreviousStatus ?? "active" : null;

        /// <summary>Whether the session's rewind point is still this rewind's, and so goes back to the one before it.</summary>
        public bool RestoresRewindPoint => Record.RewindPoint == null || Record.RewindPoint == Rewind.Point;
    }

    /// <summary>
    /// Undo-MayrosRewind: brings back the events the session's latest rewind hid. Cortex can delete triples only one
    /// request at a time, so instead of removing each hidden event's marker (a request per event, which Cortex's 100
    /// requests a minute turns into hours), the undo writes each hidden event again as a restored copy: a new id
    /// derived from the rewind and the event, the same type, agent, timestamp and fields, the field restoredFrom naming
    /// the original, parent links remapped. The originals stay hidden, as history. Any reader of the plain session
    /// layout (the mayros CLI included) sees the session as it was before the rewind, with no new request per event.
    /// The order of writes makes an interruption safe: an "undoing" record first (readers treat restored copies of an
    /// unfinished undo as not yet there), then the copies, then the status, rewind point and "undone" record.
    /// </summary>
    internal static class UndoOperation
    {
        public static UndoPlan Plan(SessionContext context, string key) => Plan(context, key, null, false);

        /// <summary>
        /// The plan for undoing a rewind: the given one (which must be the newest not yet undone, or already undone, in
        /// which case nothing is left to do), or without an id the newest not yet undone.
        /// </summary>
        public static UndoPlan Plan(SessionContext context, string key, string? rewindId, bool rewindIdGiven)
        {
            SessionKeys.Validate(key, "Session");
            if (rewindIdGiven && string.IsNullOrWhiteSpace(rewindId))
            {
                throw new MayrosException(
                    ErrorIds.RewindNotFound,
                    ErrorCategory.InvalidArgument,
                    $"No rewind id was given to undo in session '{key}' (a rewind that hid nothing has none). Nothing was written.",
                    key,
                    "Pass the RewindId of a rewind that hid events, or leave -RewindId out to undo the newest.");
            }

            var (index, record, events) = EventIndex.LoadSession(context, key);

            var resuming = record.UndosInProgress.Count > 0
                ? record.Rewinds.FirstOrDefault(r => record.UndosInProgress.Contains(r.Id))
                : null;

            // An unfinished undo is finished first, whatever else is unfinished: a rewind refuses to run while an undo
            // is half done, so refusing here too would leave no way out.
            if (resuming == null && record.RewindsInProgress.Count > 0 && record.RewindsInProgress[0] is { } unfinished)
            {
                throw new MayrosException(
                    ErrorIds.UnfinishedRewind,
                    ErrorCategory.InvalidOperation,
                    $"Rewind {unfinished.Id} of session '{key}' in {context.Where} did not finish, so there is no whole rewind to undo. Nothing was written.",
                    key,
                    $"Finish it first with Invoke-MayrosRewind -Session '{key}' -To '{Timestamps.Format(unfinished.Point)}', then undo it.");
            }

            RewindRecord rewind;
            if (rewindId != null)
            {
                rewind = record.Rewinds.FirstOrDefault(r => string.Equals(r.Id, rewindId, StringComparison.OrdinalIgnoreCase))
                    ?? throw new MayrosException(
                        ErrorIds.RewindNotFound,
                        ErrorCategory.ObjectNotFound,
                        $"Session '{key}' in {context.Where} has no completed rewind '{rewindId}'. Nothing was written.",
                        rewindId,
                        "Get-MayrosSessionEvent -IncludeRewound shows which rewinds hid events; leave -RewindId out to undo the newest.");
                if (record.Reached(rewind.Id, RewindState.Undone))
                {
                    return new UndoPlan(key, rewind, Array.Empty<SessionEvent>(), context.Api.PlanEvents(context.Layout.Namespace, Array.Empty<CortexEvent>()), record,
                        resume: false) { AlreadyUndone = true };
                }

                var newest = resuming ?? record.LatestUndoable;
                if (newest != null && newest.Id != rewind.Id)
                {
                    throw new MayrosException(
                        ErrorIds.RewindSuperseded,
                        ErrorCategory.InvalidOperation,
                        Superseded(key, rewind, newest),
                        rewindId,
                        $"Undo the later rewind first (Undo-MayrosRewind -Session '{key}' -RewindId {newest.Id}), then this one.");
                }
            }
            else
            {
                rewind = resuming ?? record.LatestUndoable ?? throw NothingToUndo(context, key, record);
            }

            if (rewind.CheckpointId is string checkpoint && !record.Checkpoints.Any(c => string.Equals(c.Id, checkpoint, StringComparison.Ordinal)))
            {
                context.Reporter.Warning($"Rewind {rewind.Id} went back to checkpoint {checkpoint}, which session '{key}' no longer has (Remove-MayrosCheckpoint removed it); " +
                    $"the undo does not need it.");
            }

            var toRestore = RacingRewinds.Restorable(context, record, rewind, events);
            // Kept with the plan, not disposed here: the copies' ids are derived again as each request is written.
            var sha = SHA256.Create();
            var writes = EventCopies.Plan(context, index, toRestore, key, id => RestoreId(sha, context.Layout.Namespace, key, rewind.Id, id), e => RestoreFields(e, rewind.Id));
            return new UndoPlan(key, rewind, toRestore, writes, record, resuming != null);
        }

        public static MayrosUndoResult Apply(SessionContext context, UndoPlan plan)
        {
            var layout = context.Layout;
            var rewind = plan.Rewind;
            if (plan.AlreadyUndone)
            {
                // Nothing to bring back; only the old values an interrupted run left behind are tidied, and only while
                // no rewind has come since (on a clean record that is nothing at all).
                var undoneAt = plan.Record.AllRewinds.Where(r => r.Id == rewind.Id && r.State == RewindState.Undone).Max(r => r.At);
                var nothingSince = plan.Record.Rewinds.All(r => r.At <= undoneAt);
                if (nothingSince && plan.Record.Status is string current)
                {
                    context.Write(
                        Array.Empty<CortexTripleInput>(),
                        SessionContext.Replaced(plan.Record, layout.Status, current)
                            .Concat(plan.Record.Values(layout.RewindPoint).Where(t => t.Object.ToText() != rewind.PreviousRewindPoint)));
                }

                return new MayrosUndoResult(
                    plan.Key,
                    rewind.Id,
                    rewind.Point,
                    0,
                    plan.Record.Status ?? "active",
                    nothingSince ? Timestamps.ParseStored(rewind.PreviousRewindPoint) : plan.Record.RewindPoint);
            }

            // 1. The intent, unless an interrupted run already wrote it: from now on readers know the restored copies
            //    that appear belong to an undo under way, and keep counting the session as rewound until it ends.
            //    Rewind records of a session stored before the log move to it with the first write, and leave the record
            //    at the end (RecordPlacement).
            var (copies, moved) = RecordPlacement.Compact(layout, plan.Record);
            if (!plan.Resume)
            {
                context.Write(context.LogRows(plan.Key, layout.Rewind, rewind.With(RewindState.Undoing, context.Now()).ToJson()).Concat(copies).ToList(),
                    Array.Empty<CortexTriple>());
            }

            // 2. The restored copies, one request per MiB; each request is atomic and skips what is already stored.
            var activity = $"Undoing rewind {rewind.Id} of session '{plan.Key}'";
            context.WriteWithProgress(plan.EventWrites, activity, $"Bringing back {plan.ToRestore.Count:N0} events", (done,
                total) => $"Brought back {done:N0} of {total:N0} events");

            // 3. The record, in one atomic batch: the status and rewind point from before the rewind (where they are
            //    still the rewind's own), and the "undone" record that makes the copies live. Then the old values go.
            var rows = context.LogRows(plan.Key, layout.Rewind, rewind.With(RewindState.Undone, context.Now()).ToJson())
                .Concat(plan.Resume ? copies : Array.Empty<CortexTripleInput>()).ToList();
            var replaced = new List<CortexTriple>(moved);
            if (plan.StatusAfter is string status)
            {
                rows.Add(context.SessionRow(plan.Key, layout.Status, status));
                replaced.AddRange(SessionContext.Replaced(plan.Record, layout.Status, status));
            }

            var pointAfter = plan.RestoresRewindPoint ? rewind.PreviousRewindPoint : plan.Record.RewindPointText;
            if (plan.RestoresRewindPoint)
            {
                if (pointAfter != null)
                {
                    rows.Add(context.SessionRow(plan.Key, layout.RewindPoint, pointAfter));
                    replaced.AddRange(SessionContext.Replaced(plan.Record, layout.RewindPoint, pointAfter));
                }
                else
                {
                    replaced.AddRange(plan.Record.Values(layout.RewindPoint));
                }
            }

            context.Write(rows, replaced);
            return new MayrosUndoResult(
                plan.Key,
                rewind.Id,
                rewind.Point,
                plan.ToRestore.Count,
                plan.StatusAfter ?? plan.Record.Status ?? "active",
                Timestamps.ParseStored(pointAfter));
        }

        public static MayrosUndoResult Run(SessionContext context, string key) => Apply(context, Plan(context, key));

        /// <summary>The id of a restored copy: derived from the session, the rewind and the hidden event.</summary>
        internal static string RestoreId(HashAlgorithm sha, string @namespace, string key, string rewindId, string eventId) =>
            EventCopies.DerivedId(sha, "mayros-restore-event", @namespace, key, rewindId, eventId);

        /// <summary>A restored event is still a copy of whatever the original was copied from; it is no longer hidden.</summary>
        private static FieldDictionary RestoreFields(SessionEvent e, string rewindId) => EventCopies.OwnFields(
            e,
            keepCopiedFrom: true,
            new KeyValuePair<string, string>(SessionLayout.RestoredFromField, e.Id),
            new KeyValuePair<string, string>(SessionLayout.RestoredByField, rewindId));

        private static string Superseded(string key, RewindRecord rewind, RewindRecord newest) =>
            $"Rewind {rewind.Id} of session '{key}' is superseded by the later rewind {newest.Id} to {Timestamps.Format(newest.Point)}, which must be undone first: "
            + "bringing back older events while a later rewind stands would undo it in part. Nothing was written.";

        private static MayrosException NothingToUndo(SessionContext context, string key, SessionRecord record)
        {
            var why = record.Rewinds.Count > 0
                ? $"all of its {record.Rewinds.Count:N0} rewinds are undone already"
                : record.Status == "rewound"
                    ? "it was rewound by something that kept no record of what it hid (the mayros CLI does not), so the module cannot tell those events apart"
                    : "it has never been rewound by this module";
            return new MayrosException(
                ErrorIds.RewindNotFound,
                ErrorCategory.ObjectNotFound,
                $"Session '{key}' in {context.Where} has no rewind to undo: {why}. Nothing was written.",
                key,
                "Get-MayrosSessionEvent -IncludeRewound shows which events are hidden and by which rewind.");
        }
    }
}
