
namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>
    /// A checkpoint as stored under {ns}:session:checkpoint: the mayros CLI's fields (sessionKey, timestamp,
    /// eventCount, lastEventId), which it reads, and the module's id and label, which it ignores.
    /// </summary>
    public sealed class StoredCheckpoint
    {
        /// <summary>A checkpoint to store or as read.</summary>
        public StoredCheckpoint(string? sessionKey, string timestamp, int eventCount, string? lastEventId, string? id, string? label)
        {
            SessionKey = sessionKey;
            Timestamp = timestamp;
            EventCount = eventCount;
            LastEventId = lastEventId;
            Id = id;
            Label = label;
        }

        /// <summary>The session the checkpoint was taken of, as its JSON says.</summary>
        public string? SessionKey { get; }

        /// <summary>When it was taken, as the text stored (ISO 8601).</summary>
        public string Timestamp { get; }

        /// <summary>The live events it counted.</summary>
        public int EventCount { get; }

        /// <summary>The latest of them.</summary>
        public string? LastEventId { get; }

        /// <summary>The module's id (cp- and 12 hex digits); null in checkpoints the CLI wrote.</summary>
        public string? Id { get; }

        /// <summary>The label given to New-MayrosCheckpoint -Label.</summary>
        public string? Label { get; }
    }

    /// <summary>Reads and writes the checkpoint JSON literal.</summary>
    public static class CheckpointJson
    {
        /// <summary>{"sessionKey","timestamp","eventCount","lastEventId","id","label"}, compact, null members left out.</summary>
        public static string Write(StoredCheckpoint checkpoint) => StoredJson.Write(w =>
        {
            StoredJson.Member(w, "sessionKey", checkpoint.SessionKey);
            w.WriteString("timestamp", checkpoint.Timestamp);
            w.WriteNumber("eventCount", checkpoint.EventCount);
            StoredJson.Member(w, "lastEventId", checkpoint.LastEventId);
            StoredJson.Member(w, "id", checkpoint.Id);
            StoredJson.Member(w, "label", checkpoint.Label);
        });

        /// <summary>
        /// The checkpoint a literal holds, or null when it is not one: not JSON, or without a string timestamp and a
        /// count. Other members and extra fields are ignored, as the CLI ignores the module's.
        /// </summary>
        public static StoredCheckpoint? TryRead(string text)
        {
            using var document = StoredJson.ParseObject(text);
            if (document == null)
            {
                return null;
            }

            var root = document.RootElement;
            var timestamp = StoredJson.String(root, "timestamp");
            var count = StoredJson.Count(root, "eventCount");
            if (timestamp == null || count == null)
            {
                return null;
            }

            return new StoredCheckpoint(
                StoredJson.String(root, "sessionKey"),
                timestamp,
                count.Value,
                StoredJson.String(root, "lastEventId"),
                StoredJson.String(root, "id"),
                StoredJson.String(root, "label"));
        }
    }
}
