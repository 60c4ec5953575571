using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// What -Verbose and -Debug show of the wire: one verbose line per call after its answer, and for -Debug each
    /// request and answer with redacted headers and the first 2 KB of their bodies. Nothing it writes holds a token.
    /// </summary>
    internal sealed class WireLog
    {
        private const int DebugBodyChars = 2048;

        private readonly ICortexLog _log;
        private readonly string _userAgent;

        public WireLog(ICortexLog? log, string userAgent)
        {
            _log = log ?? NullCortexLog.Instance;
            _userAgent = userAgent;
        }

        /// <summary>
        /// A log for work on another thread: it keeps what it is given (with this log's wish for debug records) until
        /// <see cref="Replay"/> writes it here, on the thread that may write to the cmdlet.
        /// </summary>
        public WireLog Buffered() => new WireLog(new BufferLog(_log.IsDebugEnabled), _userAgent);

        /// <summary>Writes what a <see cref="Buffered"/> log kept, in order.</summary>
        public void Replay(WireLog buffered)
        {
            if (buffered._log is BufferLog kept)
            {
                foreach (var (debug, message) in kept.Lines)
                {
                    if (debug)
                    {
                        _log.Debug(message);
                    }
                    else
                    {
                        _log.Verbose(message);
                    }
                }
            }
        }

        /// <summary>A line of its own: what the request loop decided, what leader discovery found.</summary>
        public void Note(string message) => _log.Verbose(message);

        /// <summary>How long a rate-limit wait has left (see <see cref="ICortexLog.RateLimitWait"/>).</summary>
        public void RateLimitWait(Uri server, TimeSpan left, TimeSpan total) => _log.RateLimitWait(server, left, total);

        /// <summary>"GET /api/v1/events?... -> 200 OK (4 ms, 214 events)".</summary>
        public void Call(CortexAnswer answer, string? summary)
        {
            var detail = summary == null ? string.Empty : ", " + summary;
            _log.Verbose($"{answer.Display} -> {answer.Status} {answer.Reason} ({answer.Milliseconds} ms{detail})");
        }

        public void Request(Uri server, string display, string? token, ArraySegment<byte>? body)
        {
            if (!_log.IsDebugEnabled)
            {
                return;
            }

            var text = new StringBuilder();
            text.Append("Request: ").Append(display).Append(" to ").Append(server.GetLeftPart(UriPartial.Authority));
            text.Append("\n  User-Agent: ").Append(_userAgent);
            if (!string.IsNullOrEmpty(token))
            {
                text.Append("\n  Authorization: ").Append(Redactor.Header("Authorization", token));
            }

            if (body is ArraySegment<byte> bytes)
            {
                text.Append("\n  Content-Type: application/json");
                AppendBody(text, bytes, token, bytes.Count);
            }

            _log.Debug(text.ToString());
        }

        /// <summary>An answer: status, redacted headers, and the start of a body of <paramref name="length"/> bytes.</summary>
        public void Response(int status, string? reason, IReadOnlyList<KeyValuePair<string, string?>> headers, byte[] body, long length, long milliseconds)
        {
            if (!_log.IsDebugEnabled)
            {
                return;
            }

            var text = new StringBuilder();
            text.Append("Response: ").Append(status).Append(' ').Append(reason).Append(" (").Append(milliseconds).Append(" ms)");
            foreach (var header in headers)
            {
                text.Append("\n  ").Append(header.Key).Append(": ").Append(Redactor.Header(header.Key, header.Value));
            }

            AppendBody(text, new ArraySegment<byte>(body), null, length);
            _log.Debug(text.ToString());
        }

        private static void AppendBody(StringBuilder text, ArraySegment<byte> body, string? token, long length)
        {
            text.Append("\n  Body (").Append(length.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes): ");
            var start = Encoding.UTF8.GetString(body.Array!, body.Offset, Math.Min(body.Count, DebugBodyChars * 4));
            text.Append(Redactor.Body(start, DebugBodyChars, token, length));
        }

        private sealed class BufferLog : ICortexLog
        {
            public BufferLog(bool debug) => IsDebugEnabled = debug;

            public bool IsDebugEnabled { get; }

            public List<(bool Debug, string Message)> Lines { get; } = new List<(bool, string)>();

            public void Verbose(string message) => Lines.Add((false, message));

            public void Debug(string message) => Lines.Add((true, message));

            public void RateLimitWait(Uri server, TimeSpan left, TimeSpan total)
            {
            }
        }
    }
}
