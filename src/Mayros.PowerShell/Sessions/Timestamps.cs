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
            // The form Mayros (JavaScript's toISOString) writes, read digit by digit: a session of 100,000 events
            // sorts by these, and the general parsers cost several times more.
            if (TryParseJavaScript(text, out var fast))
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

        /// <summary>Exactly "yyyy-MM-ddTHH:mm:ss.fffZ" with a real date and time; anything else is left to the general parsers.</summary>
        internal static bool TryParseJavaScript(string? text, out DateTimeOffset value)
        {
            value = default;
            if (text == null || text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
                || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
            {
                return false;
            }

            int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
            int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2), millisecond = Digits(text, 20, 3);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0)
            {
                return false;
            }

            value = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
            return true;
        }

        /// <summary>The number in text[start..start+count) when every character is an ASCII digit; -1 otherwise.</summary>
        private static int Digits(string text, int start, int count)
        {
            var number = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return -1;
                }

                number = (number * 10) + digit;
            }

            return number;
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
