using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// A session's history from Cortex's DAG: the actions filed under its record subject (writes under the bare
    /// subject, deletes under the bracketed one, as Cortex indexes them), fetched whole in one sync request, oldest
    /// first. Three requests whatever the session's size. Events live under their own subjects and are not in it.
    /// </summary>
    internal static class SessionHistory
    {
        /// <summary>The most actions read from one history listing (Cortex's limit parameter).</summary>
        public const int MaxActions = 1_000_000;

        /// <summary>
        /// The session's history: each action the DAG lists for it, oldest first, with the action itself when Cortex
        /// hands one out under that hash (null when it does not: the action stored there no longer hashes to it).
        /// </summary>
        public static IReadOnlyList<(CortexDagEntry Entry, CortexDagAction? Action)> Read(SessionContext context, string key)
        {
            // The record (as the module and as IRI-bracketing writers name it) and its log, which only the module writes.
            var subject = context.Layout.SessionSubject(key);
            var entries = context.Api.DagHistory(subject, MaxActions).Concat(context.Api.DagHistory("<" + subject + ">", MaxActions))
                .Concat(context.Api.DagHistory(context.Layout.LogSubject(key), MaxActions))
                .GroupBy(e => e.Hash, StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (entries.Count == 0)
            {
                return Array.Empty<(CortexDagEntry, CortexDagAction?)>();
            }

            var fetched = new Dictionary<string, CortexDagAction>(StringComparer.Ordinal);
            foreach (var action in context.Api.DagActions(entries.Select(e => e.Hash).ToList()))
            {
                fetched[action.Hash] = action;
            }

            return entries.Select(e => (e, fetched.TryGetValue(e.Hash, out var a) ? a : null))
                .OrderBy(p => p.Item2?.Timestamp ?? p.e.Timestamp, StringComparer.Ordinal).ThenBy(p => p.e.Seq).ToList();
        }

        /// <summary>Why a session has no history: said by both cmdlets when the DAG files no action under its record.</summary>
        public static string NothingFiled(SessionContext context, string key) =>
            $"Cortex's DAG files no change under the record of session '{key}' ({context.Layout.SessionSubject(key)}): there is no such session, "
            + "or it has only events, which are filed under subjects of their own (a checkpoint, fork or rewind writes its record)";

        /// <summary>Get-MayrosSessionHistory: each action of a history <see cref="Read"/> gave, in the module's terms, within [since, before).</summary>
        public static IEnumerable<MayrosSessionChange> Changes(SessionContext context, string key,
            IReadOnlyList<(CortexDagEntry Entry, CortexDagAction? Action)> history, DateTimeOffset? since, DateTimeOffset? before)
        {
            var written = new Dictionary<string, CortexTripleInput>(StringComparer.Ordinal);
            foreach (var (entry, action) in history)
            {
                var when = action?.When ?? DateTimeOffset.Parse(entry.Timestamp, CultureInfo.InvariantCulture);
                var (kind, description, triples) = action != null
                    ? Describe(context.Layout, key, DagPayloadReader.Read(action.PayloadJson), written)
                    : ("Unverifiable", $"Cortex lists this action but holds none that hashes to it (changed after it was recorded?); it says: {entry.Summary}", 0);
                if ((since is DateTimeOffset s && when < s) || (before is DateTimeOffset b && when >= b))
                {
                    continue;
                }

                yield return new MayrosSessionChange(key, when.ToUniversalTime(), kind, description, action?.Author ?? string.Empty, entry.Hash, entry.Seq,
                    action?.Signature != null, triples);
            }
        }

        /// <summary>
        /// What one action did to the session, from its signed payload; <paramref name="written"/> holds the record's
        /// triples by content id as the actions so far wrote them (filled in here), so a delete can say what it deleted.
        /// </summary>
        internal static (string Kind, string Description, int Triples) Describe(SessionLayout layout, string key, CortexDagChange change,
            Dictionary<string, CortexTripleInput> written)
        {
            var subject = layout.SessionSubject(key);
            var log = layout.LogSubject(key);
            // A value copied from the record to the log is a move (RecordPlacement), not a new checkpoint or rewind.
            var logged = change.Inserted.Where(t => t.Subject == log).ToLookup(t => written.ContainsKey(TripleContentId.Compute(subject, t.Predicate, t.Object)));
            var moves = logged[true].Count();
            var mine = change.Inserted.Where(t => t.Subject == subject && t.Predicate != layout.Log).Concat(logged[false]).ToList();
            foreach (var t in change.Inserted.Where(t => t.Subject == subject || t.Subject == log))
            {
                written[TripleContentId.Compute(t.Subject, t.Predicate, t.Object)] = t;
            }

            if (change.Kind == "Custom")
            {
                return change.CustomType == SessionRestore.NoteType
                    ? ("Restore", change.CustomSummary ?? string.Empty, 0)
                    : ("Note", $"{change.CustomType}: {change.CustomSummary}", 0);
            }

            if (change.Kind == "TripleDelete")
            {
                var deleted = change.DeletedIds.Select(id => written.TryGetValue(id, out var t) ? t : null).ToList();
                var what = deleted.All(t => t != null) ? string.Join(", ", deleted.Select(t => Name(layout, t!))) : Wording.Count(change.DeletedIds.Count, "triple");
                var moved = deleted.All(t => t != null && t.Subject == subject && written.ContainsKey(TripleContentId.Compute(log, t.Predicate, t.Object)));
                return moved
                    ? ("Compact", $"moved to the session's log: {what}", change.DeletedIds.Count)
                    : ("Delete", $"record value deleted: {what}", change.DeletedIds.Count);
            }

            var (kind, description, count) = DescribeInsert(layout, key, change, mine);
            return moves == 0 ? (kind, description, count)
                : mine.Count == 0 ? ("Compact", $"{Wording.Count(moves, "record value")} copied to the session's log", moves)
                : (kind, $"{description}; {Wording.Count(moves, "older value")} copied to the session's log", count + moves);
        }

        /// <summary>What an insert did to the record: <paramref name="mine"/> are its triples of the record.</summary>
        private static (string Kind, string Description, int Triples) DescribeInsert(SessionLayout layout, string key, CortexDagChange change, List<CortexTripleInput> mine)
        {
            string? Text(string predicate) => mine.Where(t => t.Predicate == predicate).Select(t => t.Object.Text).FirstOrDefault();

            // Several checkpoints or rewind records at once are a record written whole (a restore, an import), not one step.
            if (mine.Count(t => t.Predicate == layout.Rewind || t.Predicate == layout.Checkpoint) > 1)
            {
                var fields = mine
                    .GroupBy(t => t.Predicate.StartsWith(layout.SessionPrefix, StringComparison.Ordinal) ? t.Predicate.Substring(layout.SessionPrefix.Length) : t.Predicate)
                    .Select(g => g.Count() > 1 ? $"{g.Count()} {g.Key}" : Name(layout, g.First()));
                return ("Record", $"record written: {string.Join(", ", fields)}", mine.Count);
            }

            foreach (var t in mine.Where(t => t.Predicate == layout.Rewind))
            {
                if (RewindRecord.Parse(new CortexTriple(null, t.Subject, t.Predicate, t.Object, (DateTimeOffset?)null)) is RewindRecord rewind)
                {
                    var point = Timestamps.Format(rewind.Point);
                    var to = rewind.CheckpointId != null ? $"checkpoint {rewind.CheckpointId} ({point})" : point;
                    return rewind.State switch
                    {
                        RewindState.Started => ("Rewind", $"rewind {rewind.Id} to {to} started", mine.Count),
                        RewindState.Completed => ("Rewind", $"rewind {rewind.Id} to {to}, {Wording.Count(rewind.EventsRemoved, "event")} hidden", mine.Count),
                        RewindState.Undoing => ("Undo", $"undo of rewind {rewind.Id} started", mine.Count),
                        _ => ("Undo", $"rewind {rewind.Id} undone, {Wording.Count(rewind.EventsRemoved, "event")} back", mine.Count),
                    };
                }
            }

            foreach (var t in mine.Where(t => t.Predicate == layout.Checkpoint))
            {
                if (SessionRecord.ParseCheckpoint(key, t.Object) is MayrosCheckpoint checkpoint)
                {
                    var label = checkpoint.Label != null ? $" labelled {checkpoint.Label}" : string.Empty;
                    return ("Checkpoint", $"checkpoint {checkpoint.Id}{label} ({Wording.Count(checkpoint.EventCount, "event")})", mine.Count);
                }
            }

            if (Text(layout.ForkedFrom) is string from || Text(layout.ParentSession) is string)
            {
                var parent = layout.KeyFromSubject(Text(layout.ForkedFrom) ?? string.Empty) ?? Text(layout.ForkedFrom) ?? Text(layout.ParentSession);
                var at = Text(layout.ForkPoint) is string point ? $" from its state at {point}"
                    : Text(layout.ForkCheckpoint) is string cp ? $" from checkpoint {cp}"
                    : string.Empty;
                return ("Fork", $"fork of {parent} taken{at}", mine.Count);
            }

            if (mine.Any(t => t.Predicate == layout.ForkIntent))
            {
                return ("Fork", "fork intent recorded", mine.Count);
            }

            if (Text(layout.Status) is string status)
            {
                return ("Status", $"status set to {status}", mine.Count);
            }

            if (mine.Count > 0)
            {
                return ("Record", $"record written: {string.Join(", ", mine.Select(t => Name(layout, t)))}", mine.Count);
            }

            return ("Record", $"{change.Kind} ({change.Inserted.Count.ToString(CultureInfo.InvariantCulture)} triples, none of this record)", 0);
        }

        /// <summary>"status active", "checkpoint cp-…": a record triple by its field and, for short values, the value.</summary>
        private static string Name(SessionLayout layout, CortexTripleInput t)
        {
            var field = t.Predicate.StartsWith(layout.SessionPrefix, StringComparison.Ordinal) ? t.Predicate.Substring(layout.SessionPrefix.Length) : t.Predicate;
            var text = t.Object.Kind == CortexValueKind.Node ? layout.KeyFromSubject(t.Object.Text!) ?? t.Object.Text : t.Object.Text;
            return text != null && text.Length <= 40 && !text.StartsWith("{", StringComparison.Ordinal) ? $"{field} {text}" : field;
        }
    }
}
