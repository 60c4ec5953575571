using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>What New-MayrosFork created: a new session holding copies of the source's live events.</summary>
    public sealed class MayrosForkResult
    {
        /// <summary>A fork result as New-MayrosFork emits it.</summary>
        public MayrosForkResult(string originalSession, string forkedSession, DateTimeOffset forkedAt, int eventsCopied, DateTimeOffset? forkPoint = null,
            string? forkedFromCheckpoint = null)
        {
            ForkPoint = forkPoint;
            ForkedFromCheckpoint = forkedFromCheckpoint;
            OriginalSession = originalSession;
            ForkedSession = forkedSession;
            ForkedAt = forkedAt;
            EventsCopied = eventsCopied;
        }

        /// <summary>The session that was forked.</summary>
        public string OriginalSession { get; }

        /// <summary>The new session's key.</summary>
        public string ForkedSession { get; }

        /// <summary>When the fork was made; a fork that a second run finished keeps the first run's time.</summary>
        public DateTimeOffset ForkedAt { get; }

        /// <summary>The source's live events that the new session holds copies of.</summary>
        public int EventsCopied { get; }

        /// <summary>The moment the copy reaches, for a fork from a past point (-At, -Checkpoint); null for a fork of the present.</summary>
        public DateTimeOffset? ForkPoint { get; }

        /// <summary>The checkpoint the fork was taken from, when -Checkpoint named one.</summary>
        public string? ForkedFromCheckpoint { get; }

        /// <summary>The new session's key: a fork result stands for its new session.</summary>
        public override string ToString() => ForkedSession;
    }
}
