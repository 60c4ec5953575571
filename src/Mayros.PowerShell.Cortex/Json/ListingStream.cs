using System;
using System.Buffers;
using System.IO;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// Called with the reader on the first token of one complete element of a listing's array: either it reads the
    /// whole element and returns true, or it leaves the reader where it is and returns false to have the element
    /// skipped (which costs nothing more: the element's end is known already). <paramref name="input"/> is what the
    /// reader reads, so a handler may keep the bytes of a value as they are (the reader's TokenStartIndex and
    /// BytesConsumed are positions in it).
    /// </summary>
    internal delegate bool ElementHandler(ref Utf8JsonReader reader, ReadOnlySpan<byte> input);

    /// <summary>
    /// Reads a listing answer, {"&lt;array&gt;":[element, ...], "total": N, ...}, from a stream as it arrives: the
    /// bytes are read into a buffer that holds a few elements at a time (it grows only to hold one element that is
    /// larger), and each element is handed over once it is complete. Memory does not grow with the listing.
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
            Done,
        }

        /// <summary>Reads the listing; returns its "total" when it has one. Throws ShapeException for what is not a listing.</summary>
        /// <param name="stream">The answer's body.</param>
        /// <param name="arrayName">The property that holds the elements ("triples", "events").</param>
        /// <param name="cap">The most bytes to read; more is an answer the module refuses.</param>
        /// <param name="element">Reads one element.</param>
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
                    var input = new ReadOnlySpan<byte>(buffer, 0, filled);
                    var reader = new Utf8JsonReader(input, final, state);
                    Advance(ref reader, input, ref progress, name, element);
                    if (progress.Phase == Phase.Done)
                    {
                        return progress.SawArray ? progress.Total : throw new ShapeException($"'{arrayName}' is not an array");
                    }

                    if (final)
                    {
                        throw new ShapeException("the answer ends in the middle of its JSON");
                    }

                    // Keep what is not consumed yet, then read more behind it (in a larger buffer if one element fills it).
                    var consumed = (int)reader.BytesConsumed;
                    state = reader.CurrentState;
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

        /// <summary>
        /// Takes as many steps as the bytes in the buffer allow. A step that needs bytes not there yet leaves the reader
        /// where the step began, so the caller can keep those bytes and come back with more.
        /// </summary>
        private static void Advance(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, ref Progress progress, byte[] arrayName, ElementHandler element)
        {
            while (progress.Phase != Phase.Done)
            {
                var before = reader;
                if (!reader.Read())
                {
                    reader = before;
                    return;
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
                            return;
                        }

                        break;

                    default:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            progress.Phase = Phase.Properties;
                            break;
                        }

                        // Hand the element over only once all of it is in the buffer.
                        var whole = reader;
                        if (!whole.TrySkip())
                        {
                            reader = before;
                            return;
                        }

                        if (!element(ref reader, input))
                        {
                            reader = whole;
                        }

                        break;
                }
            }
        }

        /// <summary>One property of the listing object, its value included; false when the value is not all there yet.</summary>
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
                progress.Phase = reader.TokenType == JsonTokenType.StartArray ? Phase.Elements : throw new ShapeException($"'{System.Text.Encoding.UTF8.GetString(arrayName)}' is not an array");
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
