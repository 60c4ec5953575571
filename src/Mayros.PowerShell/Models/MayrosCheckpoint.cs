using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>
    /// A checkpoint of a session: how many live events it had and which came last, at a moment in time. Stored in
    /// Cortex as the JSON literal the mayros CLI writes (sessionKey, timestamp, eventCount, lastEventId).
    /// </summary>
    public sealed class MayrosCheckpoint
    {
        /// <summary>A checkpoint as the cmdlets emit it.</summary>
        public MayrosCheckpoint(string id, string sessionKey, DateTimeOffset timestamp, int eventCount, string? lastEventId, string? label)
        {
            Id = id;
            SessionKey = sessionKey;
            Timestamp = timestamp;
            EventCount = eventCount;
            LastEventId = lastEventId;
            Label = label;
        }

        /// <summary>A stable id: the one stored with the checkpoint, or one derived from a CLI checkpoint's content.</summary>
        public string Id { get; }

        /// <summary>
        /// The id again, hidden: it binds a checkpoint from the pipeline by property name to -Checkpoint of
        /// Invoke-MayrosRewind and New-MayrosFork (whose alias it is), where an event's Id must not bind. Hidden, it is
        /// not shown by Format-List *, Get-Member, ConvertTo-Json or Export-Csv: a checkpoint has one id property, Id.
        /// </summary>
        [System.Management.Automation.Hidden]
        public string CheckpointId => Id;

        /// <summary>The session the checkpoint is of.</summary>
        public string SessionKey { get; }

        /// <summary>When the checkpoint was taken.</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>Live (not rewound) events the session had in Cortex.</summary>
        public int EventCount { get; }

        /// <summary>The id of the latest live event by timestamp, or null for a session without events.</summary>
        public string? LastEventId { get; }

        /// <summary>The label New-MayrosCheckpoint -Label gave it, or null.</summary>
        public string? Label { get; }

        /// <summary>The checkpoint's id.</summary>
        public override string ToString() => Id;
    }
}
