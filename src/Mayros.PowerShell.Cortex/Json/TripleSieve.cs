using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// A first look at a triple of a listing by its bytes, before it is parsed: it passes over a triple only when the
    /// triple certainly is not wanted, so the caller's own test still decides for the rest. It serves the answers that
    /// are mostly other people's triples (a replay of the whole graph): a triple stepped over costs a byte search and
    /// no memory. It is made only for texts that every JSON writer writes as they are (letters, digits and
    /// <c>_ . : - @</c>); for others there is no sieve (null), and every triple is parsed.
    /// </summary>
    public sealed class TripleSieve
    {
        private static readonly byte[] SubjectName = Encoding.UTF8.GetBytes("\"subject\":");

        private readonly byte[]? _needle;
        private readonly HashSet<ulong>? _subjects;

        private TripleSieve(byte[]? needle, HashSet<ulong>? subjects)
        {
            _needle = needle;
            _subjects = subjects;
        }

        /// <summary>Triples whose JSON holds <paramref name="text"/> somewhere (subject, predicate or object); null when the text could be escaped.</summary>
        public static TripleSieve? Containing(string text) =>
            IsVerbatim(text) ? new TripleSieve(Encoding.UTF8.GetBytes(text), null) : null;

        /// <summary>Triples whose subject is one of <paramref name="subjects"/>; null when one of them could be escaped.</summary>
        public static TripleSieve? WithSubjects(IEnumerable<string> subjects)
        {
            var hashes = new HashSet<ulong>();
            foreach (var subject in subjects)
            {
                if (!IsVerbatim(subject))
                {
                    return null;
                }

                hashes.Add(Hash(Encoding.UTF8.GetBytes(subject)));
            }

            return new TripleSieve(null, hashes);
        }

        /// <summary>False only when the triple is certainly not wanted.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal bool MayHold(ReadOnlySpan<byte> element)
        {
            return _subjects != null
                ? !Subject(element, out var subject) || _subjects.Contains(Hash(subject))
                : element.IndexOf(_needle!) >= 0;
        }

        /// <summary>Letters, digits and _ . : - @: what serde_json and System.Text.Json both write unescaped.</summary>
        internal static bool IsVerbatim(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (var c in text)
            {
                var plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-' || c == '@';
                if (!plain)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The bytes of the element's "subject" string without IRI brackets; false when they cannot be read that simply
        /// (no such property, white space after it, an escape in it), and the element is then parsed as any other. The
        /// name cannot be matched inside a string: there its quotes are escaped.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool Subject(ReadOnlySpan<byte> element, out ReadOnlySpan<byte> subject)
        {
            subject = default;
            var at = element.IndexOf(SubjectName);
            if (at < 0 || at + SubjectName.Length >= element.Length || element[at + SubjectName.Length] != (byte)'"')
            {
                return false;
            }

            var rest = element.Slice(at + SubjectName.Length + 1);
            var end = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (end < 0 || rest[end] == (byte)'\\')
            {
                return false;
            }

            subject = rest.Slice(0, end);
            if (subject.Length >= 2 && subject[0] == (byte)'<' && subject[subject.Length - 1] == (byte)'>')
            {
                subject = subject.Slice(1, subject.Length - 2);
            }

            return true;
        }

        /// <summary>FNV-1a, 64 bits: a collision only costs a parse.</summary>
        private static ulong Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            return hash;
        }
    }
}
