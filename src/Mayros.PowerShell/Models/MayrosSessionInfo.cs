using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Models
{
    /// <summary>
    /// A session as Get-MayrosSession finds it: from its events and its record, whichever it has. A session that
    /// only has events (as Mayros agents write them) is "active". Pipes into every cmdlet that takes -Session.
    /// </summary>
    public sealed class MayrosSessionInfo
    {
        /// <summary>A session as Get-MayrosSession emits it.</summary>
        public MayrosSessionInfo(string sessionKey, string status, bool hasRecord)
        {
            SessionKey = sessionKey;
            Status = status;
            HasRecord = hasRecord;
        }

        /// <summary>The session's key.</summary>
        public string SessionKey { get; }

        /// <summary>
        /// "active", "forked" or "rewound" as stored; "active" for a session with events and no record;
        /// "incomplete" for a fork that was interrupted before its status was written (run New-MayrosFork again).
        /// </summary>
        public string Status { get; }

        /// <summary>Whether Cortex holds a session record for it (a checkpoint, fork or rewind writes one).</summary>
        public bool HasRecord { get; }

        /// <summary>How many events the session has, rewound ones included.</summary>
        public int EventCount { get; internal set; }

        /// <summary>How many of its events are live (not hidden by a rewind).</summary>
        public int LiveEventCount { get; internal set; }

        /// <summary>The time of its first event (UTC), or null when it has none.</summary>
        public DateTimeOffset? FirstEvent { get; internal set; }

        /// <summary>The time of its last event (UTC), or null when it has none.</summary>
        public DateTimeOffset? LastEvent { get; internal set; }

        /// <summary>The latest of its last event and its record's last change.</summary>
        public DateTimeOffset? LastChanged { get; internal set; }

        /// <summary>The session it was forked from, or null.</summary>
        public string? ParentSession { get; internal set; }

        /// <summary>When it was forked, or null.</summary>
        public DateTimeOffset? ForkedAt { get; internal set; }

        /// <summary>How many checkpoints it has.</summary>
        public int CheckpointCount { get; internal set; }

        /// <summary>The agents that wrote its events, in order of their names.</summary>
        public IReadOnlyList<string> Agents { get; internal set; } = Array.Empty<string>();

        /// <summary>How many bytes its events take in Cortex's events listing.</summary>
        public long StoredBytes { get; internal set; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
