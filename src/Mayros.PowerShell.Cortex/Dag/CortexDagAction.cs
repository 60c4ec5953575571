using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// One action of Cortex's DAG as the sync route hands it out whole: the literal bytes its hash covers (author and
    /// payload JSON exactly as sent), its parents and its signature. docs/CORTEX-DAG.md.
    /// </summary>
    public sealed class CortexDagAction
    {
        /// <summary>An action read from Cortex.</summary>
        public CortexDagAction(IReadOnlyList<string> parents, string authorJson, ulong seq, string timestamp, string payloadJson, byte[]? signature)
        {
            Parents = parents;
            AuthorJson = authorJson;
            Seq = seq;
            Timestamp = timestamp;
            PayloadJson = payloadJson;
            Signature = signature;
        }

        private string? _hash;

        /// <summary>
        /// The action's hash, rebuilt here from the bytes it was signed over (never taken from the server): an action
        /// changed after it was recorded no longer has the hash it is stored under.
        /// </summary>
        public string Hash => _hash ?? (_hash = DagVerifier.ComputeHash(this));

        /// <summary>The parents' hashes, lowercase hex.</summary>
        public IReadOnlyList<string> Parents { get; }

        /// <summary>The author as serde wrote it, e.g. {"Named":"node:local"}.</summary>
        public string AuthorJson { get; }

        /// <summary>The per-author sequence number.</summary>
        public ulong Seq { get; }

        /// <summary>The time exactly as hashed (chrono's to_rfc3339: "+00:00").</summary>
        public string Timestamp { get; }

        /// <summary>The payload as serde wrote it: the signed record of what changed.</summary>
        public string PayloadJson { get; }

        /// <summary>The Ed25519 signature (64 bytes), or null for an unsigned action.</summary>
        public byte[]? Signature { get; }

        /// <summary>The author's name, e.g. node:local.</summary>
        public string Author => DagPayloadReader.AuthorName(AuthorJson);

        /// <summary>When the action was written.</summary>
        public DateTimeOffset When => DateTimeOffset.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One entry of /api/v1/dag/history: the action's hash and what Cortex says of it.</summary>
    public sealed class CortexDagEntry
    {
        /// <summary>An entry as listed.</summary>
        public CortexDagEntry(string hash, string payloadType, string summary, string timestamp, ulong seq)
        {
            Hash = hash;
            PayloadType = payloadType;
            Summary = summary;
            Timestamp = timestamp;
            Seq = seq;
        }

        /// <summary>The action's hash (lowercase hex).</summary>
        public string Hash { get; }

        /// <summary>triple:create, triple:delete, genesis or a custom tag.</summary>
        public string PayloadType { get; }

        /// <summary>Cortex's one-line summary (not signed).</summary>
        public string Summary { get; }

        /// <summary>The time, RFC 3339.</summary>
        public string Timestamp { get; }

        /// <summary>The per-author sequence number.</summary>
        public ulong Seq { get; }
    }

    /// <summary>GET /api/v1/dag/stats.</summary>
    public sealed class CortexDagStats
    {
        /// <summary>Stats as read.</summary>
        public CortexDagStats(long actionCount, long tipCount, string? signingPublicKey)
        {
            ActionCount = actionCount;
            TipCount = tipCount;
            SigningPublicKey = signingPublicKey;
        }

        /// <summary>Actions in the whole DAG.</summary>
        public long ActionCount { get; }

        /// <summary>Current tips.</summary>
        public long TipCount { get; }

        /// <summary>The node's Ed25519 public key (hex), or null when it has none or does not publish it.</summary>
        public string? SigningPublicKey { get; }
    }

    /// <summary>
    /// Cortex runs without its DAG: built without the dag feature (the /api/v1/dag routes are 404), or built with it
    /// on a graph whose DAG store is not enabled (500 "DAG not enabled").
    /// </summary>
    public sealed class CortexDagUnavailableException : CortexException
    {
        /// <summary>The error for a server without a DAG.</summary>
        /// <param name="server">The server asked.</param>
        /// <param name="storeDisabled">True when the routes are there but answer 500 "DAG not enabled".</param>
        public CortexDagUnavailableException(Uri server, bool storeDisabled = false)
            : base(
                $"Cortex at {server.GetLeftPart(UriPartial.Authority)} keeps no DAG: "
                + (storeDisabled
                    ? "/api/v1/dag answers 500 'DAG not enabled', as a Cortex whose graph runs without its DAG store does. "
                    : "/api/v1/dag answers 404, as a Cortex built without its 'dag' feature does. ")
                + "Session history, verification and restore need it.",
                server)
        {
        }
    }
}
