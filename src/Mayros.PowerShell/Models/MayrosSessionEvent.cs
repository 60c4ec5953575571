using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Models
{
    /// <summary>One event of a session, as Get-MayrosSessionEvent streams it (in timestamp order).</summary>
    public sealed class MayrosSessionEvent
    {
        /// <summary>An event as the cmdlets emit it.</summary>
        public MayrosSessionEvent(
            string sessionKey,
            string id,
            string type,
            string agent,
            DateTimeOffset? timestamp,
            string timestampText,
            string? parentEvent,
            ulong? durationMs,
            Dictionary<string, string> fields,
            bool rewound,
            string? rewoundBy,
            string? copiedFrom,
            string? restoredFrom)
        {
            SessionKey = sessionKey;
            Id = id;
            Type = type;
            Agent = agent;
            Timestamp = timestamp;
            TimestampText = timestampText;
            ParentEvent = parentEvent;
            DurationMs = durationMs;
            Fields = fields;
            Rewound = rewound;
            RewoundBy = rewoundBy;
            CopiedFrom = copiedFrom;
            RestoredFrom = restoredFrom;
        }

        /// <summary>The session the event belongs to.</summary>
        public string SessionKey { get; }

        /// <summary>The event's id; its subject in Cortex is {ns}:event:{id}.</summary>
        public string Id { get; }

        /// <summary>The event type Mayros recorded (tool_call, llm_call, ...).</summary>
        public string Type { get; }

        /// <summary>The agent's id; empty when Cortex holds none the module could read.</summary>
        public string Agent { get; }

        /// <summary>When the event happened; null when the stored text is not a date (see TimestampText).</summary>
        public DateTimeOffset? Timestamp { get; }

        /// <summary>The timestamp exactly as stored.</summary>
        public string TimestampText { get; }

        /// <summary>The id of the event's parent event (parent_event), or null when it has none.</summary>
        public string? ParentEvent { get; }

        /// <summary>How long the event took, in milliseconds (duration_ms); null when none was recorded.</summary>
        public ulong? DurationMs { get; }

        /// <summary>The event's own string fields (the module's bookkeeping fields are the properties below instead).</summary>
        public Dictionary<string, string> Fields { get; }

        /// <summary>Hidden by a rewind: not counted, copied or shown unless asked for with -IncludeRewound.</summary>
        public bool Rewound { get; }

        /// <summary>The rewind that hid it, when this module's rewind did.</summary>
        public string? RewoundBy { get; }

        /// <summary>On a fork's event: the id of the source event it was copied from.</summary>
        public string? CopiedFrom { get; }

        /// <summary>On an event Undo-MayrosRewind brought back: the id of the hidden event it restores.</summary>
        public string? RestoredFrom { get; }

        /// <summary>The event's id.</summary>
        public override string ToString() => Id;
    }
}
