using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Text;

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
    /// stores the checkpoint as the CLI's JSON literal. Three requests whatever the session's size.
    /// </summary>
    internal static class CheckpointOperation
    {
        public static CheckpointPlan Plan(SessionContext context, string key, string? label = null)
        {
            SessionKeys.Validate(key, "Session");
            var (index, record) = EventIndex.LoadConsistent(context, key);
            var events = index.ForSession(key);
            if (events.Count == 0 && !record.Exists)
            {
                throw context.SessionNotFound(key);
            }

            var live = events.Where(record.IsLive).ToList();
            return new CheckpointPlan(key, live.Count, EventIndex.Latest(live), record, label);
        }

        public static MayrosCheckpoint Apply(SessionContext context, CheckpointPlan plan)
        {
            var now = context.Now();
            var id = "cp-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var json = JsonWriter.Object(new[]
            {
                new KeyValuePair<string, object?>("sessionKey", plan.Key),
                new KeyValuePair<string, object?>("timestamp", Timestamps.Format(now)),
                new KeyValuePair<string, object?>("eventCount", plan.EventCount),
                new KeyValuePair<string, object?>("lastEventId", plan.Last?.Id),
                new KeyValuePair<string, object?>("id", id),
                new KeyValuePair<string, object?>("label", plan.Label),
            });

            var rows = new List<CortexTripleInput> { context.SessionRow(plan.Key, context.Layout.Checkpoint, json) };
            if (plan.Record.Status == null)
            {
                // Like the CLI, a checkpoint gives a session without a status the status "active"; it never
                // overwrites "forked" or "rewound".
                rows.Add(context.SessionRow(plan.Key, context.Layout.Status, "active"));
            }

            context.Write(rows, Array.Empty<CortexTriple>());
            return new MayrosCheckpoint(id, plan.Key, now, plan.EventCount, plan.Last?.Id, plan.Label);
        }

        public static MayrosCheckpoint Run(SessionContext context, string key, string? label = null) => Apply(context, Plan(context, key, label));
    }
}
