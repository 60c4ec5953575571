using System;
using System.Text.RegularExpressions;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Removes secrets from anything the client logs: sensitive headers, query parameters and JSON fields become
    /// "[redacted]", and a known token is scrubbed wherever it appears.
    /// </summary>
    public static class Redactor
    {
        /// <summary>What stands in for a secret: [redacted].</summary>
        public const string Mask = "[redacted]";

        private const string SensitiveName =
            @"(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|key|password|passwd|pwd|secret|token|signature|sig"
            + @"|[A-Za-z0-9_-]*(?:token|secret|password|signature|apikey|api_key|api-key))";

        // One of these is part of every name SensitiveName matches.
        private static readonly string[] SensitiveParts = { "authorization", "cookie", "key", "pass", "pwd", "secret", "token", "sig" };

        private static readonly Regex SensitiveNameRegex = new Regex("^" + SensitiveName + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "name" : "value"  (also a value cut off by truncation, with no closing quote)
        private static readonly Regex JsonStringField = new Regex(
            "(\"(" + SensitiveName + ")\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*(?:\"|$)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "name" : 123 / true / null   (non-string secrets)
        private static readonly Regex JsonScalarField = new Regex(
            "(\"(" + SensitiveName + ")\"\\s*:\\s*)(-?[0-9][0-9.eE+-]*|true|false)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex QueryField = new Regex(
            "([?&](" + SensitiveName + ")=)[^&#]*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Whether a header, query or JSON field name sounds like a secret (token, secret, key, password, signature, ...).</summary>
        public static bool IsSensitiveName(string name) => SensitiveNameRegex.IsMatch(name);

        /// <summary>A header's value as -Debug may show it: the value, or [redacted] for Authorization, cookies and API keys.</summary>
        public static string Header(string name, string? value) => IsSensitiveName(name) ? Mask : value ?? string.Empty;

        /// <summary>A path and query as -Verbose may show it, with secret-sounding parameters redacted.</summary>
        public static string Query(string pathAndQuery) => QueryField.Replace(pathAndQuery, "$1" + Mask);

        /// <summary>
        /// Redacts a JSON (or JSON-ish, possibly truncated) text and returns at most <paramref name="maxChars"/> of it,
        /// saying how long the whole was when it shows only part.
        /// </summary>
        /// <param name="text">The body, or its start.</param>
        /// <param name="maxChars">How much of it to show.</param>
        /// <param name="secret">A token to replace wherever it appears, whatever the field is called.</param>
        /// <param name="totalLength">The length of the whole body when <paramref name="text"/> is already only its start.</param>
        public static string Body(string text, int maxChars, string? secret = null, long? totalLength = null)
        {
            // Redact before truncating, over a window larger than what is shown, so a cut never exposes a value.
            var window = text.Length > maxChars * 2 ? text.Substring(0, maxChars * 2) : text;
            var redacted = MayNameASecret(window) ? JsonScalarField.Replace(JsonStringField.Replace(window, "$1\"" + Mask + "\""), "$1" + Mask) : window;
            redacted = Scrub(redacted, secret);
            var whole = totalLength ?? text.Length;
            var partial = whole > window.Length || redacted.Length > maxChars;
            var shown = redacted.Length > maxChars ? redacted.Substring(0, maxChars) : redacted;
            return partial ? shown + $"... ({whole:N0} characters in all)" : shown;
        }

        /// <summary>
        /// Whether a text holds any part every sensitive name contains (authorization, cookie, key, pass, pwd, secret,
        /// token, sig): a text without one has no field to redact, and skips the two expressions. Every response's
        /// debug record is built (the engine drops it unless debug output is wanted), and the expressions over its first
        /// 4,096 characters cost 0.3 to 0.5 ms each time; most bodies hold none of these.
        /// </summary>
        internal static bool MayNameASecret(string text)
        {
            foreach (var part in SensitiveParts)
            {
                if (text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Replaces every occurrence of a known secret in a text (for messages that might echo one).</summary>
        public static string Scrub(string text, string? secret)
        {
            if (string.IsNullOrEmpty(secret) || text.IndexOf(secret, StringComparison.Ordinal) < 0)
            {
                return text;
            }

            return text.Replace(secret, Mask);
        }
    }
}
