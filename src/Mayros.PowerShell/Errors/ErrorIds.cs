namespace Mayros.PowerShell.Errors
{
    /// <summary>
    /// Every error id the module raises. They are the stable part of FullyQualifiedErrorId that scripts match on:
    /// never empty, never renamed once shipped.
    /// </summary>
    public static class ErrorIds
    {
        // The session layer
        /// <summary>A session with no events and no record (Get-MayrosFork -Session: no status and no forks).</summary>
        public const string SessionNotFound = "SessionNotFound";
        /// <summary>A fork name that is taken, or is the source itself (New-MayrosFork).</summary>
        public const string SessionAlreadyExists = "SessionAlreadyExists";
        /// <summary>
        /// A session key or fork name that is empty, padded, over 512 characters, or holds a control character or an
        /// angle bracket.
        /// </summary>
        public const string InvalidSessionKey = "InvalidSessionKey";
        /// <summary>
        /// An event Add-MayrosSessionEvent cannot write as given: an unusable id, type, agent or parent; a field whose
        /// value is not a string, or whose name is one the events API or the module uses itself.
        /// </summary>
        public const string InvalidSessionEvent = "InvalidSessionEvent";
        /// <summary>An event id that Cortex (or the same pipeline) already holds with other content (Add-MayrosSessionEvent).</summary>
        public const string SessionEventConflict = "SessionEventConflict";
        /// <summary>
        /// A namespace that is empty, padded, over 128 characters, or holds a space or a control character; stops the
        /// command.
        /// </summary>
        public const string InvalidNamespace = "InvalidNamespace";
        /// <summary>An Invoke-MayrosRewind -To after now.</summary>
        public const string RewindPointInFuture = "RewindPointInFuture";
        /// <summary>A New-MayrosFork -At after now.</summary>
        public const string ForkPointInFuture = "ForkPointInFuture";
        /// <summary>A -Checkpoint that is empty, matches no id or label, or is a label of several sessions.</summary>
        public const string CheckpointNotFound = "CheckpointNotFound";
        /// <summary>Nothing for Undo-MayrosRewind to undo, or no completed rewind with the -RewindId given.</summary>
        public const string RewindNotFound = "RewindNotFound";
        /// <summary>Invoke-MayrosRewind -Checkpoint to a checkpoint whose last event a rewind has hidden.</summary>
        public const string CheckpointUnreachable = "CheckpointUnreachable";
        /// <summary>
        /// A New-MayrosCheckpoint -Label that is empty, padded, over 256 characters, or holds a control character.
        /// </summary>
        public const string InvalidCheckpointLabel = "InvalidCheckpointLabel";
        /// <summary>A rewind while an undo is unfinished, or an undo while a rewind is (finish it first).</summary>
        public const string UnfinishedRewind = "UnfinishedRewind";
        /// <summary>A Remove-MayrosSession of a session that has forks, without -Recurse.</summary>
        public const string SessionHasForks = "SessionHasForks";
        /// <summary>
        /// An Import-MayrosSession file (or pipeline input) that is not a Mayros session export: malformed, truncated,
        /// or inconsistent; the message names the line.
        /// </summary>
        public const string ImportFileInvalid = "ImportFileInvalid";
        /// <summary>An Import-MayrosSession file written by a newer module, in a format version this one cannot read.</summary>
        public const string ImportFileVersionUnsupported = "ImportFileVersionUnsupported";
        /// <summary>An Export-MayrosSession -Path that exists (with -NoClobber) or cannot be written, or an Import-MayrosSession file that cannot be found or read.</summary>
        public const string ExportFileUnavailable = "ExportFileUnavailable";
        /// <summary>An Undo-MayrosRewind -RewindId of a rewind that a later one, not yet undone, supersedes.</summary>
        public const string RewindSuperseded = "RewindSuperseded";

        // Cortex and the network
        /// <summary>No Cortex node accepted a connection; stops the command.</summary>
        public const string CortexUnreachable = "CortexUnreachable";

        /// <summary>
        /// Cortex nodes answered, but none knew which node leads, so a command that writes stopped before writing
        /// (an election, or followers cut off from their leader).
        /// </summary>
        public const string CortexLeaderUnknown = "CortexLeaderUnknown";
        /// <summary>Cortex answered 429 for longer than the module waits (3 minutes in all).</summary>
        public const string CortexRateLimited = "CortexRateLimited";
        /// <summary>No answer within -TimeoutSec in any of the four attempts, or a 408 answer.</summary>
        public const string CortexRequestTimedOut = "CortexRequestTimedOut";
        /// <summary>A 5xx answer from Cortex, after the retries where a retry is safe.</summary>
        public const string CortexServerError = "CortexServerError";
        /// <summary>An answer that is not Cortex's JSON, or is larger than 1 GiB.</summary>
        public const string CortexResponseInvalid = "CortexResponseInvalid";
        /// <summary>Any other 4xx answer (400, 404, 409, 415, 422, ...); the category follows the status.</summary>
        public const string CortexRequestRejected = "CortexRequestRejected";
        /// <summary>A 401 or 403 answer: the token is missing, wrong or not allowed; stops the command.</summary>
        public const string CortexAuthenticationFailed = "CortexAuthenticationFailed";
        /// <summary>Cortex keeps no DAG (built without its dag feature): no history, verification or restore; stops the command.</summary>
        public const string CortexDagUnavailable = "CortexDagUnavailable";
        /// <summary>Test-MayrosSession -Verify without -PublicKey against a node that publishes no signing key.</summary>
        public const string DagKeyUnknown = "DagKeyUnknown";
        /// <summary>Test-MayrosSession -Verify of a session whose record no action of the DAG names: nothing to verify.</summary>
        public const string SessionHistoryNotFound = "SessionHistoryNotFound";
        /// <summary>A Restore-MayrosSession -At that is not an action hash, or names no action Cortex holds; a -Before with no change before it.</summary>
        public const string InvalidDagAction = "InvalidDagAction";
        /// <summary>Restore-MayrosSession without -At or -Before of a session that is not removed.</summary>
        public const string SessionNotRemoved = "SessionNotRemoved";
        /// <summary>A Restore-MayrosSession whose replay of the DAG (/dag/at) would exceed -MaxActions, without -Force.</summary>
        public const string DagReplayTooLarge = "DagReplayTooLarge";
        /// <summary>A -PublicKey that is not 64 hexadecimal characters (an Ed25519 public key).</summary>
        public const string InvalidPublicKey = "InvalidPublicKey";
        /// <summary>A write over Cortex's 1 MiB body limit: an event too large to send, or a 413 answer.</summary>
        public const string CortexRequestTooLarge = "CortexRequestTooLarge";

        // Where the connection comes from
        /// <summary>A Mayros config file that cannot be read or used, or a CORTEX_PORT that is not a port.</summary>
        public const string ConfigurationInvalid = "ConfigurationInvalid";
        /// <summary>A config file value whose ${VAR} names an unset or empty environment variable.</summary>
        public const string ConfigurationVariableNotSet = "ConfigurationVariableNotSet";
        /// <summary>A -CortexHost, CORTEX_HOST or cortex.host that is not a host with an optional port.</summary>
        public const string InvalidCortexEndpoint = "InvalidCortexEndpoint";
        /// <summary>MayrosNotConnected: a connection Disconnect-MayrosCortex closed, or none to disconnect.</summary>
        public const string NotConnected = "MayrosNotConnected";
        /// <summary>A -Connection from another process (Start-Job) that had a token there, and none was given here.</summary>
        public const string ConnectionTokenLeftBehind = "ConnectionTokenLeftBehind";

        // A failure the module has no better name for (a bug): reported rather than lost.
        /// <summary>UnexpectedError: a failure that ErrorRecordFactory has no other id for.</summary>
        public const string Unexpected = "UnexpectedError";
    }
}
