using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>ISO 8601 timestamps as sessions use them. A timestamp without an offset is UTC.</summary>
    internal static class Timestamps
    {
        private static readonly Regex Iso = new Regex(
            @"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,](?<fraction>\d{1,9}))?)?(?<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$",
            RegexOptions.CultureInvariant);

        /// <summary>Parses strict ISO 8601 (date, optional time with fraction, optional Z or offset; no offset means UTC).</summary>
        public static bool TryParseIso(string? text, out DateTimeOffset value)
        {
            value = default;
            if (text == null)
            {
                return false;
            }

            var match = Iso.Match(text.Trim());
            if (!match.Success)
            {
                return false;
            }

            var time = match.Groups["time"].Success ? match.Groups["time"].Value : "00:00:00";
            if (time.Length == 5)
            {
                time += ":00";
            }

            var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : "0";
            fraction = fraction.Length > 7 ? fraction.Substring(0, 7) : fraction.PadRight(7, '0');
            var zone = match.Groups["zone"].Success ? match.Groups["zone"].Value : "Z";
            if (zone == "z" || zone == "Z")
            {
                zone = "+00:00";
            }
            else if (zone.Length == 3)
            {
                zone += ":00";
            }
            else if (zone.Length == 5)
            {
                zone = zone.Substring(0, 3) + ":" + zone.Substring(3);
            }

            var normalized = $"{match.Groups["date"].Value}T{time}.{fraction}{zone}";
            return DateTimeOffset.TryParseExact(normalized, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        }

        /// <summary>Parses a stored event timestamp: ISO 8601 first, then anything .NET reads as a date (as UTC).</summary>
        public static DateTimeOffset? ParseStored(string? text)
        {
            // The form Mayros (JavaScript's toISOString) writes, read without the general parser.
            if (text != null && text.Length == 24 && text[23] == 'Z'
                && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var fast))
            {
                return fast;
            }

            if (TryParseIso(text, out var value))
            {
                return value;
            }

            if (!string.IsNullOrWhiteSpace(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            {
                return value;
            }

            return null;
        }

        /// <summary>
        /// Formats like JavaScript's toISOString (UTC, milliseconds, "Z"), which is how Mayros writes timestamps;
        /// finer precision is kept when there is any.
        /// </summary>
        public static string Format(DateTimeOffset value)
        {
            var utc = value.ToUniversalTime();
            var format = utc.Ticks % TimeSpan.TicksPerMillisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
            return utc.ToString(format, CultureInfo.InvariantCulture);
        }
    }
}
