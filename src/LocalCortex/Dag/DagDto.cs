using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LocalCortex.Dag;

/// <summary>How the DAG routes print an action: the DagActionDto (with its verification bundle on the single
/// lookup), and the whole DagAction as serde writes it (the sync route).</summary>
public static class DagDto
{
    private static readonly string[] Procedure =
    {
        "Concatenate: u64 little-endian count of canonical.parents, then each parent's 32 raw bytes (hex-decoded).",
        "Append u64 little-endian byte length of canonical.author_json, then its UTF-8 bytes.",
        "Append canonical.seq as u64 little-endian.",
        "Append the UTF-8 bytes of canonical.timestamp_rfc3339 (no length prefix).",
        "Append u64 little-endian byte length of canonical.payload_json, then its UTF-8 bytes.",
        "blake3-256 of those bytes must equal hash.",
        "Ed25519-verify signature over the 32 raw digest bytes with public_key.",
    };

    /// <summary>One DagActionDto; <paramref name="signer"/> (the node's key) adds the single lookup's verification bundle.</summary>
    public static void Write(Utf8JsonWriter w, DagAction action, DagSigner? signer)
    {
        var hash = action.ComputeHash();
        w.WriteStartObject();
        w.WriteString("hash", DagAction.Hex(hash));
        w.WriteStartArray("parents");
        foreach (var parent in action.Parents)
        {
            w.WriteStringValue(DagAction.Hex(parent));
        }

        w.WriteEndArray();
        w.WriteString("author", action.AuthorDisplay);
        w.WriteNumber("seq", action.Seq);
        w.WriteString("timestamp", action.TimestampText);
        w.WriteString("payload_type", action.Payload.Type);
        w.WriteString("payload_summary", action.Payload.Summary);
        w.WriteBoolean("signed", action.Signature is not null);
        w.WriteString("signature_status", action.Signature is not null ? "signed" : action.Parents.Count == 0 ? "unsigned_by_design" : "unsigned");
        w.WriteNull("content_hash");
        if (signer is null || action.Signature is null)
        {
            w.WriteNull("verification");
            w.WriteEndObject();
            return;
        }

        var ownKey = DagSigner.Verify(signer.PublicKey, hash, action.Signature);
        w.WriteStartObject("verification");
        w.WriteString("spec", "aingle-dag-action-v1");
        w.WriteString("hash_alg", "blake3-256");
        w.WriteString("signature_alg", "ed25519");
        w.WriteString("signed_message", "action_hash_bytes");
        w.WriteString("signature", DagAction.Hex(action.Signature));
        if (ownKey)
        {
            w.WriteString("public_key", signer.PublicKeyHex);
            w.WriteString("key_id", signer.PublicKeyHex);
            w.WriteString("public_key_source", "local_node_key");
        }
        else
        {
            w.WriteNull("public_key");
            w.WriteNull("key_id");
            w.WriteString("public_key_source", "unknown_author");
        }

        w.WriteStartObject("canonical");
        w.WriteStartArray("parents");
        foreach (var parent in action.Parents)
        {
            w.WriteStringValue(DagAction.Hex(parent));
        }

        w.WriteEndArray();
        w.WriteString("author_json", action.AuthorJson);
        w.WriteNumber("seq", action.Seq);
        w.WriteString("timestamp_rfc3339", action.TimestampText);
        w.WriteString("payload_json", action.PayloadJson);
        w.WriteEndObject();
        w.WriteStartArray("procedure");
        foreach (var step in Procedure)
        {
            w.WriteStringValue(step);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A DagAction as serde_json writes it: hashes and the signature as arrays of numbers, the time with Z.</summary>
    public static string Serde(DagAction action)
    {
        var sb = new StringBuilder("{\"parents\":[");
        for (var i = 0; i < action.Parents.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            SerdeJson.ByteArray(sb, action.Parents[i]);
        }

        sb.Append("],\"author\":").Append(action.AuthorJson).Append(",\"seq\":").Append(action.Seq).Append(",\"timestamp\":");
        SerdeJson.Text(sb, action.TimestampText.Replace("+00:00", "Z", System.StringComparison.Ordinal));
        sb.Append(",\"payload\":").Append(action.PayloadJson).Append(",\"signature\":");
        if (action.Signature is null)
        {
            sb.Append("null");
        }
        else
        {
            SerdeJson.ByteArray(sb, action.Signature);
        }

        return sb.Append('}').ToString();
    }

    internal static IEnumerable<string> ProcedureSteps => Procedure;
}
