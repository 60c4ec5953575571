using System;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>How one attempt at a request ended.</summary>
    internal enum AttemptKind
    {
        /// <summary>Cortex answered with an HTTP status (any status).</summary>
        Answered,

        /// <summary>No answer within the timeout.</summary>
        TimedOut,

        /// <summary>No answer at all: the connection was refused, dropped or never made.</summary>
        NoResponse,

        /// <summary>An answer larger than the client reads.</summary>
        TooLarge,
    }

    /// <summary>
    /// What one HTTP attempt brought back, reduced to what decides the next step (see <see cref="AnswerClassifier"/>):
    /// the status and the two headers that steer a retry, the body, and for a failed exchange why it failed.
    /// </summary>
    internal sealed class Attempt
    {
        private Attempt(AttemptKind kind, Uri server, long milliseconds)
        {
            Kind = kind;
            Server = server;
            Milliseconds = milliseconds;
        }

        public AttemptKind Kind { get; }

        /// <summary>The node the attempt went to.</summary>
        public Uri Server { get; }

        public long Milliseconds { get; }

        public int Status { get; private set; }

        public string Reason { get; private set; } = string.Empty;

        public byte[] Body { get; private set; } = Array.Empty<byte>();

        /// <summary>The Retry-After header of a 429, as sent.</summary>
        public string? RetryAfter { get; private set; }

        /// <summary>X-RateLimit-Remaining: the requests Cortex's limiter would still let through at once, when it said.</summary>
        public int? RateLimitRemaining { get; private set; }

        /// <summary>X-RateLimit-Limit: the limiter's requests per minute, when it said.</summary>
        public int? RateLimitLimit { get; private set; }

        /// <summary>The Location header of a 307 or 308, as sent.</summary>
        public string? Location { get; private set; }

        /// <summary>For a failed exchange: "connection refused", "connection reset", ...</summary>
        public string? NetworkReason { get; private set; }

        /// <summary>For a failed exchange: the connection was never made, so Cortex cannot have applied the request.</summary>
        public bool NeverSent { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>For an answer read as a stream: what the caller's reader made of the body.</summary>
        public object? Read { get; private set; }

        /// <summary>For an answer read as a stream: why the caller's reader could not read it (not Cortex's shape).</summary>
        public Exception? Unreadable { get; private set; }

        /// <summary>This answer with what the caller's reader made of its body.</summary>
        public Attempt WithRead(object? read, Exception? unreadable)
        {
            Read = read;
            Unreadable = unreadable;
            return this;
        }

        public static Attempt Answered(Uri server, int status, string reason, byte[] body, string? retryAfter, string? location, long milliseconds) =>
            new Attempt(AttemptKind.Answered, server, milliseconds) { Status = status, Reason = reason, Body = body, RetryAfter = retryAfter, Location = location };

        /// <summary>This answer with the rate limiter's headers, as sent (unreadable ones are left out).</summary>
        public Attempt WithRateLimit(string? remaining, string? limit)
        {
            RateLimitRemaining = Count(remaining);
            RateLimitLimit = Count(limit);
            return this;
        }

        private static int? Count(string? text) =>
            int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (int?)null;

        public static Attempt TimedOut(Uri server, long milliseconds, Exception? error = null) =>
            new Attempt(AttemptKind.TimedOut, server, milliseconds) { Error = error };

        public static Attempt NoResponse(Uri server, string reason, bool neverSent, Exception? error, long milliseconds = 0) =>
            new Attempt(AttemptKind.NoResponse, server, milliseconds) { NetworkReason = reason, NeverSent = neverSent, Error = error };

        public static Attempt TooLarge(Uri server, Exception? error, long milliseconds = 0) =>
            new Attempt(AttemptKind.TooLarge, server, milliseconds) { Error = error };
    }
}
