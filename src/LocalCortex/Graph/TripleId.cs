using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace LocalCortex.Graph;

/// <summary>
/// A triple's content id: BLAKE3 over bincode-2 encodings of subject, predicate and object, exactly as the
/// contract's recipe (§2.4) describes. Ordered by its bytes, which is the order sled lists unfiltered triples in.
/// </summary>
public readonly struct TripleId : IEquatable<TripleId>, IComparable<TripleId>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private TripleId(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public static TripleId Compute(string subject, string predicate, GraphValue value)
    {
        using var buffer = new MemoryStream(64 + subject.Length + predicate.Length);

        // S = bincode(NodeId::Named(subject)): variant 0, then the length-prefixed string.
        WriteVarint(buffer, 0);
        WriteString(buffer, subject);

        // P = the predicate's raw UTF-8 bytes, no length prefix.
        var predicateBytes = Encoding.UTF8.GetBytes(predicate);
        buffer.Write(predicateBytes, 0, predicateBytes.Length);

        // O = bincode(Value).
        WriteVarint(buffer, (ulong)value.Kind);
        switch (value.Kind)
        {
            case ValueKind.Node:
                WriteVarint(buffer, 0); // NodeId::Named
                WriteString(buffer, value.Text!);
                break;
            case ValueKind.String:
                WriteString(buffer, value.Text!);
                break;
            case ValueKind.Integer:
                var n = value.Integer;
                WriteVarint(buffer, n >= 0 ? (ulong)n << 1 : ((ulong)(-(n + 1)) << 1) | 1);
                break;
            case ValueKind.Float:
                Span<byte> f = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(f, value.Float);
                buffer.Write(f);
                break;
            case ValueKind.Boolean:
                buffer.WriteByte(value.Boolean ? (byte)1 : (byte)0);
                break;
        }

        var hash = Blake3.Hasher.Hash(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return new TripleId(hash.AsSpan());
    }

    /// <summary>Parses an id from a path: exactly 64 hex characters of either case.</summary>
    public static bool TryParse(string text, out TripleId id)
    {
        id = default;
        if (text.Length != 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 32; i++)
        {
            var hi = HexValue(text[2 * i]);
            var lo = HexValue(text[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        id = new TripleId(bytes);
        return true;
    }

    public string ToHex() => string.Create(64, this, static (span, id) =>
    {
        WriteHex(span, id._a);
        WriteHex(span[16..], id._b);
        WriteHex(span[32..], id._c);
        WriteHex(span[48..], id._d);
    });

    public bool Equals(TripleId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is TripleId other && Equals(other);

    public static bool operator ==(TripleId left, TripleId right) => left.Equals(right);

    public static bool operator !=(TripleId left, TripleId right) => !left.Equals(right);

    public static bool operator <(TripleId left, TripleId right) => left.CompareTo(right) < 0;

    public static bool operator <=(TripleId left, TripleId right) => left.CompareTo(right) <= 0;

    public static bool operator >(TripleId left, TripleId right) => left.CompareTo(right) > 0;

    public static bool operator >=(TripleId left, TripleId right) => left.CompareTo(right) >= 0;

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    public int CompareTo(TripleId other)
    {
        var c = _a.CompareTo(other._a);
        c = c != 0 ? c : _b.CompareTo(other._b);
        c = c != 0 ? c : _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    public static TripleId FromBytes(byte[] bytes) => new(bytes);

    public override string ToString() => ToHex();

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>bincode 2 "standard" varint: one byte up to 250, else a marker byte and a little-endian integer.</summary>
    private static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> b = stackalloc byte[9];
        if (value <= 250)
        {
            stream.WriteByte((byte)value);
        }
        else if (value <= ushort.MaxValue)
        {
            b[0] = 0xFB;
            BinaryPrimitives.WriteUInt16LittleEndian(b[1..], (ushort)value);
            stream.Write(b[..3]);
        }
        else if (value <= uint.MaxValue)
        {
            b[0] = 0xFC;
            BinaryPrimitives.WriteUInt32LittleEndian(b[1..], (uint)value);
            stream.Write(b[..5]);
        }
        else
        {
            b[0] = 0xFD;
            BinaryPrimitives.WriteUInt64LittleEndian(b[1..], value);
            stream.Write(b[..9]);
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static void WriteHex(Span<char> span, ulong value)
    {
        const string digits = "0123456789abcdef";
        for (var i = 15; i >= 0; i--)
        {
            span[i] = digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
