using System;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Where the client reports what it does. It is called on the thread that called the client, so a cmdlet can
    /// forward it straight to WriteVerbose and WriteDebug.
    /// </summary>
    public interface ICortexLog
    {
        /// <summary>Whether debug records are wanted (building them costs a little, so the client asks first).</summary>
        bool IsDebugEnabled { get; }

        /// <summary>One line per call after the response: "POST /api/v1/query -> 200 OK (3 ms, 412 matches)".</summary>
        void Verbose(string message);

        /// <summary>Redacted headers and the start of bodies.</summary>
        void Debug(string message);

        /// <summary>
        /// A wait for Cortex's rate limit of over a second, reported each second while it lasts (<paramref name="left"/>
        /// counts down to zero, which ends it), so a command that sits still says why.
        /// </summary>
        void RateLimitWait(Uri server, TimeSpan left, TimeSpan total);
    }

    /// <summary>A log that drops everything.</summary>
    public sealed class NullCortexLog : ICortexLog
    {
        /// <summary>The one silent log.</summary>
        public static readonly NullCortexLog Instance = new NullCortexLog();

        /// <summary>Always false: nothing is written.</summary>
        public bool IsDebugEnabled => false;

        /// <summary>Drops the line.</summary>
        public void Verbose(string message)
        {
        }

        /// <summary>Drops the record.</summary>
        public void Debug(string message)
        {
        }

        /// <summary>Drops the wait.</summary>
        public void RateLimitWait(Uri server, TimeSpan left, TimeSpan total)
        {
        }
    }
}
