using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Where each value of a session's record is stored, so that the record stays within what the mayros CLI reads of
    /// it (the first 100 triples of the subject, which Cortex lists by predicate: checkpoints first, status last). The
    /// record keeps its fields and the newest <see cref="CheckpointsInRecord"/> checkpoints, which the CLI lists; the
    /// session's log ({ns}:sessionlog:key) keeps the rewind records and the older checkpoints, with the same
    /// predicates, so that every predicate listing still finds them. The record names its log ({ns}:session:log) in the
    /// same batch as, and before, the first value on the log, so a reader that finds no name needs no second request.
    /// </summary>
    internal static class RecordPlacement
    {
        /// <summary>Checkpoints kept on the record itself, the newest: what the mayros CLI's checkpoint list shows.</summary>
        public const int CheckpointsInRecord = 20;

        /// <summary>The record's name for its log, then <paramref name="rows"/> on the log.</summary>
        public static IEnumerable<CortexTripleInput> OnLog(SessionLayout layout, string key, IEnumerable<(string Predicate, CortexValue Value)> rows)
        {
            yield return new CortexTripleInput(layout.SessionSubject(key), layout.Log, CortexValue.String(layout.LogSubject(key)));
            foreach (var (predicate, value) in rows)
            {
                yield return new CortexTripleInput(layout.LogSubject(key), predicate, value);
            }
        }

        /// <summary>
        /// A whole record to be written at once (an import, a restore under a new key): each value where it belongs,
        /// the log's name before the log's values.
        /// </summary>
        public static IReadOnlyList<CortexTripleInput> Place(SessionLayout layout, string key, IReadOnlyList<CortexTripleInput> rows)
        {
            var checkpoints = rows.Where(r => r.Predicate == layout.Checkpoint).ToList();
            var older = new HashSet<CortexTripleInput>(Oldest(key, checkpoints, r => r.Object, checkpoints.Count - CheckpointsInRecord));
            bool OnTheLog(CortexTripleInput r) => r.Predicate == layout.Rewind || older.Contains(r);
            var toLog = rows.Where(OnTheLog).ToList();
            if (toLog.Count == 0)
            {
                return rows;
            }

            var placed = rows.Where(r => r.Predicate != layout.Log && !OnTheLog(r)).ToList();
            placed.AddRange(OnLog(layout, key, toLog.Select(r => (r.Predicate, r.Object))));
            return placed;
        }

        /// <summary>
        /// What a write to the record moves to the log first, so that the record stays small: every rewind record still
        /// on the record (sessions stored before the log existed) and the checkpoints beyond the newest
        /// <see cref="CheckpointsInRecord"/> once <paramref name="adding"/> more are written. The copies go in the
        /// write's first batch; the record's triples are deleted after the write (a crash in between leaves a value
        /// in both places, which readers count once, and the next write moves it again).
        /// </summary>
        public static (IReadOnlyList<CortexTripleInput> Copies, IReadOnlyList<CortexTriple> Moved) Compact(SessionLayout layout, SessionRecord record, int adding = 0)
        {
            var subject = layout.SessionSubject(record.Key);
            var own = record.Triples.Where(t => t.Subject == subject).ToList();
            var checkpoints = own.Where(t => t.Predicate == layout.Checkpoint).ToList();
            var moved = own.Where(t => t.Predicate == layout.Rewind)
                .Concat(Oldest(record.Key, checkpoints, t => t.Object, checkpoints.Count + adding - CheckpointsInRecord))
                .ToList();
            if (moved.Count == 0)
            {
                return (Array.Empty<CortexTripleInput>(), Array.Empty<CortexTriple>());
            }

            return (OnLog(layout, record.Key, moved.Select(t => (t.Predicate, t.Object))).ToList(), moved);
        }

        /// <summary>The <paramref name="count"/> oldest checkpoints (by their timestamp; unreadable ones first).</summary>
        private static IEnumerable<T> Oldest<T>(string key, IReadOnlyList<T> checkpoints, Func<T, CortexValue> value, int count) =>
            count <= 0
                ? Enumerable.Empty<T>()
                : checkpoints.Select(c => (Item: c, Checkpoint: SessionRecord.ParseCheckpoint(key, value(c))))
                    .OrderBy(c => c.Checkpoint?.Timestamp ?? DateTimeOffset.MinValue)
                    .ThenBy(c => c.Checkpoint?.Id, StringComparer.Ordinal)
                    .Take(count)
                    .Select(c => c.Item);
    }
}
