using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Models
{
    /// <summary>A session's fork and rewind history, as Get-MayrosFork lists it.</summary>
    public sealed class MayrosSession
    {
        /// <summary>A session as Get-MayrosFork emits it.</summary>
        public MayrosSession(string sessionKey, string? parentSession, DateTimeOffset? forkedAt, string status, IReadOnlyList<MayrosCheckpoint> checkpoints,
            DateTimeOffset? rewindPoint, DateTimeOffset? forkPoint = null, IReadOnlyList<string>? path = null)
        {
            ForkPoint = forkPoint;
            Path = new MayrosList<string>(path ?? new[] { sessionKey }, " > ");
            SessionKey = sessionKey;
            ParentSession = parentSession;
            ForkedAt = forkedAt;
            Status = status;
            Checkpoints = new MayrosList<MayrosCheckpoint>(checkpoints ?? Array.Empty<MayrosCheckpoint>());
            RewindPoint = rewindPoint;
        }

        /// <summary>The session's key.</summary>
        public string SessionKey { get; }

        /// <summary>The session this one was forked from, or null for an original session.</summary>
        public string? ParentSession { get; }

        /// <summary>When the session was forked from its parent, or null for an original session.</summary>
        public DateTimeOffset? ForkedAt { get; }

        /// <summary>"active", "forked" or "rewound", the same strings the mayros CLI writes.</summary>
        public string Status { get; }

        /// <summary>The session's checkpoints, oldest first.</summary>
        public IReadOnlyList<MayrosCheckpoint> Checkpoints { get; }

        /// <summary>How many checkpoints the session has.</summary>
        public int CheckpointCount => Checkpoints.Count;

        /// <summary>The point of the session's latest rewind, or null if it was never rewound.</summary>
        public DateTimeOffset? RewindPoint { get; }

        /// <summary>For a fork from a past point (New-MayrosFork -At or -Checkpoint): the moment its copy reaches.</summary>
        public DateTimeOffset? ForkPoint { get; }

        /// <summary>For a fork from a checkpoint (New-MayrosFork -Checkpoint): that checkpoint's id.</summary>
        public string? ForkCheckpoint { get; internal set; }

        /// <summary>True when the checkpoint this fork was made from is no longer among its parent's (Remove-MayrosCheckpoint took it).</summary>
        public bool ForkCheckpointRemoved { get; internal set; }

        /// <summary>
        /// When the session's record last changed: its fork, a checkpoint, a rewind, an undo, a status change (the
        /// newest created_at of its values). Events an agent appends do not move it. Null when Cortex gave no time.
        /// </summary>
        public DateTimeOffset? LastChanged { get; internal set; }

        /// <summary>The session's ancestry, oldest first, ending with the session itself.</summary>
        public IReadOnlyList<string> Path { get; }

        /// <summary>How many forks away from its original session this one is (0 for an original).</summary>
        public int Depth => Path.Count - 1;

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
