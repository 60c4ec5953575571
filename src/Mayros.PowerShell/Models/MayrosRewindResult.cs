using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>What Invoke-MayrosRewind did: the events after the rewind point it hid, and the ones it kept.</summary>
    public sealed class MayrosRewindResult
    {
        /// <summary>A rewind result as Invoke-MayrosRewind emits it.</summary>
        public MayrosRewindResult(string sessionKey, DateTimeOffset rewindPoint, int eventsRemoved, int eventsRetained, string? rewindId, string? rewoundToCheckpoint = null)
        {
            RewoundToCheckpoint = rewoundToCheckpoint;
            SessionKey = sessionKey;
            RewindPoint = rewindPoint;
            EventsRemoved = eventsRemoved;
            EventsRetained = eventsRetained;
            RewindId = rewindId;
        }

        /// <summary>The session that was rewound.</summary>
        public string SessionKey { get; }

        /// <summary>The moment the session was rewound to: its live events after it are hidden.</summary>
        public DateTimeOffset RewindPoint { get; }

        /// <summary>Live events after the rewind point that this rewind hid (0 when a repeat found nothing left to hide).</summary>
        public int EventsRemoved { get; }

        /// <summary>Live events at or before the rewind point.</summary>
        public int EventsRetained { get; }

        /// <summary>The id of the rewind record this rewind wrote, or null when it changed nothing.</summary>
        public string? RewindId { get; }

        /// <summary>The checkpoint the session was rewound to, when -Checkpoint named one.</summary>
        public string? RewoundToCheckpoint { get; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
