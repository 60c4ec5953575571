using System;
using System.Globalization;
using System.Linq;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>What a request may safely repeat.</summary>
    internal enum RequestKind
    {
        /// <summary>A read: repeating it changes nothing.</summary>
        Read,

        /// <summary>A batch or events write: atomic, and Cortex skips the rows it already holds.</summary>
        IdempotentWrite,

        /// <summary>A single create: a repeat is answered "duplicate", which counts as done.</summary>
        Create,

        /// <summary>A delete: a repeat is answered 404, which counts as done.</summary>
        Delete,
    }

    /// <summary>What the request loop does next.</summary>
    internal enum StepKind
    {
        /// <summary>The answer is the request's result.</summary>
        Accept,

        /// <summary>Pause, then try again (on the next node when the step says so).</summary>
        Retry,

        /// <summary>Send it again, at once, to the leader a follower named.</summary>
        FollowLeader,

        /// <summary>Wait as Cortex's Retry-After asks, then try again.</summary>
        WaitOutRateLimit,

        /// <summary>Give up with the step's failure.</summary>
        Fail,
    }

    /// <summary>One decision of <see cref="AnswerClassifier"/>.</summary>
    internal sealed class Step
    {
        private Step(StepKind kind)
        {
            Kind = kind;
        }

        public StepKind Kind { get; }

        /// <summary>How long to pause before the next attempt.</summary>
        public TimeSpan Delay { get; private set; }

        /// <summary>For <see cref="StepKind.FollowLeader"/>: the leader's base address.</summary>
        public Uri? Leader { get; private set; }

        /// <summary>For <see cref="StepKind.Retry"/>: move to the next configured node first.</summary>
        public bool Rotate { get; private set; }

        /// <summary>The attempt may have been applied although no answer said so (a write that timed out, say).</summary>
        public bool MayHaveApplied { get; private set; }

        public CortexException? Failure { get; private set; }

        /// <summary>The verbose line that says what happened and what comes next, if any.</summary>
        public string? Note { get; private set; }

        public static Step Accept() => new Step(StepKind.Accept);

        public static Step Retry(TimeSpan delay, bool rotate, bool mayHaveApplied, string note) =>
            new Step(StepKind.Retry) { Delay = delay, Rotate = rotate, MayHaveApplied = mayHaveApplied, Note = note };

        public static Step FollowLeader(Uri leader, string note) => new Step(StepKind.FollowLeader) { Leader = leader, Note = note };

        public static Step WaitOutRateLimit(TimeSpan delay, string note) => new Step(StepKind.WaitOutRateLimit) { Delay = delay, Note = note };

        public static Step Fail(CortexException failure, string? note = null, bool mayHaveApplied = false) =>
            new Step(StepKind.Fail) { Failure = failure, Note = note, MayHaveApplied = mayHaveApplied };
    }

    /// <summary>
    /// Where one request stands between its attempts: what it is, which attempt comes next (redirects and waits for
    /// the rate limit do not count as attempts), and whether an earlier attempt may have been applied.
    /// </summary>
    internal sealed class RequestProgress
    {
        public RequestProgress(string method, string path, string display, RequestKind kind, CortexClientOptions options)
        {
            Method = method;
            Path = path;
            Display = display;
            Kind = kind;
            Options = options;
        }

        public string Method { get; }

        /// <summary>The path without its query (for error records).</summary>
        public string Path { get; }

        /// <summary>"GET /api/v1/events?namespace=mayros&amp;limit=...", redacted, for messages.</summary>
        public string Display { get; }

        public RequestKind Kind { get; }

        public CortexClientOptions Options { get; }

        /// <summary>The number of the attempt being judged, from 1.</summary>
        public int Attempt { get; private set; } = 1;

        public int Redirects { get; private set; }

        public TimeSpan RateLimitWaited { get; private set; }

        /// <summary>An earlier attempt of this write may have been applied (it timed out or lost its connection).</summary>
        public bool InDoubt { get; private set; }

        /// <summary>Where the request stands once the step is taken.</summary>
        public RequestProgress After(Step step)
        {
            var next = (RequestProgress)MemberwiseClone();
            next.InDoubt = InDoubt || step.MayHaveApplied;
            switch (step.Kind)
            {
                case StepKind.Retry:
                    next.Attempt = Attempt + 1;
                    break;
                case StepKind.FollowLeader:
                    next.Redirects = Redirects + 1;
                    break;
                case StepKind.WaitOutRateLimit:
                    next.RateLimitWaited = RateLimitWaited + step.Delay;
                    break;
            }

            return next;
        }
    }

    /// <summary>
    /// The request loop's one decision, as a pure function: given what an attempt brought back and where the request
    /// stands, accept the answer, retry (with back-off, perhaps on the next node), follow a follower's 307 to its
    /// leader, wait out a 429, or fail with the exception a user will see. Only retries that cannot do harm are made:
    /// see <see cref="RequestKind"/>.
    /// </summary>
    internal static class AnswerClassifier
    {
        public const int MaxRedirects = 3;

        public static Step Classify(Attempt attempt, RequestProgress request)
        {
            switch (attempt.Kind)
            {
                case AttemptKind.TooLarge:
                    return Step.Fail(new CortexResponseInvalidException(TooLargeMessage(attempt, request), attempt.Server, attempt.Error));
                case AttemptKind.TimedOut:
                    return RetryOrFail(
                        request,
                        rotate: false,
                        mayHaveApplied: request.Kind != RequestKind.Read,
                        note: $"{request.Display} -> no answer within {Seconds(request.Options.Timeout)} ({AttemptText(request)})",
                        failure: () => new CortexTimeoutException(TimeoutMessage(attempt, request), attempt.Server, request.Options.Timeout));
                case AttemptKind.NoResponse:
                    return RetryOrFail(
                        request,
                        rotate: request.Options.Endpoints.Count > 1,
                        mayHaveApplied: request.Kind != RequestKind.Read && !attempt.NeverSent,
                        note: $"{request.Display} -> no response from {Authority(attempt.Server)}: {attempt.NetworkReason} ({AttemptText(request)})",
                        failure: () => new CortexUnreachableException(
                            UnreachableMessage(attempt, request), attempt.Server, attempt.Error, connected: !attempt.NeverSent));
                default:
                    return ClassifyAnswer(attempt, request);
            }
        }

        private static Step ClassifyAnswer(Attempt attempt, RequestProgress request)
        {
            var status = attempt.Status;
            if (status == 307 || status == 308)
            {
                return FollowOrFail(attempt, request);
            }

            if (status == 429)
            {
                var wait = RetryAfter(attempt.RetryAfter);
                if (request.RateLimitWaited + wait > request.Options.MaxRateLimitWait)
                {
                    return Step.Fail(new CortexRateLimitedException(RateLimitedMessage(attempt, request), attempt.Server, wait));
                }

                return Step.WaitOutRateLimit(wait, $"{request.Display} -> 429 Too Many Requests; waiting {Seconds(wait)} as Retry-After asks");
            }

            if (status >= 500 || status == 408)
            {
                return ClassifyServerError(attempt, request);
            }

            if (status >= 400)
            {
                if (request.Kind == RequestKind.Delete && status == 404)
                {
                    return Step.Accept();
                }

                var (code, message) = CortexErrorBody.Read(attempt.Body);
                return Step.Fail(
                    new CortexApiException(status, attempt.Reason, request.Method, request.Path, code, message, attempt.Server),
                    $"{request.Display} -> {status} {attempt.Reason} ({attempt.Milliseconds} ms)");
            }

            if (status < 200 || status >= 300)
            {
                return Step.Fail(CortexAnswer.InvalidShape(attempt.Server, request.Display, $"it answered with status {status}"));
            }

            return Step.Accept();
        }

        /// <summary>5xx and 408: a duplicate single create is done; "Not leader" moves to the next node; the rest is retried.</summary>
        private static Step ClassifyServerError(Attempt attempt, RequestProgress request)
        {
            var (code, message) = CortexErrorBody.Read(attempt.Body);
            if (request.Kind == RequestKind.Create && code == "GRAPH_ERROR" && Mentions(message, "duplicate"))
            {
                return Step.Accept();
            }

            var notLeader = Mentions(message, "Not leader");
            var codeText = code == null ? string.Empty : " " + code;
            return RetryOrFail(
                request,
                rotate: notLeader && request.Options.Endpoints.Count > 1,
                mayHaveApplied: request.Kind != RequestKind.Read && !notLeader,
                note: $"{request.Display} -> {attempt.Status} {attempt.Reason}{codeText} ({attempt.Milliseconds} ms, {AttemptText(request)})",
                failure: () => new CortexApiException(attempt.Status, attempt.Reason, request.Method, request.Path, code, message, attempt.Server));
        }

        /// <summary>A follower's 307 names only scheme, host and port: the request goes there again, at its own path.</summary>
        private static Step FollowOrFail(Attempt attempt, RequestProgress request)
        {
            if (attempt.Location == null || !Uri.TryCreate(attempt.Location, UriKind.Absolute, out var leader) || request.Redirects >= MaxRedirects)
            {
                return Step.Fail(CortexAnswer.InvalidShape(attempt.Server, request.Display, $"it redirected without a usable Location (or more than {MaxRedirects} times)"));
            }

            var leaderBase = new Uri(leader.GetLeftPart(UriPartial.Authority));
            return Step.FollowLeader(leaderBase, $"{request.Display} -> {attempt.Status} from follower {Authority(attempt.Server)}; re-sending to leader {Authority(leaderBase)}");
        }

        private static Step RetryOrFail(RequestProgress request, bool rotate, bool mayHaveApplied, string note, Func<CortexException> failure)
        {
            if (request.Attempt < request.Options.MaxAttempts)
            {
                return Step.Retry(Backoff(request.Options, request.Attempt), rotate, mayHaveApplied, note);
            }

            return Step.Fail(failure(), note, mayHaveApplied);
        }

        /// <summary>The pause after a failed attempt: the first retry delay, doubled for each attempt since.</summary>
        public static TimeSpan Backoff(CortexClientOptions options, int attempt) =>
            TimeSpan.FromMilliseconds(options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));

        /// <summary>Retry-After in seconds (at least one) or as an HTTP date; one second when absent or unreadable.</summary>
        public static TimeSpan RetryAfter(string? value)
        {
            if (value != null && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(1, seconds));
            }

            if (value != null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                var wait = when - DateTimeOffset.UtcNow;
                return wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
            }

            return TimeSpan.FromSeconds(1);
        }

        internal static string Authority(Uri server) => server.GetLeftPart(UriPartial.Authority);

        internal static string Seconds(TimeSpan span) => span.TotalSeconds < 10
            ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

        private static bool Mentions(string? message, string text) => message != null && message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

        private static string AttemptText(RequestProgress request) => $"attempt {request.Attempt} of {request.Options.MaxAttempts}";

        private static string TooLargeMessage(Attempt attempt, RequestProgress request)
        {
            var cap = FindListingCap(attempt.Error) ?? request.Options.MaxResponseBytes;
            return $"Cortex at {Authority(attempt.Server)} answered {request.Display} with more than {cap:N0} bytes, which the module will not read.";
        }

        private static long? FindListingCap(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is Json.ListingTooLargeException listing)
                {
                    return listing.Cap;
                }
            }

            return null;
        }

        private static string TimeoutMessage(Attempt attempt, RequestProgress request) =>
            $"Cortex at {Authority(attempt.Server)} did not answer {request.Display} within {Seconds(request.Options.Timeout)}, {request.Attempt} times.";

        private static string UnreachableMessage(Attempt attempt, RequestProgress request)
        {
            var endpoints = request.Options.Endpoints;
            var tried = endpoints.Count > 1 ? "any of " + string.Join(", ", endpoints.Select(Authority)) : Authority(attempt.Server);
            return $"Cannot reach Cortex at {tried}: {attempt.NetworkReason}.";
        }

        private static string RateLimitedMessage(Attempt attempt, RequestProgress request) =>
            $"Cortex at {Authority(attempt.Server)} kept answering 429 Too Many Requests to {request.Display} "
            + $"for {Seconds(request.RateLimitWaited)}; it allows 100 requests a minute per client.";
    }
}
