using System;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Where session state lives in Cortex, exactly as the mayros CLI and Cortex's /api/v1/events put it:
    /// session records under {ns}:session:{key}, events under {ns}:event:{id}, the rewind marker {ns}:event:rewound.
    /// </summary>
    internal sealed class SessionLayout
    {
        /// <summary>The field Cortex's events API reports the rewind marker as.</summary>
        public const string RewoundField = "rewound";

        /// <summary>Which rewind hid an event (written next to the marker, so a rewind can be undone).</summary>
        public const string RewoundByField = "rewoundBy";

        /// <summary>On a forked event: the id of the event it was copied from.</summary>
        public const string CopiedFromField = "copiedFrom";

        /// <summary>On an event Undo-MayrosRewind brought back: the id of the hidden event it restores.</summary>
        public const string RestoredFromField = "restoredFrom";

        /// <summary>On an event Undo-MayrosRewind brought back: the rewind whose undo wrote it.</summary>
        public const string RestoredByField = "restoredBy";

        /// <summary>
        /// On an event of a session Remove-MayrosSession removed: which removal it was. Such an event belongs to no
        /// session any more (it also carries the rewound marker, for readers that know only that).
        /// </summary>
        public const string RemovedByField = "removedBy";

        /// <summary>The fields the module keeps for itself: neither copied into forks and restores, nor shown as an event's own.</summary>
        public static bool IsBookkeeping(string field) =>
            field == RewoundField || field == RewoundByField || field == CopiedFromField || field == RestoredFromField || field == RestoredByField
            || field == RemovedByField;

        public SessionLayout(string @namespace)
        {
            Namespace = @namespace;
            SessionPrefix = @namespace + ":session:";
            LogPrefix = @namespace + ":sessionlog:";
            EventPrefix = @namespace + ":event:";
            AgentPrefix = @namespace + ":agent:";
        }

        public string Namespace { get; }

        public string SessionPrefix { get; }

        public string EventPrefix { get; }

        /// <summary>
        /// The prefix of a session's log ({ns}:sessionlog:key): the subject beside the record that holds what would crowd
        /// it (rewind records, checkpoints beyond the newest <see cref="RecordPlacement.CheckpointsInRecord"/>), with the
        /// record's predicates. It has no status, so the mayros CLI lists no session for it.
        /// </summary>
        public string LogPrefix { get; }

        public string AgentPrefix { get; }

        public string Status => SessionPredicate("status");

        public string ParentSession => SessionPredicate("parentSession");

        public string ForkedFrom => SessionPredicate("forkedFrom");

        public string ForkedAt => SessionPredicate("forkedAt");

        public string Checkpoint => SessionPredicate("checkpoint");

        public string RewindPoint => SessionPredicate("rewindPoint");

        /// <summary>On a fork from a past point: the moment its copy reaches (the mayros CLI ignores it).</summary>
        public string ForkPoint => SessionPredicate("forkPoint");

        /// <summary>On a fork from a checkpoint: that checkpoint's id.</summary>
        public string ForkCheckpoint => SessionPredicate("forkCheckpoint");

        /// <summary>On a fork: what it set out to do (source, forkedAt, forkPoint, forkCheckpoint), so that of two forks to one name that start together exactly one goes
        /// on.</summary>
        public string ForkIntent => SessionPredicate("forkIntent");

        /// <summary>One JSON record per rewind (what it hid, what it replaced): the module's history for undo.</summary>
        public string Rewind => SessionPredicate("rewind");

        /// <summary>On a record whose session has a log: the log's subject (written before anything goes to the log).</summary>
        public string Log => SessionPredicate("log");

        public string RewoundMarker => EventPredicate(RewoundField);

        public string RewoundBy => EventPredicate(RewoundByField);

        public string RemovedBy => EventPredicate(RemovedByField);

        /// <summary>The predicate that ties an event to its session (a node {ns}:session:key, or a literal).</summary>
        public string EventSession => EventPredicate("session");

        /// <summary>The predicate Cortex's events listing walks: an event without it is listed by no reader.</summary>
        public string EventType => EventPredicate("type");

        public string SessionSubject(string key) => SessionPrefix + key;

        public string SessionPredicate(string field) => SessionPrefix + field;

        public string LogSubject(string key) => LogPrefix + key;

        public string EventSubject(string id) => EventPrefix + id;

        public string EventPredicate(string field) => EventPrefix + field;

        /// <summary>The key of a session subject ({ns}:session:key), or null for any other subject.</summary>
        public string? KeyFromSubject(string subject) =>
            subject.StartsWith(SessionPrefix, StringComparison.Ordinal) && subject.Length > SessionPrefix.Length
                ? subject.Substring(SessionPrefix.Length)
                : null;

        /// <summary>The key of a record's subject or of its log's, or null for any other subject.</summary>
        public string? KeyFromRecordSubject(string subject) =>
            KeyFromSubject(subject) ?? (subject.StartsWith(LogPrefix, StringComparison.Ordinal) && subject.Length > LogPrefix.Length
                ? subject.Substring(LogPrefix.Length)
                : null);

        /// <summary>The event id of an event subject, or null for any other subject.</summary>
        public string? EventIdFromSubject(string subject) =>
            subject.StartsWith(EventPrefix, StringComparison.Ordinal) ? subject.Substring(EventPrefix.Length) : null;

        /// <summary>
        /// A session reference as an object: a node {ns}:session:key (what /api/v1/events writes), or a plain literal
        /// holding either the full name or the bare key (what other writers use).
        /// </summary>
        public string? KeyFromValue(CortexValue value)
        {
            if (value.Kind != CortexValueKind.Node && value.Kind != CortexValueKind.String)
            {
                return null;
            }

            var text = value.Text!;
            return KeyFromSubject(text) ?? (value.Kind == CortexValueKind.String && text.Length > 0 ? text : null);
        }

        /// <summary>An agent reference: a node {ns}:agent:id, or a literal with the full name or the bare id.</summary>
        public string? AgentFromValue(CortexValue value)
        {
            if (value.Kind != CortexValueKind.Node && value.Kind != CortexValueKind.String)
            {
                return null;
            }

            var text = value.Text!;
            return text.StartsWith(AgentPrefix, StringComparison.Ordinal) ? text.Substring(AgentPrefix.Length) : text;
        }
    }
}
