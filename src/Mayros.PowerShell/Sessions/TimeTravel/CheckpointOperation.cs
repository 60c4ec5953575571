using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What a checkpoint will record, read before anything is written (and shown by -WhatIf).</summary>
    internal sealed class CheckpointPlan
    {
        public CheckpointPlan(string key, int eventCount, SessionEvent? last, SessionRecord record, string? label)
        {
            Key = key;
            EventCount = eventCount;
            Last = last;
            Record = record;
            Label = label;
        }

        public string Key { get; }

        /// <summary>Live (not rewound) events stored in Cortex.</summary>
        public int EventCount { get; }

        public SessionEvent? Last { get; }

        public SessionRecord Record { get; }

        public string? Label { get; }
    }

    /// <summary>
    /// New-MayrosCheckpoint: counts the session's live events stored in Cortex, finds the latest by timestamp, and
    /// stores the checkpoint as the CLI's JSON literal. Three requests whatever the session's size (four once the
    /// session has a log), and a delete per checkpoint moved from the record to the log (RecordPlacement).
    /// </summary>
    internal static class CheckpointOperation
    {
        public static CheckpointPlan Plan(SessionContext context, string key, string? label = null)
        {
            SessionKeys.Validate(key, "Session");
            ValidateLabel(label);
            var (_, record, events) = EventIndex.LoadSession(context, key);

            var live = events.Where(record.IsLive).ToList();
            return new CheckpointPlan(key, live.Count, EventIndex.Latest(live), record, label);
        }

        public static MayrosCheckpoint Apply(SessionContext context, CheckpointPlan plan)
        {
            var now = context.Now();
            var id = "cp-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var json = CheckpointJson.Write(new StoredCheckpoint(plan.Key, Timestamps.Format(now), plan.EventCount, plan.Last?.Id, id, plan.Label));

            // The oldest checkpoint beyond the record's newest 20 (and any rewind records of a session stored before the
            // log) move to the session's log in the same batch, and leave the record after it.
            var (copies, moved) = RecordPlacement.Compact(context.Layout, plan.Record, adding: 1);
            var rows = new List<CortexTripleInput>(copies) { context.SessionRow(plan.Key, context.Layout.Checkpoint, json) };
            if (plan.Record.Status == null)
            {
                // Like the CLI, a checkpoint gives a session without a status the status "active"; it never
                // overwrites "forked" or "rewound".
                rows.Add(context.SessionRow(plan.Key, context.Layout.Status, "active"));
            }

            context.Write(rows, moved);
            return new MayrosCheckpoint(id, plan.Key, now, plan.EventCount, plan.Last?.Id, plan.Label);
        }

        public const int MaxLabelLength = 256;

        /// <summary>A label is free text for people: 1 to 256 characters, no control characters, no leading or trailing spaces.</summary>
        public static void ValidateLabel(string? label)
        {
            if (label == null)
            {
                return;
            }

            var problem = label.Length == 0 || label.Trim().Length == 0 ? "it is empty"
                : label.Length > MaxLabelLength ? $"it is {label.Length:N0} characters long (at most {MaxLabelLength})"
                : label.Any(char.IsControl) ? "it contains a control character"
                : label.Trim().Length != label.Length ? "it starts or ends with white space"
                : null;
            if (problem != null)
            {
                throw new MayrosException(
                    ErrorIds.InvalidCheckpointLabel,
                    System.Management.Automation.ErrorCategory.InvalidArgument,
                    $"The label given to -Label is not usable: {problem}. Nothing was written.",
                    label,
                    $"Pass -Label a short name of 1 to {MaxLabelLength} characters, such as 'before-refactor'.");
            }
        }

        public static MayrosCheckpoint Run(SessionContext context, string key, string? label = null) => Apply(context, Plan(context, key, label));
    }
}
