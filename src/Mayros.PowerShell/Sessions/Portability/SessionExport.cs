using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What an export will hold, read before its first line is written.</summary>
    internal sealed class ExportPlan
    {
        public ExportPlan(string root, IReadOnlyList<string> sessions, IReadOnlyDictionary<string, SessionRecord> records)
        {
            Root = root;
            Sessions = sessions;
            Records = records;
        }

        public string Root { get; }

        /// <summary>The sessions, parents before their forks.</summary>
        public IReadOnlyList<string> Sessions { get; }

        public IReadOnlyDictionary<string, SessionRecord> Records { get; }
    }

    /// <summary>
    /// Export-MayrosSession: a session (with -Recurse, its lineage) as one line-delimited JSON file in the Mayros session
    /// export format (docs/EXPORT-FORMAT.md): its record values exactly as stored, then every event, live and hidden,
    /// as Cortex's events listing gives it, written to the file as the listing arrives, so memory does not grow with
    /// the session. Requests: one per session's record, two for the family tree with -Recurse, one events listing.
    /// </summary>
    internal static class SessionExport
    {
        public static ExportPlan Plan(SessionContext context, string key, bool recurse)
        {
            SessionKeys.Validate(key, "Session");
            var sessions = recurse ? SessionFamily.Lineage(context, key) : new[] { key };
            var records = sessions.ToDictionary(k => k, context.ReadRecord, StringComparer.Ordinal);
            return new ExportPlan(key, sessions, records);
        }

        /// <summary>Writes every line through <paramref name="writeLine"/>; SessionNotFound (before the end line) when the root has neither record nor events.</summary>
        public static MayrosExportResult Write(SessionContext context, ExportPlan plan, string module, string? path, Action<string> writeLine)
        {
            var layout = context.Layout;
            writeLine(SessionExportFormat.Write(new ExportHeader(
                SessionExportFormat.Version,
                module,
                SessionExportFormat.Instant(context.Now()),
                context.Api.Server.GetLeftPart(UriPartial.Authority),
                layout.Namespace,
                plan.Root,
                plan.Sessions)));
            foreach (var key in plan.Sessions)
            {
                writeLine(SessionExportFormat.Write(new ExportRecord(key, Values(layout, plan.Records[key]))));
            }

            var counts = plan.Sessions.ToDictionary(k => k, k => 0L, StringComparer.Ordinal);
            long lines = 0;
            var activity = $"Exporting session '{plan.Root}'";
            context.Reporter.Progress(activity, "Reading the namespace's events", 0);
            EventIndex.Visit(context.Api, layout, plan.Sessions, (e, key) =>
            {
                // An event a removal took out of the session is no longer the session's.
                if (e.Fields.ContainsKey(SessionLayout.RemovedByField))
                {
                    return;
                }

                writeLine(SessionExportFormat.Write(key, e));
                counts[key]++;
                if (++lines % 5000 == 0)
                {
                    context.Reporter.Progress(activity, $"Wrote {lines:N0} events", -1);
                }
            });
            context.Reporter.ProgressCompleted(activity);

            var root = plan.Records[plan.Root];
            if (!root.Exists && counts[plan.Root] == 0)
            {
                throw context.SessionNotFound(plan.Root);
            }

            writeLine(SessionExportFormat.Write(new ExportEnd(plan.Sessions.Count, lines)));
            return new MayrosExportResult(
                plan.Root,
                plan.Sessions,
                lines,
                plan.Records.Values.Sum(r => r.Checkpoints.Count),
                path);
        }

        /// <summary>A record's values (its log's with them), each under its field name when it is one of the namespace's session fields, in a stable order.</summary>
        internal static IReadOnlyList<ExportRecordValue> Values(SessionLayout layout, SessionRecord record) =>
            record.Triples
                .Where(t => t.Predicate != layout.Log) // where the values are stored, not one of them: an import places them again
                .Select(t => t.Predicate.StartsWith(layout.SessionPrefix, StringComparison.Ordinal) && t.Predicate.Length > layout.SessionPrefix.Length
                    ? new ExportRecordValue(t.Predicate.Substring(layout.SessionPrefix.Length), null, t.Object)
                    : new ExportRecordValue(null, t.Predicate, t.Object))
                .OrderBy(v => v.Field ?? "\uffff" + v.Predicate, StringComparer.Ordinal)
                .ThenBy(v => v.Value.Kind)
                .ThenBy(v => v.Value.ToText(), StringComparer.Ordinal)
                .ToList();
    }
}
