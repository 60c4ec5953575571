using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>What New-MayrosFork created: a new session holding copies of the source's live events.</summary>
    public sealed class MayrosForkResult
    {
        public MayrosForkResult(string originalSession, string forkedSession, DateTimeOffset forkedAt, int eventsCopied)
        {
            OriginalSession = originalSession;
            ForkedSession = forkedSession;
            ForkedAt = forkedAt;
            EventsCopied = eventsCopied;
        }

        public string OriginalSession { get; }

        public string ForkedSession { get; }

        public DateTimeOffset ForkedAt { get; }

        public int EventsCopied { get; }

        public override string ToString() => ForkedSession;
    }
}
