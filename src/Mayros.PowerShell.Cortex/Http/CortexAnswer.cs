using System;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>An answer the request loop accepted: its status and body, and how it was come by.</summary>
    internal sealed class CortexAnswer
    {
        public CortexAnswer(Attempt attempt, RequestProgress request)
        {
            Server = attempt.Server;
            Status = attempt.Status;
            Reason = attempt.Reason;
            Bytes = attempt.Body;
            Milliseconds = attempt.Milliseconds;
            InDoubt = request.InDoubt;
            Display = request.Display;
            Read = attempt.Read;
            Unreadable = attempt.Unreadable;
            RateLimitRemaining = attempt.RateLimitRemaining;
            RateLimitLimit = attempt.RateLimitLimit;
        }

        /// <summary>X-RateLimit-Remaining of the answer, when Cortex sent it.</summary>
        public int? RateLimitRemaining { get; }

        /// <summary>X-RateLimit-Limit of the answer, when Cortex sent it.</summary>
        public int? RateLimitLimit { get; }

        /// <summary>For an answer read as a stream: what the reader made of it.</summary>
        public object? Read { get; }

        /// <summary>For an answer read as a stream: why it was not Cortex's shape.</summary>
        public Exception? Unreadable { get; }

        /// <summary>What the reader made of the body, or CortexResponseInvalid when it was not Cortex's shape.</summary>
        public T ReadAs<T>()
            where T : class =>
            Unreadable != null ? throw Invalid(Unreadable.Message, Unreadable)
            : Read as T ?? throw Invalid("it had no body");

        public Uri Server { get; }

        public int Status { get; }

        public string Reason { get; }

        /// <summary>The answer's body.</summary>
        public byte[] Bytes { get; }

        public long Milliseconds { get; }

        /// <summary>An earlier attempt of this write may have been applied (it timed out or lost its connection).</summary>
        public bool InDoubt { get; }

        /// <summary>The request, redacted, for messages.</summary>
        public string Display { get; }

        /// <summary>The body as a JSON object, or CortexResponseInvalid.</summary>
        public JsonDocument JsonObject()
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(Bytes);
            }
            catch (JsonException ex)
            {
                throw Invalid("its body is not JSON (" + ex.Message + ")", ex);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind;
                document.Dispose();
                throw Invalid($"the body is a JSON {kind}, not an object");
            }

            return document;
        }

        /// <summary>A whole number the answer must carry.</summary>
        public int RequireInt(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.TryGetInt32(out var number)
                ? number
                : throw Invalid($"'{name}' is not a number");

        public CortexResponseInvalidException Invalid(string problem, Exception? inner = null) => InvalidShape(Server, Display, problem, inner);

        public static CortexResponseInvalidException InvalidShape(Uri server, string display, string problem, Exception? inner = null) =>
            new CortexResponseInvalidException(
                $"Cortex at {server.GetLeftPart(UriPartial.Authority)} answered {display} in a shape its API does not have: {problem}.", server, inner);
    }
}
