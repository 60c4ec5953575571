using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
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

        public Attempt Send(Uri server, string method, string pathAndQuery, string display, byte[]? body)
        {
            var options = _transport.Options;
            var request = new RestRequest(pathAndQuery, ToMethod(method)) { Timeout = options.Timeout };
            var token = _token?.Invoke();
            if (!string.IsNullOrEmpty(token))
            {
                request.AddHeader("Authorization", "Bearer " + token);
            }

            if (body != null)
            {
                // The bytes as they are, with Content-Type: application/json (Cortex answers 415 without it).
                request.AddParameter(new BodyParameter(body, ContentType.Json, DataFormat.Binary));
            }

            // Take the body as bytes (RestSharp would also decode it into a string nobody reads), up to the cap.
            byte[]? answer = null;
            request.ResponseWriter = stream =>
            {
                answer = ReadCapped(stream, options.MaxResponseBytes);
                return null;
            };

            _log.Request(server, display, token, body);
            token = null;
            var watch = Stopwatch.StartNew();
            var response = _transport.ClientFor(server).ExecuteAsync(request, _cancellation).GetAwaiter().GetResult();
            watch.Stop();
            _cancellation.ThrowIfCancellationRequested();

            if (TooLarge(response.ErrorException))
            {
                return Attempt.TooLarge(server, response.ErrorException, watch.ElapsedMilliseconds);
            }

            if (response.ResponseStatus == ResponseStatus.TimedOut || (response.ResponseStatus != ResponseStatus.Completed && IsTimeout(response.ErrorException)))
            {
                return Attempt.TimedOut(server, watch.ElapsedMilliseconds, response.ErrorException);
            }

            if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
            {
                return Attempt.NoResponse(server, NetworkReason(response.ErrorException), NeverSent(response.ErrorException), response.ErrorException, watch.ElapsedMilliseconds);
            }

            var status = (int)response.StatusCode;
            var bytes = answer ?? response.RawBytes ?? Array.Empty<byte>();
            var headers = Headers(response);
            _log.Response(status, response.StatusDescription, headers, bytes, watch.ElapsedMilliseconds);
            var reason = response.StatusDescription ?? string.Empty;
            return Attempt.Answered(server, status, reason, bytes, Header(headers, "Retry-After"), Header(headers, "Location"), watch.ElapsedMilliseconds);
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
                if (e is ResponseTooLargeException || e.Message.IndexOf("maximum buffer size", StringComparison.OrdinalIgnoreCase) >= 0)
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

        private sealed class ResponseTooLargeException : Exception
        {
            public ResponseTooLargeException()
                : base("The answer is larger than the module reads.")
            {
            }
        }
    }
}
