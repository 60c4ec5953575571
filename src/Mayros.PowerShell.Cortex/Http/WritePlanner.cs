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
    /// limit: an envelope's prefix, the rows separated by commas, "]}". Planning serialises each row once to learn its
    /// size, refusing a row that cannot fit in any body before anything is sent, and keeps only the sizes; the write
    /// serialises the rows again, one body at a time, so that a large write never holds every row's JSON.
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

        /// <summary>
        /// The rows <paramref name="write"/> serialises, split into requests to <paramref name="path"/>. The rows are read
        /// twice (now, and again as the requests are sent), and must serialise the same both times.
        /// </summary>
        public CortexWritePlan Plan<T>(string path, string what, byte[] prefix, IReadOnlyList<T> rows, Action<Utf8JsonWriter, T> write, Func<T, string> describe)
        {
            var envelope = prefix.Length + Suffix.Length;
            var rowsPerRequest = new List<int>();
            var bodyLengths = new List<int>();
            long bytes = 0;
            using (var sizer = new RowWriter())
            {
                var inRequest = 0;
                var size = envelope;
                for (var i = 0; i < rows.Count; i++)
                {
                    var length = sizer.Measure(w => write(w, rows[i]));
                    if (envelope + length > _limit)
                    {
                        throw new CortexRequestTooLargeException(describe(rows[i]), length, _limit, _server());
                    }

                    var added = length + (inRequest > 0 ? 1 : 0);
                    if (size + added > _limit)
                    {
                        rowsPerRequest.Add(inRequest);
                        bodyLengths.Add(size);
                        bytes += size;
                        inRequest = 0;
                        size = envelope;
                        added = length;
                    }

                    size += added;
                    inRequest++;
                }

                if (inRequest > 0)
                {
                    rowsPerRequest.Add(inRequest);
                    bodyLengths.Add(size);
                    bytes += size;
                }
            }

            IEnumerable<ArraySegment<byte>> Bodies()
            {
                using var body = new RowWriter();
                var next = 0;
                for (var r = 0; r < rowsPerRequest.Count; r++)
                {
                    body.Start(prefix, bodyLengths[r]);
                    for (var i = 0; i < rowsPerRequest[r]; i++, next++)
                    {
                        body.Append(w => write(w, rows[next]), comma: i > 0);
                    }

                    yield return body.Finish(Suffix);
                }
            }

            return new CortexWritePlan(path, what, rows.Count, rowsPerRequest, bytes, Bodies);
        }

        /// <summary>One JSON writer over one buffer, reset for each row (to measure it) or each body (to build it).</summary>
        private sealed class RowWriter : IDisposable
        {
            private readonly MemoryStream _stream = new MemoryStream();
            private readonly Utf8JsonWriter _writer;

            public RowWriter()
            {
                _writer = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JsonText.WriterOptions.Encoder, SkipValidation = true });
            }

            /// <summary>The row's length as JSON.</summary>
            public int Measure(Action<Utf8JsonWriter> row)
            {
                _stream.SetLength(0);
                row(_writer);
                _writer.Flush();

                // Each row is a JSON value of its own: without a reset the writer would open the next with a comma.
                _writer.Reset();
                return (int)_stream.Length;
            }

            public void Start(byte[] prefix, int capacity)
            {
                _stream.SetLength(0);
                if (_stream.Capacity < capacity)
                {
                    _stream.Capacity = capacity;
                }

                _stream.Write(prefix, 0, prefix.Length);
            }

            public void Append(Action<Utf8JsonWriter> row, bool comma)
            {
                if (comma)
                {
                    _stream.WriteByte((byte)',');
                }

                row(_writer);
                _writer.Flush();
                _writer.Reset();
            }

            /// <summary>The body, in this writer's buffer: valid until the next body starts.</summary>
            public ArraySegment<byte> Finish(byte[] suffix)
            {
                _stream.Write(suffix, 0, suffix.Length);
                return new ArraySegment<byte>(_stream.GetBuffer(), 0, (int)_stream.Length);
            }

            public void Dispose()
            {
                _writer.Dispose();
                _stream.Dispose();
            }
        }
    }
}
