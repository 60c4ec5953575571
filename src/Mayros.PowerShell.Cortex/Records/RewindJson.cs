using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>
    /// One step of a rewind as stored under {ns}:session:rewind (the module's history for undo; the mayros CLI does not
    /// read it): what the rewind hid and replaced, and which step this is.
    /// </summary>
    public sealed class StoredRewind
    {
        /// <summary>A rewind step to store or as read.</summary>
        public StoredRewind(
            string id,
            string sessionKey,
            string rewindPoint,
            string at,
            int eventsRemoved,
            string? previousStatus,
            string? previousRewindPoint,
            string? checkpoint,
            string? state,
            bool legacyUndone = false,
            string? readAt = null)
        {
            ReadAt = readAt;
            Id = id;
            SessionKey = sessionKey;
            RewindPoint = rewindPoint;
            At = at;
            EventsRemoved = eventsRemoved;
            PreviousStatus = previousStatus;
            PreviousRewindPoint = previousRewindPoint;
            Checkpoint = checkpoint;
            State = state;
            LegacyUndone = legacyUndone;
        }

        /// <summary>The rewind's id (rw- and 12 hex digits), the same in every step.</summary>
        public string Id { get; }

        /// <summary>The session rewound.</summary>
        public string SessionKey { get; }

        /// <summary>The point it went back to, as stored (ISO 8601).</summary>
        public string RewindPoint { get; }

        /// <summary>When this step was written, as stored (ISO 8601).</summary>
        public string At { get; }

        /// <summary>The events it hid.</summary>
        public int EventsRemoved { get; }

        /// <summary>The session's status before the rewind.</summary>
        public string? PreviousStatus { get; }

        /// <summary>The session's rewind point before the rewind.</summary>
        public string? PreviousRewindPoint { get; }

        /// <summary>The checkpoint the rewind went back to, when it was given one.</summary>
        public string? Checkpoint { get; }

        /// <summary>"started", "undoing" or "undone"; null for a completed rewind (its only step in older records).</summary>
        public string? State { get; }

        /// <summary>
        /// When the rewind began to read the session, as stored (ISO 8601); null in records written before it was kept.
        /// With <see cref="At"/> of its last step it bounds the time the rewind may have raced another.
        /// </summary>
        public string? ReadAt { get; }

        /// <summary>An early record's "undone": true, read as the "undone" step; never written.</summary>
        public bool LegacyUndone { get; }
    }

    /// <summary>Reads and writes the rewind record JSON literal.</summary>
    public static class RewindJson
    {
        /// <summary>
        /// {"id","sessionKey","rewindPoint","at","eventsRemoved","previousStatus","previousRewindPoint","checkpoint",
        /// "state","readAt"}, compact, null members left out.
        /// </summary>
        public static string Write(StoredRewind rewind) => StoredJson.Write(w =>
        {
            w.WriteString("id", rewind.Id);
            w.WriteString("sessionKey", rewind.SessionKey);
            w.WriteString("rewindPoint", rewind.RewindPoint);
            w.WriteString("at", rewind.At);
            w.WriteNumber("eventsRemoved", rewind.EventsRemoved);
            StoredJson.Member(w, "previousStatus", rewind.PreviousStatus);
            StoredJson.Member(w, "previousRewindPoint", rewind.PreviousRewindPoint);
            StoredJson.Member(w, "checkpoint", rewind.Checkpoint);
            StoredJson.Member(w, "state", rewind.State);
            StoredJson.Member(w, "readAt", rewind.ReadAt);
        });

        /// <summary>The step a literal holds, or null when it is not a rewind record: no string id, point or time.</summary>
        public static StoredRewind? TryRead(string text)
        {
            using var document = StoredJson.ParseObject(text);
            if (document == null)
            {
                return null;
            }

            var root = document.RootElement;
            var id = StoredJson.String(root, "id");
            var point = StoredJson.String(root, "rewindPoint");
            var at = StoredJson.String(root, "at");
            if (id == null || point == null || at == null)
            {
                return null;
            }

            var legacyUndone = root.TryGetProperty("undone", out var undone) && undone.ValueKind == JsonValueKind.True;
            var state = StoredJson.String(root, "state");
            return new StoredRewind(
                id,
                StoredJson.String(root, "sessionKey") ?? string.Empty,
                point,
                at,
                StoredJson.Count(root, "eventsRemoved") ?? 0,
                StoredJson.String(root, "previousStatus"),
                StoredJson.String(root, "previousRewindPoint"),
                StoredJson.String(root, "checkpoint"),
                state,
                legacyUndone,
                StoredJson.String(root, "readAt"));
        }
    }
}
