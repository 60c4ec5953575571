using System;
using System.Globalization;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>How messages say counts and durations: "1 event", "12 events", "about 3 hours 5 minutes".</summary>
    internal static class Wording
    {
        /// <summary>"1 event", "12 events".</summary>
        public static string Count(long n, string what) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

        /// <summary>"about 12 minutes", "about 3 hours 5 minutes", "under a minute".</summary>
        public static string Duration(TimeSpan time)
        {
            if (time < TimeSpan.FromMinutes(1))
            {
                return time < TimeSpan.FromSeconds(1) ? "under a second" : $"about {Math.Ceiling(time.TotalSeconds):0} seconds";
            }

            // Rounded up to whole minutes first, so 59.5 minutes is "about 1 hour", never "60 minutes".
            var total = (long)Math.Ceiling(time.TotalMinutes);
            if (total < 60)
            {
                return "about " + Count(total, "minute");
            }

            var minutes = total % 60;
            return "about " + Count(total / 60, "hour") + (minutes > 0 ? " " + Count(minutes, "minute") : string.Empty);
        }
    }
}
