using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// Called with the bytes of one complete element of a listing's array (one JSON value, as the server sent it).
    /// The bytes are the stream's buffer: valid only during the call.
    /// </summary>
    internal delegate void ElementHandler(ReadOnlySpan<byte> element);

    /// <summary>
    /// Reads a listing answer, {"&lt;array&gt;":[element, ...], "total": N, ...}, from a stream as it arrives: the
    /// bytes are read into a buffer that holds a few elements at a time (it grows only to hold one element that is
    /// larger), and each element is handed over once it is complete. Memory does not grow with the listing. The
    /// listing object is read with Utf8JsonReader; the array's elements are framed by <see cref="RawJson"/> and handed
    /// over as bytes, so an element the caller passes over is never tokenised.
    /// </summary>
    internal static class ListingStream
    {
        private const int FirstBufferBytes = 64 * 1024;

        private static readonly JsonReaderOptions Options = new JsonReaderOptions { MaxDepth = 64 };

        private enum Phase
        {
            Start,
            Properties,
            Elements,
            ArrayEnd,
            Done,
        }

        /// <summary>Reads the listing; returns its "total" when it has one. Throws ShapeException for what is not a listing.</summary>
        /// <param name="stream">The answer's body.</param>
        /// <param name="arrayName">The property that holds the elements ("triples", "events").</param>
        /// <param name="cap">The most bytes to read; more is an answer the module refuses.</param>
        /// <param name="element">Reads one element.</param>
        [MethodImpl(HotPath.Optimized)]
        public static long? Read(Stream stream, string arrayName, long cap, ElementHandler element)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(arrayName);
            var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
            try
            {
                var filled = 0;
                long read = 0;
                var final = false;
                var state = new JsonReaderState(Options);
                var progress = new Progress { Phase = Phase.Start };
                while (true)
                {
                    var consumed = Advance(new ReadOnlySpan<byte>(buffer, 0, filled), final, ref state, ref progress, name, element);
                    if (progress.Phase == Phase.Done)
                    {
                        return progress.SawArray ? progress.Total : throw new ShapeException($"'{arrayName}' is not an array");
                    }

                    if (final)
                    {
                        throw new ShapeException("the answer ends in the middle of its JSON");
                    }

                    // Keep what is not consumed yet, then read more behind it (in a larger buffer if one element fills it).
                    var left = filled - consumed;
                    if (consumed == 0 && filled == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    else if (consumed > 0)
                    {
                        Buffer.BlockCopy(buffer, consumed, buffer, 0, left);
                    }

                    filled = left;
                    var count = stream.Read(buffer, filled, buffer.Length - filled);
                    if (count == 0)
                    {
                        final = true;
                    }

                    filled += count;
                    read += count;
                    if (read > cap)
                    {
                        throw new ListingTooLargeException(cap);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>A reader of one element's bytes, on its first token.</summary>
        public static Utf8JsonReader ElementReader(ReadOnlySpan<byte> element)
        {
            var reader = new Utf8JsonReader(element, Options);
            reader.Read();
            return reader;
        }

        /// <summary>
        /// Takes as many steps as the bytes in the buffer allow; returns how many bytes it consumed. The listing object
        /// is read token by token; the array's elements are framed as bytes. While the elements are framed, the reader's
        /// state stays as it was just after the array's '[': the reader then resumes at the ']', as if the array were
        /// empty, and goes on with the object's other properties.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int Advance(ReadOnlySpan<byte> input, bool final, ref JsonReaderState state, ref Progress progress, byte[] arrayName, ElementHandler element)
        {
            var offset = 0;
            while (progress.Phase != Phase.Done)
            {
                if (progress.Phase == Phase.Elements)
                {
                    offset = Elements(input, offset, ref progress, element);
                    if (progress.Phase == Phase.Elements)
                    {
                        return offset;
                    }
                }

                var reader = new Utf8JsonReader(input.Slice(offset), final, state);
                var entered = Tokens(ref reader, ref progress, arrayName);
                offset += (int)reader.BytesConsumed;
                state = reader.CurrentState;
                if (!entered)
                {
                    return offset;
                }
            }

            return offset;
        }

        /// <summary>
        /// Reads the listing object's tokens until the array's '[' (true: the elements come next), its end, or the end
        /// of the bytes there are. A step that needs bytes not there yet leaves the reader where the step began.
        /// </summary>
        private static bool Tokens(ref Utf8JsonReader reader, ref Progress progress, byte[] arrayName)
        {
            while (progress.Phase != Phase.Done)
            {
                var before = reader;
                if (!reader.Read())
                {
                    reader = before;
                    return false;
                }

                switch (progress.Phase)
                {
                    case Phase.Start:
                        progress.Phase = reader.TokenType == JsonTokenType.StartObject ? Phase.Properties : throw new ShapeException("the body is not a JSON object");
                        break;

                    case Phase.Properties:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            progress.Phase = Phase.Done;
                            break;
                        }

                        if (!Property(ref reader, ref progress, arrayName))
                        {
                            reader = before;
                            return false;
                        }

                        if (progress.Phase == Phase.Elements)
                        {
                            return true;
                        }

                        break;

                    default:
                        // Back at the array's ']' after its elements (see Advance).
                        progress.Phase = reader.TokenType == JsonTokenType.EndArray ? Phase.Properties : throw new ShapeException("the body is malformed");
                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// Hands over each complete element from <paramref name="at"/> on; returns where it stopped: at the array's
        /// ']' (the phase is then ArrayEnd, for the reader to read it) or before an element not all there yet.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int Elements(ReadOnlySpan<byte> input, int at, ref Progress progress, ElementHandler element)
        {
            while (true)
            {
                var i = RawJson.SkipWhitespace(input, at);
                if (i == input.Length)
                {
                    return at;
                }

                if (input[i] == (byte)']')
                {
                    progress.Phase = Phase.ArrayEnd;
                    progress.ElementsSeen = false;
                    return i;
                }

                if (progress.ElementsSeen)
                {
                    if (input[i] != (byte)',')
                    {
                        throw new ShapeException("the body is malformed");
                    }

                    i = RawJson.SkipWhitespace(input, i + 1);
                    if (i == input.Length)
                    {
                        return at;
                    }
                }

                var end = RawJson.ValueEnd(input, i);
                if (end < 0)
                {
                    return at;
                }

                element(input.Slice(i, end - i));
                progress.ElementsSeen = true;
                at = end;
            }
        }

        /// <summary>One property of the listing object, its value included; false when the value is not all there yet.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool Property(ref Utf8JsonReader reader, ref Progress progress, byte[] arrayName)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new ShapeException("the body is malformed");
            }

            var isArray = reader.ValueTextEquals(arrayName);
            var isTotal = !isArray && reader.ValueTextEquals("total"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isArray)
            {
                progress.Phase = reader.TokenType == JsonTokenType.StartArray ? Phase.Elements
                    : throw new ShapeException($"'{System.Text.Encoding.UTF8.GetString(arrayName)}' is not an array");
                progress.SawArray = true;
                return true;
            }

            if (isTotal)
            {
                progress.Total = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var total) ? total : throw new ShapeException("'total' is not a number");
                return true;
            }

            return reader.TrySkip();
        }

        private struct Progress
        {
            public Phase Phase;
            public bool SawArray;
            public bool ElementsSeen;
            public long? Total;
        }
    }

    /// <summary>A listing larger than the client reads.</summary>
    internal sealed class ListingTooLargeException : Exception
    {
        public ListingTooLargeException(long cap)
            : base($"The answer is larger than the {cap:N0} bytes the module reads.")
        {
            Cap = cap;
        }

        /// <summary>The most bytes the listing may have.</summary>
        public long Cap { get; }
    }
}
