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

        public string Id { get; }

        public string Type { get; }

        public string Agent { get; }

        /// <summary>The timestamp text exactly as stored.</summary>
        public string Timestamp { get; }

        public string? Session { get; }

        public string? ParentEvent { get; }

        public ulong? DurationMs { get; }

        public IReadOnlyDictionary<string, string> Fields { get; }

        public override string ToString() => $"{Id} ({Type} at {Timestamp})";
    }
}
