using System;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>Any failure talking to Cortex. Messages name the method, path and server; never a token.</summary>
    public abstract class CortexException : Exception
    {
        /// <summary>A failure talking to the Cortex at <paramref name="server"/>.</summary>
        protected CortexException(string message, Uri server, Exception? inner = null)
            : base(message, inner)
        {
            Server = server;
        }

        /// <summary>The Cortex base address the request went to.</summary>
        public Uri Server { get; }
    }

    /// <summary>Cortex answered with an HTTP error status.</summary>
    public sealed class CortexApiException : CortexException
    {
        /// <summary>Cortex answered <paramref name="statusCode"/> to <paramref name="method"/> <paramref name="path"/>, with its own code and message when it sent them.</summary>
        public CortexApiException(int statusCode, string reason, string method, string path, string? serverCode, string? serverMessage, Uri server)
            : base(Describe(statusCode, reason, method, path, serverCode, serverMessage, server), server)
        {
            StatusCode = statusCode;
            Method = method;
            Path = path;
            ServerCode = serverCode;
            ServerMessage = serverMessage;
        }

        /// <summary>The HTTP status Cortex answered.</summary>
        public int StatusCode { get; }

        /// <summary>The request's method (GET, POST, DELETE).</summary>
        public string Method { get; }

        /// <summary>The request path, without its query string.</summary>
        public string Path { get; }

        /// <summary>Cortex's error code (GRAPH_ERROR, INVALID_INPUT, ...), when the body was Cortex's JSON error.</summary>
        public string? ServerCode { get; }

        /// <summary>Cortex's error text (JSON "error", or the plain-text body of a framework rejection).</summary>
        public string? ServerMessage { get; }

        private static string Describe(int status, string reason, string method, string path, string? code, string? message, Uri server)
        {
            var detail = string.IsNullOrEmpty(message) ? string.Empty : ": " + message;
            var codeText = string.IsNullOrEmpty(code) ? string.Empty : " " + code;
            return $"Cortex at {server.GetLeftPart(UriPartial.Authority)} answered {status} {reason}{codeText} to {method} {path}{detail}";
        }
    }

    /// <summary>No connection could be made (refused, reset, name not resolved) to any configured endpoint.</summary>
    public sealed class CortexUnreachableException : CortexException
    {
        /// <summary>No node could be reached; the message names them and why.</summary>
        public CortexUnreachableException(string message, Uri server, Exception? inner, bool connected = false)
            : base(message, server, inner)
        {
            Connected = connected;
        }

        /// <summary>
        /// The connection was made and then dropped without an answer (not refused): something listens there. A stock
        /// Cortex without a JWT secret does this to every request that carries a token.
        /// </summary>
        public bool Connected { get; }
    }

    /// <summary>
    /// Cortex nodes answered, but none could say which node leads (an election, or followers cut off from their leader):
    /// a command that writes stops rather than write where Cortex would not replicate it.
    /// </summary>
    public sealed class CortexLeaderUnknownException : CortexException
    {
        /// <summary>No leader is known among the nodes the message names.</summary>
        public CortexLeaderUnknownException(string message, Uri server)
            : base(message, server)
        {
        }
    }

    /// <summary>Cortex did not answer within the timeout, every attempt.</summary>
    public sealed class CortexTimeoutException : CortexException
    {
        /// <summary>Cortex did not answer within <paramref name="timeout"/>, every attempt.</summary>
        public CortexTimeoutException(string message, Uri server, TimeSpan timeout)
            : base(message, server)
        {
            Timeout = timeout;
        }

        /// <summary>How long each attempt waited.</summary>
        public TimeSpan Timeout { get; }
    }

    /// <summary>Cortex kept answering 429 longer than the module is willing to wait.</summary>
    public sealed class CortexRateLimitedException : CortexException
    {
        /// <summary>Cortex kept answering 429 longer than the client waits.</summary>
        public CortexRateLimitedException(string message, Uri server, TimeSpan retryAfter)
            : base(message, server)
        {
            RetryAfter = retryAfter;
        }

        /// <summary>The wait Cortex asked for last.</summary>
        public TimeSpan RetryAfter { get; }
    }

    /// <summary>Cortex answered, but not in the shape its API has (not JSON, wrong types, truncated).</summary>
    public sealed class CortexResponseInvalidException : CortexException
    {
        /// <summary>Cortex answered, but not in its API's shape.</summary>
        public CortexResponseInvalidException(string message, Uri server, Exception? inner = null)
            : base(message, server, inner)
        {
        }
    }

    /// <summary>A single row would make a request body larger than Cortex's 1 MiB limit; nothing was sent.</summary>
    public sealed class CortexRequestTooLargeException : CortexException
    {
        /// <summary><paramref name="what"/> is <paramref name="bytes"/> bytes as JSON, more than a request body may be.</summary>
        public CortexRequestTooLargeException(string what, int bytes, int limit, Uri server)
            : base(Describe(what, bytes, limit), server)
        {
            Bytes = bytes;
            Limit = limit;
        }

        /// <summary>The row's size as JSON.</summary>
        public int Bytes { get; }

        /// <summary>The largest request body Cortex accepts.</summary>
        public int Limit { get; }

        private static string Describe(string what, int bytes, int limit) =>
            $"{what} is {bytes:N0} bytes as JSON; Cortex accepts request bodies of at most {limit:N0} bytes, so it cannot be written in any request. Nothing was written.";
    }
}
