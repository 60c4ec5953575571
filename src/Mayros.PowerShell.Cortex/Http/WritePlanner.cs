using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Packs rows (triples for the batch route, events for the events route) into request bodies under Cortex's body
    /// limit: an envelope's prefix, the rows separated by commas, "]}". A row that cannot fit in any body is refused
    /// here, before anything is sent.
    /// </summary>
    internal sealed class WritePlanner
    {
        private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("]}");

        private readonly int _limit;
        private readonly Func<Uri> _server;

        /// <param name="limit">The largest body, in bytes.</param>
        /// <param name="server">The node the writes will go to, for the error a row too large raises.</param>
        public WritePlanner(int limit, Func<Uri> server)
        {
            _limit = limit;
            _server = server;
        }

        /// <summary>The rows serialised by <paramref name="write"/>, split into requests to <paramref name="path"/>.</summary>
        public CortexWritePlan Plan<T>(string path, string what, byte[] prefix, IReadOnlyList<T> rows, Action<Utf8JsonWriter, T> write, Func<T, string> describe)
        {
            using var json = new RowWriter();
            foreach (var row in rows)
            {
                json.Row(w => write(w, row));
            }

            var requests = new List<(byte[], int)>();
            var first = 0;
            var size = prefix.Length + Suffix.Length;
            for (var i = 0; i < json.Count; i++)
            {
                var length = json.Span(i).Length;
                if (prefix.Length + Suffix.Length + length > _limit)
                {
                    throw new CortexRequestTooLargeException(describe(rows[i]), length, _limit, _server());
                }

                var added = length + (i > first ? 1 : 0);
                if (size + added > _limit)
                {
                    requests.Add((Join(prefix, json, first, i), i - first));
                    first = i;
                    size = prefix.Length + Suffix.Length;
                    added = length;
                }

                size += added;
            }

            if (json.Count > first)
            {
                requests.Add((Join(prefix, json, first, json.Count), json.Count - first));
            }

            return new CortexWritePlan(path, what, requests, json.Count);
        }

        private static byte[] Join(byte[] prefix, RowWriter rows, int from, int to)
        {
            var data = rows.Bytes;
            var length = prefix.Length + Suffix.Length + Math.Max(0, to - from - 1);
            for (var i = from; i < to; i++)
            {
                length += rows.Span(i).Length;
            }

            var body = new byte[length];
            Buffer.BlockCopy(prefix, 0, body, 0, prefix.Length);
            var offset = prefix.Length;
            for (var i = from; i < to; i++)
            {
                if (i > from)
                {
                    body[offset++] = (byte)',';
                }

                var (start, count) = rows.Span(i);
                Buffer.BlockCopy(data, start, body, offset, count);
                offset += count;
            }

            Buffer.BlockCopy(Suffix, 0, body, offset, Suffix.Length);
            return body;
        }

        /// <summary>Serialises many rows with one writer into one buffer, remembering where each row is.</summary>
        private sealed class RowWriter : IDisposable
        {
            private readonly MemoryStream _stream = new MemoryStream();
            private readonly Utf8JsonWriter _writer;
            private readonly List<(int Start, int Length)> _spans = new List<(int, int)>();
            private byte[]? _bytes;

            public RowWriter()
            {
                _writer = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JsonText.WriterOptions.Encoder, SkipValidation = true });
            }

            public int Count => _spans.Count;

            public byte[] Bytes => _bytes ??= Finish();

            public void Row(Action<Utf8JsonWriter> write)
            {
                var start = (int)_stream.Length;
                write(_writer);
                _writer.Flush();
                _spans.Add((start, (int)_stream.Length - start));

                // Each row is a JSON value of its own: without a reset the writer would open the next with a comma.
                _writer.Reset();
            }

            public (int Start, int Length) Span(int index) => _spans[index];

            public void Dispose()
            {
                _writer.Dispose();
                _stream.Dispose();
            }

            private byte[] Finish()
            {
                _writer.Flush();
                return _stream.GetBuffer();
            }
        }
    }
}
