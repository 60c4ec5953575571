using System;
using System.IO;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// Checks a DAG action without trusting the server that sent it: its hash rebuilt from the signed bytes
    /// (aingle-dag-action-v1, blake3-256) and its Ed25519 signature over those 32 bytes (docs/CORTEX-DAG.md §3).
    /// </summary>
    public static class DagVerifier
    {
        /// <summary>blake3 of the action's preimage, lowercase hex.</summary>
        public static string ComputeHash(CortexDagAction action) => ToHex(Digest(action));

        /// <summary>Whether <paramref name="publicKeyHex"/>'s signature is on the action's rebuilt hash.</summary>
        public static bool SignatureHolds(CortexDagAction action, string publicKeyHex)
        {
            if (action.Signature == null || action.Signature.Length != 64 || !TryHex(publicKeyHex, 32, out var key))
            {
                return false;
            }

            var digest = Digest(action);
            var verifier = new Ed25519Signer();
            try
            {
                verifier.Init(false, new Ed25519PublicKeyParameters(key, 0));
            }
            catch (ArgumentException)
            {
                return false;
            }

            verifier.BlockUpdate(digest, 0, digest.Length);
            return verifier.VerifySignature(action.Signature);
        }

        /// <summary>Whether the text is a 64-character hex hash or key.</summary>
        public static bool IsHex32(string text) => TryHex(text, 32, out _);

        private static byte[] Digest(CortexDagAction action)
        {
            using (var preimage = new MemoryStream())
            {
                Write(preimage, (ulong)action.Parents.Count);
                foreach (var parent in action.Parents)
                {
                    if (!TryHex(parent, 32, out var bytes))
                    {
                        throw new FormatException($"parent '{parent}' is not a 32-byte hex hash");
                    }

                    preimage.Write(bytes, 0, bytes.Length);
                }

                var author = Encoding.UTF8.GetBytes(action.AuthorJson);
                Write(preimage, (ulong)author.Length);
                preimage.Write(author, 0, author.Length);
                Write(preimage, action.Seq);
                var time = Encoding.UTF8.GetBytes(action.Timestamp);
                preimage.Write(time, 0, time.Length);
                var payload = Encoding.UTF8.GetBytes(action.PayloadJson);
                Write(preimage, (ulong)payload.Length);
                preimage.Write(payload, 0, payload.Length);

                var blake = new Blake3Digest(256);
                var data = preimage.ToArray();
                blake.BlockUpdate(data, 0, data.Length);
                var output = new byte[32];
                blake.DoFinal(output, 0);
                return output;
            }
        }

        private static void Write(Stream stream, ulong value)
        {
            for (var i = 0; i < 8; i++)
            {
                stream.WriteByte((byte)(value >> (8 * i)));
            }
        }

        internal static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        private static bool TryHex(string text, int length, out byte[] bytes)
        {
            bytes = new byte[length];
            if (text == null || text.Length != length * 2)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (!byte.TryParse(text.Substring(i * 2, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
