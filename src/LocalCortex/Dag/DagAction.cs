using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LocalCortex.Dag;

/// <summary>
/// One node of Cortex's DAG (aingle_graph DagAction): parents, author, per-node sequence, time, payload, and an
/// Ed25519 signature over the 32 bytes of its hash. The hash is blake3 of the "aingle-dag-action-v1" preimage:
/// u64le(parent count), the parents' bytes, u64le(len) + the author's JSON, u64le(seq), the RFC 3339 time
/// (no length), u64le(len) + the payload's JSON. The signature is not in it.
/// </summary>
public sealed class DagAction
{
    private string? _payloadJson;

    public DagAction(IReadOnlyList<byte[]> parents, string author, ulong seq, DateTime timestamp, DagPayload payload)
    {
        Parents = parents;
        Author = author;
        Seq = seq;
        Timestamp = timestamp;
        Payload = payload;
    }

    public IReadOnlyList<byte[]> Parents { get; }

    /// <summary>The NodeId::Named name, e.g. node:local.</summary>
    public string Author { get; }

    public ulong Seq { get; }

    public DateTime Timestamp { get; }

    public DagPayload Payload { get; }

    public byte[]? Signature { get; set; }

    /// <summary>The hash the store filed it under when it was written (a tampered action keeps it).</summary>
    public string? Key { get; internal set; }

    /// <summary>The author as serde writes a NodeId: {"Named":"node:local"}.</summary>
    public string AuthorJson
    {
        get
        {
            var sb = new StringBuilder("{\"Named\":");
            SerdeJson.Text(sb, Author);
            return sb.Append('}').ToString();
        }
    }

    /// <summary>The display form of the author (NodeId's Display): bracketed.</summary>
    public string AuthorDisplay => "<" + Author + ">";

    public string TimestampText => SerdeJson.Rfc3339(Timestamp);

    /// <summary>The payload's JSON as stored. A test may overwrite it to play a tampered store.</summary>
    public string PayloadJson
    {
        get => _payloadJson ??= Payload.ToJson();
        set => _payloadJson = value;
    }

    /// <summary>True when the stored payload JSON is no longer what the payload writes (a tampered action).</summary>
    public bool Tampered => !string.Equals(PayloadJson, Payload.ToJson(), StringComparison.Ordinal);

    public byte[] ComputeHash()
    {
        using var preimage = new MemoryStream();
        void U64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            preimage.Write(bytes);
        }

        U64((ulong)Parents.Count);
        foreach (var parent in Parents)
        {
            preimage.Write(parent);
        }

        var author = Encoding.UTF8.GetBytes(AuthorJson);
        U64((ulong)author.Length);
        preimage.Write(author);
        U64(Seq);
        preimage.Write(Encoding.UTF8.GetBytes(TimestampText));
        var payload = Encoding.UTF8.GetBytes(PayloadJson);
        U64((ulong)payload.Length);
        preimage.Write(payload);
        return Blake3.Hasher.Hash(preimage.GetBuffer().AsSpan(0, (int)preimage.Length)).AsSpan().ToArray();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
