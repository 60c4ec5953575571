namespace Mayros.PowerShell.Models
{
    /// <summary>What Remove-MayrosSession did to one session (-PassThru emits one per session, leaves first).</summary>
    public sealed class MayrosRemovalResult
    {
        /// <summary>A removal as Remove-MayrosSession -PassThru emits it.</summary>
        public MayrosRemovalResult(string sessionKey, string removalId, int eventsRemoved, int checkpointsRemoved, int recordValuesDeleted, bool purged, int triplesPurged = 0)
        {
            SessionKey = sessionKey;
            RemovalId = removalId;
            EventsRemoved = eventsRemoved;
            CheckpointsRemoved = checkpointsRemoved;
            RecordValuesDeleted = recordValuesDeleted;
            Purged = purged;
            TriplesPurged = triplesPurged;
        }

        /// <summary>The session removed.</summary>
        public string SessionKey { get; }

        /// <summary>The removal's id (rm- and 12 hex digits), stored as {ns}:event:removedBy on the events it took out.</summary>
        public string RemovalId { get; }

        /// <summary>The session's events, hidden ones included, that no longer count for it or for any reader.</summary>
        public int EventsRemoved { get; }

        /// <summary>Its checkpoints, gone with its record.</summary>
        public int CheckpointsRemoved { get; }

        /// <summary>The values of its record that were deleted (status, parent, checkpoints, rewind records, ...).</summary>
        public int RecordValuesDeleted { get; }

        /// <summary>Whether the events' triples were deleted too (-Purge); without it they stay stored.</summary>
        public bool Purged { get; }

        /// <summary>With -Purge: the triples of the session's events (and what was left of its record) deleted.</summary>
        public int TriplesPurged { get; }

        internal MayrosRemovalResult WithPurge(int triples) =>
            new MayrosRemovalResult(SessionKey, RemovalId, EventsRemoved, CheckpointsRemoved, RecordValuesDeleted, true, triples);

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
