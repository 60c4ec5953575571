using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>A session Restore-MayrosSession brought back from Cortex's DAG (or found restored already).</summary>
    public sealed class MayrosRestoreResult
    {
        /// <summary>A restored session as Restore-MayrosSession emits it.</summary>
        public MayrosRestoreResult(string sessionKey, string sourceSessionKey, string at, DateTimeOffset atTime, long events, long copiedEvents, int checkpoints,
            string? status, string result, long triplesReplayed)
        {
            SessionKey = sessionKey;
            SourceSessionKey = sourceSessionKey;
            At = at;
            AtTime = atTime;
            Events = events;
            CopiedEvents = copiedEvents;
            Checkpoints = checkpoints;
            Status = status;
            Result = result;
            TriplesReplayed = triplesReplayed;
        }

        /// <summary>The key it was restored under (its own, or the one -Name gave).</summary>
        public string SessionKey { get; }

        /// <summary>The session whose past state it is.</summary>
        public string SourceSessionKey { get; }

        /// <summary>The hash of the DAG action whose state it has (Get-MayrosSessionHistory's Hash).</summary>
        public string At { get; }

        /// <summary>When Cortex recorded that action (UTC).</summary>
        public DateTimeOffset AtTime { get; }

        /// <summary>Its events at that moment, live and hidden.</summary>
        public long Events { get; }

        /// <summary>
        /// Of those, the ones written under new ids (restoredFrom names the original), because Cortex still holds the
        /// original id: a removal without -Purge keeps the events, marked removed.
        /// </summary>
        public long CopiedEvents { get; }

        /// <summary>Its checkpoints.</summary>
        public int Checkpoints { get; }

        /// <summary>Its status at that moment, or null when it had none.</summary>
        public string? Status { get; }

        /// <summary>Restored; Resumed (an interrupted restore finished); Unchanged (it was restored already, nothing written).</summary>
        public string Result { get; }

        /// <summary>How many triples the replayed graph held (the whole graph at that moment, every namespace's).</summary>
        public long TriplesReplayed { get; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
