using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// One event of a session as the module reads it from Cortex. A fork of a million events holds a million of these,
    /// so it is kept small: the time as ticks (its text only when Mayros's toISOString form would not give it back), the
    /// duration as a number, the strings shared where they repeat.
    /// </summary>
    internal sealed class SessionEvent
    {
        private const long NoTime = long.MinValue;
        private const ulong NoDuration = ulong.MaxValue;

        private readonly string? _timestampText;
        private readonly long _ticks;
        private readonly ulong _duration;

        public SessionEvent(string id, string session, string type, string agent, string timestampText, string? parentEvent, ulong? durationMs, IReadOnlyDictionary<string,
            string> fields)
        {
            Id = id;
            Session = session;
            Type = type;
            Agent = agent;
            if (Timestamps.TryParseJavaScript(timestampText, out var canonical))
            {
                _ticks = canonical.UtcTicks;
            }
            else
            {
                _ticks = Timestamps.ParseStored(timestampText)?.UtcTicks ?? NoTime;
                _timestampText = timestampText;
            }

            ParentEvent = parentEvent;
            _duration = durationMs ?? NoDuration;
            Fields = fields;
        }

        public string Id { get; }

        public string Session { get; }

        public string Type { get; }

        /// <summary>The bare agent id; empty when Cortex holds none the module could read.</summary>
        public string Agent { get; private set; }

        /// <summary>The timestamp text exactly as stored.</summary>
        public string TimestampText => _timestampText ?? Timestamps.Format(new DateTimeOffset(_ticks, TimeSpan.Zero));

        /// <summary>The parsed timestamp, or null when the stored text is not a date (such events are never "after" a point).</summary>
        public DateTimeOffset? Timestamp => _ticks == NoTime ? (DateTimeOffset?)null : new DateTimeOffset(_ticks, TimeSpan.Zero);

        /// <summary>The instant as UTC ticks, or long.MinValue when the text is not a date (what sorting compares).</summary>
        internal long Ticks => _ticks;

        /// <summary>Whether the stored text is kept because toISOString's form would not give it back.</summary>
        internal bool HasOwnText => _timestampText != null;

        public string? ParentEvent { get; }

        public ulong? DurationMs => _duration == NoDuration ? (ulong?)null : _duration;

        /// <summary>The event's string fields as Cortex reports them, the rewind marker and copy link included.</summary>
        public IReadOnlyDictionary<string, string> Fields { get; }

        /// <summary>Hidden by a rewind: the {ns}:event:rewound marker is "true".</summary>
        public bool Rewound => Fields.TryGetValue(SessionLayout.RewoundField, out var marker) && string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase);

        public bool Live => !Rewound;

        public string? CopiedFrom => Fields.TryGetValue(SessionLayout.CopiedFromField, out var source) ? source : null;

        /// <summary>The rewind that hid this event, when the module's rewind did.</summary>
        public string? RewoundBy => Fields.TryGetValue(SessionLayout.RewoundByField, out var rewind) ? rewind : null;

        /// <summary>On an event an undo brought back: the hidden event it restores.</summary>
        public string? RestoredFrom => Fields.TryGetValue(SessionLayout.RestoredFromField, out var original) ? original : null;

        /// <summary>On an event an undo brought back: the rewind that undo reversed.</summary>
        public string? RestoredBy => Fields.TryGetValue(SessionLayout.RestoredByField, out var rewind) ? rewind : null;

        /// <summary>On an event of a removed session: the removal (Remove-MayrosSession) that took it out of its session.</summary>
        public string? RemovedBy => Fields.TryGetValue(SessionLayout.RemovedByField, out var removal) ? removal : null;

        internal void SetAgent(string agent) => Agent = agent;

        public override string ToString() => $"{Id} ({TimestampText})";
    }

    /// <summary>Time order for events: parsed timestamp (unreadable ones first), then the text, then the id.</summary>
    internal sealed class EventOrder : IComparer<SessionEvent>
    {
        public static readonly EventOrder Instance = new EventOrder();

        public int Compare(SessionEvent? x, SessionEvent? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x == null)
            {
                return -1;
            }

            if (y == null)
            {
                return 1;
            }

            var c = x.Ticks.CompareTo(y.Ticks);
            if (c == 0 && (x.HasOwnText || y.HasOwnText))
            {
                c = string.CompareOrdinal(x.TimestampText, y.TimestampText);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
