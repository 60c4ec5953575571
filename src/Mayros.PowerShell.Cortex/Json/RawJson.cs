using System;
using System.Runtime.CompilerServices;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// The few byte-level steps a listing needs to pass over the elements it does not keep: where a value ends, where
    /// a string ends, whitespace. Most of a namespace's listing is other sessions' events; stepping over them here
    /// instead of token by token costs a scan for the next quote or bracket, and code that is optimised from the first
    /// event on (see <see cref="HotPath"/>). What is kept is still read, and checked, by Utf8JsonReader; an element
    /// passed over is framed, not validated (its brackets are counted and its strings found, no more), while the
    /// listing's own structure (commas, the array's end, a body that ends early) is still refused when wrong.
    /// </summary>
    internal static class RawJson
    {
        private const byte Quote = (byte)'"';
        private const byte Backslash = (byte)'\\';

        /// <summary>Where the whitespace at <paramref name="at"/> ends (the length of <paramref name="json"/> when it runs to the end).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
        {
            while (at < json.Length && (json[at] == (byte)' ' || json[at] == (byte)'\n' || json[at] == (byte)'\r' || json[at] == (byte)'\t'))
            {
                at++;
            }

            return at;
        }

        /// <summary>
        /// Just past the string whose opening quote is at <paramref name="at"/>; -1 when its end is not in
        /// <paramref name="json"/> yet. <paramref name="escaped"/> says whether it holds a backslash escape.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static int StringEnd(ReadOnlySpan<byte> json, int at, out bool escaped)
        {
            escaped = false;
            var i = at + 1;
            while (i < json.Length)
            {
                var found = json.Slice(i).IndexOfAny(Quote, Backslash);
                if (found < 0)
                {
                    return -1;
                }

                i += found;
                if (json[i] == Quote)
                {
                    return i + 1;
                }

                escaped = true;
                i += 2;
            }

            return -1;
        }

        /// <summary>
        /// Just past the JSON value that starts at <paramref name="at"/>; -1 when its end is not in
        /// <paramref name="json"/> yet. Throws ShapeException for what cannot start a value or closes one unopened.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static int ValueEnd(ReadOnlySpan<byte> json, int at)
        {
            var first = json[at];
            if (first == Quote)
            {
                return StringEnd(json, at, out _);
            }

            if (first != (byte)'{' && first != (byte)'[')
            {
                if (first != (byte)'-' && (first < (byte)'0' || first > (byte)'9') && first != (byte)'t' && first != (byte)'f' && first != (byte)'n')
                {
                    throw new ShapeException("the body is malformed");
                }

                // A number or a literal ends where a delimiter starts; at the end of the bytes it may go on.
                for (var i = at + 1; i < json.Length; i++)
                {
                    var b = json[i];
                    if (b == (byte)',' || b == (byte)']' || b == (byte)'}' || b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t')
                    {
                        return i;
                    }
                }

                return -1;
            }

            var depth = 0;
            var j = at;
            while (j < json.Length)
            {
                var found = json.Slice(j).IndexOfAny(StructuralBytes);
                if (found < 0)
                {
                    return -1;
                }

                j += found;
                var b = json[j];
                if (b == Quote)
                {
                    j = StringEnd(json, j, out _);
                    if (j < 0)
                    {
                        return -1;
                    }

                    continue;
                }

                if (b == (byte)'{' || b == (byte)'[')
                {
                    depth++;
                }
                else if (--depth == 0)
                {
                    return j + 1;
                }

                j++;
            }

            return -1;
        }

        private static ReadOnlySpan<byte> StructuralBytes => new[] { Quote, (byte)'{', (byte)'}', (byte)'[', (byte)']' };
    }
}
