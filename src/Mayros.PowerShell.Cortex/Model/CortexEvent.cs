using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// An observability event as GET /api/v1/events reports it: prefixes removed, only string-valued fields,
    /// node-valued session, agent and parent (an empty agent or a null session means Cortex found none as a node).
    /// The same shape is what POST /api/v1/events takes.
    /// </summary>
    public sealed class CortexEvent
    {
        /// <summary>An event as the events API reports it or takes it (prefixes removed).</summary>
        public CortexEvent(
            string id,
            string type,
            string agent,
            string timestamp,
            string? session,
            string? parentEvent,
            ulong? durationMs,
            IReadOnlyDictionary<string, string> fields)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Type = type ?? throw new ArgumentNullException(nameof(type));
            Agent = agent ?? throw new ArgumentNullException(nameof(agent));
            Timestamp = timestamp ?? throw new ArgumentNullException(nameof(timestamp));
            Session = session;
            ParentEvent = parentEvent;
            DurationMs = durationMs;
            Fields = fields ?? throw new ArgumentNullException(nameof(fields));
        }

        /// <summary>The event's id, without the {ns}:event: prefix.</summary>
        public string Id { get; }

        /// <summary>The event type (tool_call, llm_call, ...).</summary>
        public string Type { get; }

        /// <summary>The agent's id, without the {ns}:agent: prefix; empty when Cortex holds none as a node.</summary>
        public string Agent { get; }

        /// <summary>The timestamp text exactly as stored.</summary>
        public string Timestamp { get; }

        /// <summary>The session's key, without the {ns}:session: prefix; null when the event has none as a node.</summary>
        public string? Session { get; }

        /// <summary>The parent event's id, when there is one.</summary>
        public string? ParentEvent { get; }

        /// <summary>The duration in milliseconds, when there is one.</summary>
        public ulong? DurationMs { get; }

        /// <summary>The event's string fields (the rewind marker shows as the field rewound).</summary>
        public IReadOnlyDictionary<string, string> Fields { get; }

        /// <summary>How many bytes of the events listing this event took (0 for an event not read from a listing).</summary>
        public int ListedBytes { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => $"{Id} ({Type} at {Timestamp})";
    }
}
