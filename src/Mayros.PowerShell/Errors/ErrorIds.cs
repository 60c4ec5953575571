namespace Mayros.PowerShell.Errors
{
    /// <summary>
    /// Every error id the module raises. They are the stable part of FullyQualifiedErrorId that scripts match on:
    /// never empty, never renamed once shipped.
    /// </summary>
    public static class ErrorIds
    {
        // The session layer
        public const string SessionNotFound = "SessionNotFound";
        public const string SessionAlreadyExists = "SessionAlreadyExists";
        public const string InvalidSessionKey = "InvalidSessionKey";
        public const string InvalidNamespace = "InvalidNamespace";
        public const string RewindPointInFuture = "RewindPointInFuture";
        public const string ForkPointInFuture = "ForkPointInFuture";
        public const string CheckpointNotFound = "CheckpointNotFound";
        public const string RewindNotFound = "RewindNotFound";
        public const string CheckpointUnreachable = "CheckpointUnreachable";
        public const string InvalidCheckpointLabel = "InvalidCheckpointLabel";
        public const string UnfinishedRewind = "UnfinishedRewind";
        public const string RewindSuperseded = "RewindSuperseded";

        // Cortex and the network
        public const string CortexUnreachable = "CortexUnreachable";
        public const string CortexRateLimited = "CortexRateLimited";
        public const string CortexRequestTimedOut = "CortexRequestTimedOut";
        public const string CortexServerError = "CortexServerError";
        public const string CortexResponseInvalid = "CortexResponseInvalid";
        public const string CortexRequestRejected = "CortexRequestRejected";
        public const string CortexAuthenticationFailed = "CortexAuthenticationFailed";
        public const string CortexRequestTooLarge = "CortexRequestTooLarge";

        // Where the connection comes from
        public const string ConfigurationInvalid = "ConfigurationInvalid";
        public const string ConfigurationVariableNotSet = "ConfigurationVariableNotSet";
        public const string InvalidCortexEndpoint = "InvalidCortexEndpoint";
        public const string NotConnected = "MayrosNotConnected";

        // A failure the module has no better name for (a bug): reported rather than lost.
        public const string Unexpected = "UnexpectedError";
    }
}
