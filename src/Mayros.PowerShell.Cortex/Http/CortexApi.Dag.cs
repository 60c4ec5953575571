using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>The /api/v1/dag routes the module reads (docs/CORTEX-DAG.md).</summary>
    public sealed partial class CortexApi
    {
        /// <inheritdoc />
        public IReadOnlyList<CortexDagEntry> DagHistory(string subject, int limit)
        {
            var query = "?subject=" + Uri.EscapeDataString(subject) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);
            var answer = SendDag("GET", "/api/v1/dag/history", query, null);
            var entries = new List<CortexDagEntry>();
            using (var document = ParseArray(answer))
            {
                foreach (var e in document.RootElement.EnumerateArray())
                {
                    entries.Add(new CortexDagEntry(
                        RequireText(answer, e, "hash"),
                        RequireText(answer, e, "payload_type"),
                        e.TryGetProperty("payload_summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty,
                        RequireText(answer, e, "timestamp"),
                        e.TryGetProperty("seq", out var q) && q.TryGetUInt64(out var seq) ? seq : 0));
                }
            }

            _log.Call(answer, $"{entries.Count:N0} actions");
            return entries;
        }

        /// <inheritdoc />
        public IReadOnlyList<CortexDagAction> DagActions(IReadOnlyList<string> hashes)
        {
            var result = new List<CortexDagAction>(hashes.Count);
            const int PerRequest = 500; // 500 hashes of 32 numbers each stay far under 1 MiB
            for (var start = 0; start < hashes.Count; start += PerRequest)
            {
                var body = new StringBuilder("{\"local_tips\":[],\"want\":[");
                var end = Math.Min(hashes.Count, start + PerRequest);
                for (var i = start; i < end; i++)
                {
                    body.Append(i > start ? ",[" : "[");
                    for (var b = 0; b < 32; b++)
                    {
                        body.Append(b > 0 ? "," : string.Empty).Append(Convert.ToByte(hashes[i].Substring(b * 2, 2), 16).ToString(CultureInfo.InvariantCulture));
                    }

                    body.Append(']');
                }

                body.Append("]}");
                var bytes = Encoding.UTF8.GetBytes(body.ToString());
                var answer = SendDag("POST", "/api/v1/dag/sync", null, new ArraySegment<byte>(bytes));
                using (var document = answer.JsonObject())
                {
                    if (!document.RootElement.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
                    {
                        throw answer.Invalid("'actions' is missing");
                    }

                    foreach (var a in actions.EnumerateArray())
                    {
                        result.Add(ReadWholeAction(answer, a));
                    }
                }

                _log.Call(answer, $"{result.Count:N0} actions");
            }

            return result;
        }

        /// <inheritdoc />
        public CortexDagStats DagStats()
        {
            var answer = SendDag("GET", "/api/v1/dag/stats", null, null);
            using (var document = answer.JsonObject())
            {
                var root = document.RootElement;
                var key = root.TryGetProperty("signing_public_key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                var stats = new CortexDagStats(
                    root.TryGetProperty("action_count", out var c) && c.TryGetInt64(out var count) ? count : throw answer.Invalid("'action_count' is not a number"),
                    root.TryGetProperty("tip_count", out var t) && t.TryGetInt64(out var tips) ? tips : 0,
                    key);
                _log.Call(answer, $"{stats.ActionCount:N0} actions");
                return stats;
            }
        }

        /// <inheritdoc />
        public (IReadOnlyList<CortexTriple> Kept, long Seen) DagAt(string hash, Func<CortexTriple, bool> keep, TripleSieve? sieve = null)
        {
            var cap = _transport.Options.MaxListingBytes;
            var answer = SendDag("GET", "/api/v1/dag/at/" + Uri.EscapeDataString(hash), null, null, RequestKind.Read,
                stream => new TripleListing(ListingReader.Triples(stream, cap, keep, sieve)));
            var listing = answer.ReadAs<TripleListing>();
            _log.Call(answer, $"{listing.Kept.Count:N0} of the {listing.Seen:N0} triples of the replayed graph kept");
            return (listing.Kept, listing.Seen);
        }

        /// <inheritdoc />
        public string DagNote(string subject, string type, string summary)
        {
            var body = JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("payload_type", type);
                w.WriteString("payload_summary", summary);
                w.WriteString("subject", subject);
                w.WriteEndObject();
            });
            var answer = SendDag("POST", "/api/v1/dag/actions", null, new ArraySegment<byte>(body), RequestKind.IdempotentWrite);
            using var document = answer.JsonObject();
            var hash = document.RootElement.TryGetProperty("hash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : throw answer.Invalid("'hash' is missing");
            _log.Call(answer, "note " + hash);
            return hash;
        }

        /// <summary>
        /// A request to a DAG route: a 404 without Cortex's error body means Cortex mounts no DAG routes; a 500 "DAG not
        /// enabled" (after the retries every 500 gets) that its graph keeps no DAG store.
        /// </summary>
        private CortexAnswer SendDag(string method, string path, string? query, ArraySegment<byte>? body, RequestKind kind = RequestKind.Read,
            Func<System.IO.Stream, object>? read = null)
        {
            try
            {
                return _requests.Send(method, path, query, body, kind, read);
            }
            catch (CortexApiException ex) when (ex.StatusCode == 404 && ex.ServerCode == null)
            {
                throw new CortexDagUnavailableException(_transport.Current);
            }
            catch (CortexApiException ex) when (ex.StatusCode == 500 && ex.ServerMessage?.IndexOf("DAG not enabled", StringComparison.Ordinal) >= 0)
            {
                throw new CortexDagUnavailableException(_transport.Current, storeDisabled: true);
            }
        }

        /// <summary>A DagAction as serde writes it; its author and payload kept as the very bytes that were hashed.</summary>
        private static CortexDagAction ReadWholeAction(CortexAnswer answer, JsonElement a)
        {
            var parents = new List<string>();
            if (a.TryGetProperty("parents", out var p) && p.ValueKind == JsonValueKind.Array)
            {
                foreach (var parent in p.EnumerateArray())
                {
                    parents.Add(Bytes(answer, parent, 32, "a parent"));
                }
            }

            var author = a.TryGetProperty("author", out var au) ? au.GetRawText() : throw answer.Invalid("an action has no 'author'");
            var seq = a.TryGetProperty("seq", out var s) && s.TryGetUInt64(out var n) ? n : throw answer.Invalid("an action has no 'seq'");
            var time = RequireText(answer, a, "timestamp");
            // serde writes chrono's time with "Z"; the hash covers to_rfc3339(), which writes "+00:00".
            if (time.EndsWith("Z", StringComparison.Ordinal))
            {
                time = time.Substring(0, time.Length - 1) + "+00:00";
            }

            var payload = a.TryGetProperty("payload", out var pl) ? pl.GetRawText() : throw answer.Invalid("an action has no 'payload'");
            byte[]? signature = null;
            if (a.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Array)
            {
                signature = new byte[sig.GetArrayLength()];
                var i = 0;
                foreach (var b in sig.EnumerateArray())
                {
                    signature[i++] = b.TryGetByte(out var v) ? v : throw answer.Invalid("a signature holds a value that is not a byte");
                }
            }

            return new CortexDagAction(parents, author, seq, time, payload, signature);
        }

        private static string Bytes(CortexAnswer answer, JsonElement array, int length, string what)
        {
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != length)
            {
                throw answer.Invalid($"{what} is not an array of {length} bytes");
            }

            var bytes = new byte[length];
            var i = 0;
            foreach (var b in array.EnumerateArray())
            {
                bytes[i++] = b.TryGetByte(out var v) ? v : throw answer.Invalid($"{what} holds a value that is not a byte");
            }

            return DagVerifier.ToHex(bytes);
        }

        private static JsonDocument ParseArray(CortexAnswer answer)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(answer.Bytes);
            }
            catch (JsonException ex)
            {
                throw answer.Invalid("its body is not JSON (" + ex.Message + ")", ex);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                document.Dispose();
                throw answer.Invalid("the body is not a JSON array");
            }

            return document;
        }

        private static string RequireText(CortexAnswer answer, JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw answer.Invalid($"an action has no '{name}'");
    }
}
