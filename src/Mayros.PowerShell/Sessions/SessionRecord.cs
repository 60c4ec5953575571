using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// A session's record in Cortex (the triples of {ns}:session:{key}). Where a field holds more than one value (a
    /// crash between writing the new value and deleting the old one), the newest by Cortex's created_at wins.
    /// </summary>
    internal sealed class SessionRecord
    {
        private readonly SessionLayout _layout;
        private IReadOnlyList<RewindRecord>? _inProgress;
        private HashSet<string>? _undosInProgress;

        public SessionRecord(string key, IReadOnlyList<CortexTriple> triples, SessionLayout layout)
        {
            Key = key;
            Triples = triples;
            _layout = layout;
            var checkpoints = new List<MayrosCheckpoint>();
            var malformed = 0;
            foreach (var triple in Values(layout.Checkpoint))
            {
                var checkpoint = ParseCheckpoint(key, triple.Object);
                if (checkpoint == null)
                {
                    malformed++;
                }
                else
                {
                    checkpoints.Add(checkpoint);
                }
            }

            // A checkpoint being moved to the log is in both places for a moment: one checkpoint.
            Checkpoints = checkpoints.GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(c => c.Timestamp).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
            MalformedCheckpoints = malformed;
            AllRewinds = Values(layout.Rewind).Select(t => RewindRecord.Parse(t)).Where(r => r != null).Select(r => r!)
                .OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
            Rewinds = AllRewinds.Where(r => r.State == RewindState.Completed).ToArray();
        }

        public string Key { get; }

        public IReadOnlyList<CortexTriple> Triples { get; }

        public bool Exists => Triples.Count > 0;

        public string? Status => Newest(_layout.Status);

        public string? ParentSession => SessionKeyOf(_layout.ParentSession) ?? SessionKeyOf(_layout.ForkedFrom);

        public string? ForkedFrom => SessionKeyOf(_layout.ForkedFrom);

        public IReadOnlyList<CortexTriple> ForkedFromTriples => Values(_layout.ForkedFrom);

        public string? ForkedAtText => Newest(_layout.ForkedAt);

        public DateTimeOffset? ForkedAt => Timestamps.ParseStored(ForkedAtText);

        public string? ForkPointText => Newest(_layout.ForkPoint);

        public DateTimeOffset? ForkPoint => Timestamps.ParseStored(ForkPointText);

        public string? ForkCheckpoint => Newest(_layout.ForkCheckpoint);

        public string? RewindPointText => Newest(_layout.RewindPoint);

        public DateTimeOffset? RewindPoint => Timestamps.ParseStored(RewindPointText);

        public IReadOnlyList<MayrosCheckpoint> Checkpoints { get; }

        /// <summary>
        /// When a value of the record (of those read) was last stored: a fork, a checkpoint, a rewind, an undo, a status
        /// change. Events appended to the session do not touch the record. Null when Cortex gave no created_at.
        /// </summary>
        public DateTimeOffset? LastChanged => Triples.Max(t => t.CreatedAt);

        public int MalformedCheckpoints { get; }

        /// <summary>The module's completed rewinds (one record each, undone ones included), oldest first.</summary>
        public IReadOnlyList<RewindRecord> Rewinds { get; }

        /// <summary>Every rewind record, whatever its state; a rewind has one record per step it reached.</summary>
        public IReadOnlyList<RewindRecord> AllRewinds { get; }

        /// <summary>Rewinds that have started and not completed (interrupted, or running now).</summary>
        public IReadOnlyList<RewindRecord> RewindsInProgress =>
            _inProgress ??= AllRewinds.Where(r => r.State == RewindState.Started && !Reached(r.Id, RewindState.Completed)).ToArray();

        /// <summary>Ids of rewinds whose undo has started and not finished: the events it restores are not live yet.</summary>
        public HashSet<string> UndosInProgress =>
            _undosInProgress ??= new HashSet<string>(
                AllRewinds.Where(r => r.State == RewindState.Undoing && !Reached(r.Id, RewindState.Undone)).Select(r => r.Id),
                StringComparer.Ordinal);

        /// <summary>The newest completed rewind not yet undone: what Undo-MayrosRewind reverses. Older ones follow in turn.</summary>
        public RewindRecord? LatestUndoable => Rewinds.LastOrDefault(r => !Reached(r.Id, RewindState.Undone));

        /// <summary>Whether the rewind with this id has a record in this state.</summary>
        public bool Reached(string rewindId, RewindState state) =>
            AllRewinds.Any(r => r.State == state && string.Equals(r.Id, rewindId, StringComparison.Ordinal));

        /// <summary>
        /// Whether an event counts as the session's: not marked rewound, not after the point of a rewind still in
        /// progress, and not restored by an undo still in progress.
        /// </summary>
        public bool IsLive(SessionEvent e)
        {
            if (!e.Live)
            {
                return false;
            }

            if (RewindsInProgress.Count > 0 && RewindsInProgress.Any(r => e.Timestamp.HasValue && e.Timestamp.Value > r.Point))
            {
                return false;
            }

            return UndosInProgress.Count == 0 || e.RestoredBy == null || !UndosInProgress.Contains(e.RestoredBy);
        }

        /// <summary>
        /// Whether an event counted as the session's at a past moment (a checkpoint's): hidden only by a rewind that
        /// had started by then, a restored copy only once its undo had finished by then (even if a later rewind hid it), and not after the point of a
        /// rewind that was under way then. A marker that no record explains (the mayros CLI's rewinds) counts as
        /// always there, since nothing says when it came.
        /// </summary>
        public Func<SessionEvent, bool> LiveAt(DateTimeOffset moment)
        {
            var underWay = AllRewinds.Where(r => r.State == RewindState.Started && r.At <= moment
                && !AllRewinds.Any(c => c.Id == r.Id && c.State == RewindState.Completed && c.At <= moment)).ToArray();
            return e =>
            {
                // A restored copy did not exist before its undo finished, whether a later rewind hid it again or not.
                if (e.RestoredBy is string undone && !(FirstAt(undone, RewindState.Undone) is DateTimeOffset back && back <= moment))
                {
                    return false;
                }

                if (e.Rewound)
                {
                    return e.RewoundBy is string rewind && FirstAt(rewind, RewindState.Started, RewindState.Completed) is DateTimeOffset hidden && hidden > moment;
                }

                return !underWay.Any(r => e.Timestamp.HasValue && e.Timestamp.Value > r.Point);
            };
        }

        /// <summary>When the rewind with this id first reached one of these states, or null if it never did.</summary>
        private DateTimeOffset? FirstAt(string rewindId, params RewindState[] states) =>
            AllRewinds.Where(r => string.Equals(r.Id, rewindId, StringComparison.Ordinal) && states.Contains(r.State))
                .Select(r => (DateTimeOffset?)r.At)
                .Min();

        /// <summary>All stored values of one field.</summary>
        public IReadOnlyList<CortexTriple> Values(string predicate) =>
            Triples.Where(t => string.Equals(t.Predicate, predicate, StringComparison.Ordinal)).ToArray();

        /// <summary>Groups the triples of many sessions (from predicate listings) into records.</summary>
        public static IReadOnlyDictionary<string, SessionRecord> Group(IEnumerable<CortexTriple> triples, SessionLayout layout)
        {
            return triples
                .Select(t => (Key: layout.KeyFromRecordSubject(t.Subject), Triple: t))
                .Where(x => x.Key != null)
                .GroupBy(x => x.Key!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new SessionRecord(g.Key, g.Select(x => x.Triple).ToArray(), layout), StringComparer.Ordinal);
        }

        /// <summary>The text of a stored value: a literal as is, a node by its name.</summary>
        public static string TextOf(CortexValue value) => value.ToText();

        /// <summary>
        /// A checkpoint literal as the CLI writes it ({"sessionKey","timestamp","eventCount","lastEventId"}), plus the
        /// module's optional "id" and "label". A checkpoint without an id gets one derived from its text, so it is stable.
        /// </summary>
        public static MayrosCheckpoint? ParseCheckpoint(string sessionKey, CortexValue value)
        {
            if (value.Kind != CortexValueKind.String
                || !(CheckpointJson.TryRead(value.Text!) is StoredCheckpoint stored)
                || !(Timestamps.ParseStored(stored.Timestamp) is DateTimeOffset timestamp))
            {
                return null;
            }

            // The session the checkpoint is stored under, which is the one commands act on (the JSON's own
            // sessionKey says the same when the CLI or this module wrote it).
            var id = string.IsNullOrEmpty(stored.Id) ? DerivedId("cp-", value.Text!) : stored.Id!;
            return new MayrosCheckpoint(id, sessionKey, timestamp, stored.EventCount, stored.LastEventId, stored.Label);
        }

        /// <summary>A short stable id from a text: prefix + the first 12 hex digits of its SHA-256.</summary>
        public static string DerivedId(string prefix, string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var builder = new StringBuilder(prefix);
            for (var b = 0; b < 6; b++)
            {
                builder.Append(hash[b].ToString("x2", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        private string? Newest(string predicate) => NewestTriple(Values(predicate)) is { } t ? TextOf(t.Object) : null;

        private string? SessionKeyOf(string predicate) => NewestTriple(Values(predicate)) is { } t ? _layout.KeyFromValue(t.Object) : null;

        /// <summary>The most recently stored of several values; ties broken by the value's text, so the choice is stable.</summary>
        public static CortexTriple? NewestTriple(IReadOnlyList<CortexTriple> values) =>
            values.OrderBy(t => t.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(t => TextOf(t.Object), StringComparer.Ordinal).LastOrDefault();
    }
}
