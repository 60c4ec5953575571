namespace Mayros.PowerShell.Models
{
    /// <summary>One session Import-MayrosSession wrote (or found already there).</summary>
    public sealed class MayrosImportResult
    {
        /// <summary>An imported session as Import-MayrosSession emits it.</summary>
        public MayrosImportResult(string sessionKey, string sourceSessionKey, long events, int checkpoints, string? status, string result, string source)
        {
            SessionKey = sessionKey;
            SourceSessionKey = sourceSessionKey;
            Events = events;
            Checkpoints = checkpoints;
            Status = status;
            Result = result;
            Source = source;
        }

        /// <summary>The session's key in the Cortex imported into (its own, or what -Name or -Rename gave it).</summary>
        public string SessionKey { get; }

        /// <summary>Its key in the file.</summary>
        public string SourceSessionKey { get; }

        /// <summary>Its events in the file, live and hidden.</summary>
        public long Events { get; }

        /// <summary>Its checkpoints.</summary>
        public int Checkpoints { get; }

        /// <summary>Its status ("active", "forked", "rewound"), or null for a session the file holds without one.</summary>
        public string? Status { get; }

        /// <summary>Imported; Resumed (an interrupted import finished); Unchanged (the target held it exactly, nothing written).</summary>
        public string Result { get; }

        /// <summary>The file it came from.</summary>
        public string Source { get; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
