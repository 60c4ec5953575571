using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Text;

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

            Checkpoints = checkpoints.OrderBy(c => c.Timestamp).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
            MalformedCheckpoints = malformed;
            AllRewinds = Values(layout.Rewind).Select(t => RewindRecord.Parse(t)).Where(r => r != null).Select(r => r!)
                .OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
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

        public string? RewindPointText => Newest(_layout.RewindPoint);

        public DateTimeOffset? RewindPoint => Timestamps.ParseStored(RewindPointText);

        public IReadOnlyList<MayrosCheckpoint> Checkpoints { get; }

        public int MalformedCheckpoints { get; }

        /// <summary>The module's completed rewind records, oldest first.</summary>
        public IReadOnlyList<RewindRecord> Rewinds => AllRewinds.Where(r => !r.Started).ToArray();

        /// <summary>Every rewind record, started ones included.</summary>
        public IReadOnlyList<RewindRecord> AllRewinds { get; }

        /// <summary>Rewinds that have started and not completed (interrupted, or running now).</summary>
        public IReadOnlyList<RewindRecord> RewindsInProgress =>
            _inProgress ??= AllRewinds.Where(r => r.Started && !AllRewinds.Any(c => !c.Started && c.Id == r.Id)).ToArray();

        /// <summary>
        /// Whether an event counts as the session's: not marked rewound, and not after the point of a rewind that is
        /// still in progress.
        /// </summary>
        public bool IsLive(SessionEvent e) =>
            e.Live && !RewindsInProgress.Any(r => e.Timestamp.HasValue && e.Timestamp.Value > r.Point);

        /// <summary>All stored values of one field.</summary>
        public IReadOnlyList<CortexTriple> Values(string predicate) =>
            Triples.Where(t => string.Equals(t.Predicate, predicate, StringComparison.Ordinal)).ToArray();

        /// <summary>Groups the triples of many sessions (from predicate listings) into records.</summary>
        public static IReadOnlyDictionary<string, SessionRecord> Group(IEnumerable<CortexTriple> triples, SessionLayout layout)
        {
            return triples
                .Select(t => (Key: layout.KeyFromSubject(t.Subject), Triple: t))
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
            if (value.Kind != CortexValueKind.String)
            {
                return null;
            }

            Dictionary<string, object?>? json;
            try
            {
                json = Json5Reader.Parse(value.Text!) as Dictionary<string, object?>;
            }
            catch (Json5Exception)
            {
                return null;
            }

            if (json == null
                || !(json.TryGetValue("timestamp", out var ts) && ts is string timestampText && Timestamps.ParseStored(timestampText) is DateTimeOffset timestamp)
                || !(json.TryGetValue("eventCount", out var count) && count is double eventCount && eventCount >= 0 && eventCount <= int.MaxValue))
            {
                return null;
            }

            var key = json.TryGetValue("sessionKey", out var k) && k is string storedKey ? storedKey : sessionKey;
            var lastEventId = json.TryGetValue("lastEventId", out var last) ? last as string : null;
            var label = json.TryGetValue("label", out var l) ? l as string : null;
            var id = json.TryGetValue("id", out var i) && i is string storedId && storedId.Length > 0 ? storedId : DerivedId("cp-", value.Text!);
            return new MayrosCheckpoint(id, key, timestamp, (int)eventCount, lastEventId, label);
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

    /// <summary>What one rewind did, stored as a JSON literal under {ns}:session:rewind so that it can be undone.</summary>
    internal sealed class RewindRecord
    {
        public RewindRecord(string id, string sessionKey, DateTimeOffset point, DateTimeOffset at, int eventsRemoved, string? previousStatus, string? previousRewindPoint, bool undone, CortexTriple? triple, bool started = false)
        {
            Started = started;
            Id = id;
            SessionKey = sessionKey;
            Point = point;
            At = at;
            EventsRemoved = eventsRemoved;
            PreviousStatus = previousStatus;
            PreviousRewindPoint = previousRewindPoint;
            Undone = undone;
            Triple = triple;
        }

        public string Id { get; }

        public string SessionKey { get; }

        public DateTimeOffset Point { get; }

        public DateTimeOffset At { get; }

        public int EventsRemoved { get; }

        public string? PreviousStatus { get; }

        public string? PreviousRewindPoint { get; }

        public bool Undone { get; }

        public CortexTriple? Triple { get; }

        /// <summary>
        /// Written with the first markers of a rewind, and superseded by the completed record: until that exists,
        /// readers treat the events after its point as hidden, so a checkpoint during the rewind counts the session
        /// as rewound, never half rewound.
        /// </summary>
        public bool Started { get; }

        public string ToJson() => JsonWriter.Object(new[]
        {
            new KeyValuePair<string, object?>("id", Id),
            new KeyValuePair<string, object?>("sessionKey", SessionKey),
            new KeyValuePair<string, object?>("rewindPoint", Timestamps.Format(Point)),
            new KeyValuePair<string, object?>("at", Timestamps.Format(At)),
            new KeyValuePair<string, object?>("eventsRemoved", EventsRemoved),
            new KeyValuePair<string, object?>("previousStatus", PreviousStatus),
            new KeyValuePair<string, object?>("previousRewindPoint", PreviousRewindPoint),
            new KeyValuePair<string, object?>("undone", Undone ? (object)true : null),
            new KeyValuePair<string, object?>("state", Started ? "started" : null),
        });

        public static RewindRecord? Parse(CortexTriple triple)
        {
            if (triple.Object.Kind != CortexValueKind.String)
            {
                return null;
            }

            try
            {
                if (!(Json5Reader.Parse(triple.Object.Text!) is Dictionary<string, object?> json)
                    || !(json.TryGetValue("id", out var id) && id is string idText)
                    || !(json.TryGetValue("rewindPoint", out var p) && Timestamps.ParseStored(p as string) is DateTimeOffset point)
                    || !(json.TryGetValue("at", out var a) && Timestamps.ParseStored(a as string) is DateTimeOffset at))
                {
                    return null;
                }

                return new RewindRecord(
                    idText,
                    json.TryGetValue("sessionKey", out var k) ? k as string ?? string.Empty : string.Empty,
                    point,
                    at,
                    json.TryGetValue("eventsRemoved", out var n) && n is double removed ? (int)removed : 0,
                    json.TryGetValue("previousStatus", out var s) ? s as string : null,
                    json.TryGetValue("previousRewindPoint", out var r) ? r as string : null,
                    json.TryGetValue("undone", out var u) && u is bool undone && undone,
                    triple,
                    json.TryGetValue("state", out var state) && state as string == "started");
            }
            catch (Json5Exception)
            {
                return null;
            }
        }
    }
}
