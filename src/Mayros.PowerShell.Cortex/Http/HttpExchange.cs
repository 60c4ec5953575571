using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using RestSharp;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// One HTTP exchange with one Cortex node, and the only code that speaks RestSharp (besides the transport's pooled
    /// clients): it builds the request (a JSON body as the bytes given, the bearer token only when there is one),
    /// sends it, reads the answer's body up to the cap, logs both for -Debug, and reduces what happened to an
    /// <see cref="Attempt"/>. It retries nothing and decides nothing.
    /// </summary>
    internal sealed class HttpExchange
    {
        private const int ChunkBytes = 81920;

        private readonly CortexTransport _transport;
        private readonly Func<string?>? _token;
        private readonly CancellationToken _cancellation;
        private readonly WireLog _log;

        public HttpExchange(CortexTransport transport, Func<string?>? token, WireLog log, CancellationToken cancellation)
        {
            _transport = transport;
            _token = token;
            _cancellation = cancellation;
            _log = log;
        }

        /// <summary>The same exchange, writing to another log (a probe on another thread writes to a buffer).</summary>
        public HttpExchange WithLog(WireLog log) => new HttpExchange(_transport, _token, log, _cancellation);

        /// <summary>One exchange. With <paramref name="read"/> the answer's body is read as it arrives (a listing), else buffered.</summary>
        /// <param name="server">The node to send to.</param>
        /// <param name="method">GET, POST or DELETE.</param>
        /// <param name="pathAndQuery">The path and query of the request.</param>
        /// <param name="display">The request as messages show it (redacted).</param>
        /// <param name="body">A JSON body (the bytes of a buffer the caller may reuse once this returns), or null.</param>
        /// <param name="read">Reads the body from its stream; its result is the attempt's <see cref="Attempt.Read"/>.</param>
        /// <param name="timeout">How long this exchange may take, when not the client's timeout (leader discovery's shorter one).</param>
        public Attempt Send(Uri server, string method, string pathAndQuery, string display, ArraySegment<byte>? body, Func<System.IO.Stream, object>? read = null,
            TimeSpan? timeout = null)
        {
            var token = _token?.Invoke();
            var request = BuildRequest(method, pathAndQuery, token, body, timeout ?? _transport.Options.Timeout);
            var answer = new AnswerBody(read, _transport.Options.MaxResponseBytes);

            // The body is read here, on the caller's thread, while RestSharp's waits (BodyHandOff).
            using var handOff = new BodyHandOff();
            request.ResponseWriter = stream =>
            {
                handOff.Deliver(stream);
                return null;
            };

            _log.Request(server, display, token, body);
            token = null;
            var watch = Stopwatch.StartNew();
            RestResponse response;
            try
            {
                var client = _transport.ClientFor(server);
                response = handOff.Run(() => client.ExecuteAsync(request, _cancellation), answer.Read);
            }
            catch (Exception ex) when (TooLarge(ex))
            {
                return Attempt.TooLarge(server, ex, watch.ElapsedMilliseconds);
            }
            catch (Exception ex) when (!_cancellation.IsCancellationRequested && IsTimeout(ex))
            {
                // The timeout struck while the body was still arriving.
                return Attempt.TimedOut(server, watch.ElapsedMilliseconds, ex);
            }
            catch (Exception ex) when (!_cancellation.IsCancellationRequested && (ex is IOException || ex is System.Net.Http.HttpRequestException))
            {
                // The connection dropped while the body was still arriving.
                return Attempt.NoResponse(server, NetworkReason(ex), neverSent: false, ex, watch.ElapsedMilliseconds);
            }

            watch.Stop();
            _cancellation.ThrowIfCancellationRequested();
            return ToAttempt(server, response, answer, watch.ElapsedMilliseconds);
        }

        /// <summary>The request: a JSON body as the bytes given, the bearer token only when there is one, the body streamed back.</summary>
        private static RestRequest BuildRequest(string method, string pathAndQuery, string? token, ArraySegment<byte>? body, TimeSpan timeout)
        {
            var request = new RestRequest(pathAndQuery, ToMethod(method)) { Timeout = timeout };
            if (!string.IsNullOrEmpty(token))
            {
                request.AddHeader("Authorization", "Bearer " + token);
            }

            if (body is ArraySegment<byte> bytes)
            {
                // The bytes as they are, from the caller's buffer, with Content-Type: application/json (Cortex answers
                // 415 without it). No copy: a fork of a million events sends some 300 bodies of up to a MiB, and a copy
                // of each would be a large object the collector only reclaims in a full collection.
                request.Interceptors = new List<RestSharp.Interceptors.Interceptor> { new SegmentBody(bytes) };
            }

            // Take the body from the network as it comes (RestSharp would buffer it, then decode it into a string nobody
            // reads): as bytes up to the cap, or through the caller's reader, keeping its start for errors and -Debug.
            request.CompletionOption = System.Net.Http.HttpCompletionOption.ResponseHeadersRead;
            return request;
        }

        /// <summary>What RestSharp's response says happened, as an attempt (logged for -Verbose and -Debug when answered).</summary>
        private Attempt ToAttempt(Uri server, RestResponse response, AnswerBody answer, long milliseconds)
        {
            if (TooLarge(response.ErrorException))
            {
                return Attempt.TooLarge(server, response.ErrorException, milliseconds);
            }

            if (response.ResponseStatus == ResponseStatus.TimedOut || (response.ResponseStatus != ResponseStatus.Completed && IsTimeout(response.ErrorException)))
            {
                return Attempt.TimedOut(server, milliseconds, response.ErrorException);
            }

            if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
            {
                return Attempt.NoResponse(server, NetworkReason(response.ErrorException), NeverSent(response.ErrorException), response.ErrorException, milliseconds);
            }

            var status = (int)response.StatusCode;
            var answered = answer.Bytes ?? response.RawBytes ?? Array.Empty<byte>();
            var headers = Headers(response);
            _log.Response(status, response.StatusDescription, headers, answered, Math.Max(answer.Length, answered.Length), milliseconds);
            var reason = response.StatusDescription ?? string.Empty;
            var attempt = Attempt.Answered(server, status, reason, answered, Header(headers, "Retry-After"), Header(headers, "Location"), milliseconds)
                .WithRateLimit(Header(headers, "X-RateLimit-Remaining"), Header(headers, "X-RateLimit-Limit"));
            return answer.Streaming ? attempt.WithRead(answer.Streamed, answer.Unreadable) : attempt;
        }

        /// <summary>
        /// An answer's body as it is read: whole up to the cap, or through the caller's reader (keeping its first bytes
        /// for errors and -Debug, and what the reader made of it).
        /// </summary>
        private sealed class AnswerBody
        {
            private readonly Func<Stream, object>? _read;
            private readonly long _cap;

            public AnswerBody(Func<Stream, object>? read, long cap)
            {
                _read = read;
                _cap = cap;
            }

            public bool Streaming => _read != null;

            /// <summary>The body (buffered), or its first bytes (streamed); null when no body was read.</summary>
            public byte[]? Bytes { get; private set; }

            public long Length { get; private set; }

            public object? Streamed { get; private set; }

            /// <summary>Why the caller's reader could not read the body as a listing.</summary>
            public Exception? Unreadable { get; private set; }

            public void Read(Stream stream)
            {
                if (_read == null)
                {
                    Bytes = ReadCapped(stream, _cap);
                    Length = Bytes.Length;
                    return;
                }

                var observed = new ObservedStream(stream);
                try
                {
                    Streamed = _read(observed);
                }
                catch (Exception ex) when (ex is Json.ShapeException || ex is System.Text.Json.JsonException)
                {
                    // Not the listing it should be: an error answer, or one the caller reports as not Cortex's.
                    Unreadable = ex;
                }

                Bytes = observed.Head;
                Length = observed.Count;
            }
        }

        /// <summary>Puts a body on the HTTP request RestSharp built: the bytes of a buffer, neither copied nor owned.</summary>
        private sealed class SegmentBody : RestSharp.Interceptors.Interceptor
        {
            private readonly ArraySegment<byte> _bytes;

            public SegmentBody(ArraySegment<byte> bytes) => _bytes = bytes;

            public override ValueTask BeforeHttpRequest(System.Net.Http.HttpRequestMessage requestMessage, CancellationToken cancellationToken)
            {
                var content = new System.Net.Http.ByteArrayContent(_bytes.Array!, _bytes.Offset, _bytes.Count);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType.Json);
                requestMessage.Content = content;
                return default;
            }
        }

        private static Method ToMethod(string method) => method switch
        {
            "GET" => Method.Get,
            "POST" => Method.Post,
            "DELETE" => Method.Delete,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unsupported method."),
        };

        private static List<KeyValuePair<string, string?>> Headers(RestResponse response)
        {
            var headers = new List<KeyValuePair<string, string?>>();
            foreach (var header in response.Headers ?? Array.Empty<HeaderParameter>())
            {
                headers.Add(new KeyValuePair<string, string?>(header.Name!, header.Value?.ToString()));
            }

            foreach (var header in response.ContentHeaders ?? Array.Empty<HeaderParameter>())
            {
                headers.Add(new KeyValuePair<string, string?>(header.Name!, header.Value?.ToString()));
            }

            return headers;
        }

        private static string? Header(List<KeyValuePair<string, string?>> headers, string name)
        {
            foreach (var header in headers)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value;
                }
            }

            return null;
        }

        /// <summary>
        /// The whole body, up to the cap, in chunks that are copied once into an array of the exact size (a growing
        /// MemoryStream would copy a 25 MB listing three times over).
        /// </summary>
        private static byte[] ReadCapped(Stream stream, long cap)
        {
            var chunks = new List<byte[]>();
            long total = 0;
            while (true)
            {
                var chunk = new byte[ChunkBytes];
                var filled = 0;
                int read;
                while (filled < chunk.Length && (read = stream.Read(chunk, filled, chunk.Length - filled)) > 0)
                {
                    filled += read;
                }

                if (total + filled > cap)
                {
                    throw new ResponseTooLargeException();
                }

                total += filled;
                if (filled < chunk.Length)
                {
                    var body = new byte[total];
                    var at = 0;
                    foreach (var full in chunks)
                    {
                        Buffer.BlockCopy(full, 0, body, at, full.Length);
                        at += full.Length;
                    }

                    Buffer.BlockCopy(chunk, 0, body, at, filled);
                    return body;
                }

                chunks.Add(chunk);
            }
        }

        private static bool IsTimeout(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is TimeoutException || e is OperationCanceledException)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the answer was cut off at the client's size cap.</summary>
        private static bool TooLarge(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is ResponseTooLargeException || e is Json.ListingTooLargeException || e.Message.IndexOf("maximum buffer size", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the connection was never made, so the server cannot have applied the request.</summary>
        private static bool NeverSent(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound;
                }
            }

            return false;
        }

        internal static string NetworkReason(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.ConnectionReset => "connection reset",
                        SocketError.HostNotFound => "host not found",
                        SocketError.TimedOut => "connection timed out",
                        _ => socket.Message,
                    };
                }
            }

            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e.InnerException == null)
                {
                    return e.Message.TrimEnd('.');
                }
            }

            return "no response";
        }

        /// <summary>A response stream that keeps its first bytes (for an error's text and -Debug) and counts the rest.</summary>
        private sealed class ObservedStream : System.IO.Stream
        {
            private const int HeadBytes = 8192;
            private readonly System.IO.Stream _inner;
            private readonly byte[] _head = new byte[HeadBytes];
            private int _kept;

            public ObservedStream(System.IO.Stream inner) => _inner = inner;

            /// <summary>The bytes read so far.</summary>
            public long Count { get; private set; }

            /// <summary>The first bytes of the body (at most 8 KiB).</summary>
            public byte[] Head
            {
                get
                {
                    var head = new byte[_kept];
                    Buffer.BlockCopy(_head, 0, head, 0, _kept);
                    return head;
                }
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => Count; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = _inner.Read(buffer, offset, count);
                if (_kept < HeadBytes && read > 0)
                {
                    var take = Math.Min(read, HeadBytes - _kept);
                    Buffer.BlockCopy(buffer, offset, _head, _kept, take);
                    _kept += take;
                }

                Count += read;
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private sealed class ResponseTooLargeException : Exception
        {
            public ResponseTooLargeException()
                : base("The answer is larger than the module reads.")
            {
            }
        }
    }
}
