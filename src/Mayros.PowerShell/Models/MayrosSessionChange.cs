using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>
    /// One change to a session, as Cortex's DAG recorded it: a signed action (its hash, time, author) described in the
    /// module's terms (Get-MayrosSessionHistory).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Signed says whether the action carries a signature, as Cortex's DTO does.")]
    public sealed class MayrosSessionChange
    {
        /// <summary>A change as Get-MayrosSessionHistory emits it.</summary>
        public MayrosSessionChange(string sessionKey, DateTimeOffset timestamp, string change, string description, string author, string hash, ulong sequence, bool signed,
            int triples)
        {
            SessionKey = sessionKey;
            Timestamp = timestamp;
            Change = change;
            Description = description;
            Author = author;
            Hash = hash;
            Sequence = sequence;
            Signed = signed;
            Triples = triples;
        }

        /// <summary>The session the change is to.</summary>
        public string SessionKey { get; }

        /// <summary>When Cortex recorded the action (UTC).</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>
        /// What kind of change: Fork, Checkpoint, Rewind, Undo, Status, Delete, Record, Restore (the note
        /// Restore-MayrosSession leaves), or Note (another custom action).
        /// </summary>
        public string Change { get; }

        /// <summary>What changed, in the module's words: "checkpoint cp-… labelled known-good (40 events)".</summary>
        public string Description { get; }

        /// <summary>The node that recorded the action (e.g. node:local, node:2).</summary>
        public string Author { get; }

        /// <summary>The action's hash in Cortex's DAG (64 hex): what Test-MayrosSession -Verify checks.</summary>
        public string Hash { get; }

        /// <summary>The author's sequence number of the action.</summary>
        public ulong Sequence { get; }

        /// <summary>Whether the action carries a signature (checked only by Test-MayrosSession -Verify).</summary>
        public bool Signed { get; }

        /// <summary>Triples of the session record the action wrote or deleted.</summary>
        public int Triples { get; }

        /// <inheritdoc />
        public override string ToString() => Description;
    }
}
