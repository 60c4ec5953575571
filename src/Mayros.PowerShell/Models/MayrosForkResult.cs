using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>What New-MayrosFork created: a new session holding copies of the source's live events.</summary>
    public sealed class MayrosForkResult
    {
        public MayrosForkResult(string originalSession, string forkedSession, DateTimeOffset forkedAt, int eventsCopied, DateTimeOffset? forkPoint = null, string? forkedFromCheckpoint = null)
        {
            ForkPoint = forkPoint;
            ForkedFromCheckpoint = forkedFromCheckpoint;
            OriginalSession = originalSession;
            ForkedSession = forkedSession;
            ForkedAt = forkedAt;
            EventsCopied = eventsCopied;
        }

        public string OriginalSession { get; }

        public string ForkedSession { get; }

        public DateTimeOffset ForkedAt { get; }

        public int EventsCopied { get; }

        /// <summary>The moment the copy reaches, for a fork from a past point (-At, -Checkpoint); null for a fork of the present.</summary>
        public DateTimeOffset? ForkPoint { get; }

        /// <summary>The checkpoint the fork was taken from, when -Checkpoint named one.</summary>
        public string? ForkedFromCheckpoint { get; }

        public override string ToString() => ForkedSession;
    }
}
