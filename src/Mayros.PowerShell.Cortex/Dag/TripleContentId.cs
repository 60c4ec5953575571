using System.IO;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// A triple's content id as Cortex computes it (contract §2.4): blake3 over bincode-2 of NodeId::Named(subject),
    /// the predicate's raw bytes, and bincode of the value. What a DAG delete lists, so history can say what it deleted.
    /// (The local Cortex has its own copy, LocalCortex.Graph.TripleId: the two meet only as strangers.)
    /// </summary>
    public static class TripleContentId
    {
        /// <summary>The 64-hex id of a triple.</summary>
        public static string Compute(string subject, string predicate, CortexValue value)
        {
            using (var buffer = new MemoryStream())
            {
                Varint(buffer, 0);
                Text(buffer, subject);
                var p = Encoding.UTF8.GetBytes(predicate);
                buffer.Write(p, 0, p.Length);
                switch (value.Kind)
                {
                    case CortexValueKind.Node:
                        Varint(buffer, 0);
                        Varint(buffer, 0);
                        Text(buffer, value.Text!);
                        break;
                    case CortexValueKind.String:
                        Varint(buffer, 1);
                        Text(buffer, value.Text!);
                        break;
                    case CortexValueKind.Integer:
                        Varint(buffer, 2);
                        var n = value.Integer;
                        Varint(buffer, n >= 0 ? (ulong)n << 1 : ((ulong)(-(n + 1)) << 1) | 1);
                        break;
                    case CortexValueKind.Float:
                        Varint(buffer, 3);
                        var f = System.BitConverter.GetBytes(value.Float);
                        if (!System.BitConverter.IsLittleEndian)
                        {
                            System.Array.Reverse(f);
                        }

                        buffer.Write(f, 0, 8);
                        break;
                    default:
                        Varint(buffer, 4);
                        buffer.WriteByte(value.Boolean ? (byte)1 : (byte)0);
                        break;
                }

                var data = buffer.ToArray();
                var blake = new Blake3Digest(256);
                blake.BlockUpdate(data, 0, data.Length);
                var output = new byte[32];
                blake.DoFinal(output, 0);
                return DagVerifier.ToHex(output);
            }
        }

        private static void Text(Stream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Varint(stream, (ulong)bytes.Length);
            stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>bincode 2 "standard" varint: one byte up to 250, else a marker byte and a little-endian integer.</summary>
        private static void Varint(Stream stream, ulong value)
        {
            if (value <= 250)
            {
                stream.WriteByte((byte)value);
                return;
            }

            var (marker, size) = value <= ushort.MaxValue ? ((byte)0xFB, 2) : value <= uint.MaxValue ? ((byte)0xFC, 4) : ((byte)0xFD, 8);
            stream.WriteByte(marker);
            for (var i = 0; i < size; i++)
            {
                stream.WriteByte((byte)(value >> (8 * i)));
            }
        }
    }
}
