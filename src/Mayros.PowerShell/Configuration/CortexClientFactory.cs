using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>How patient a client is: a command's (retries, 429s waited out) or a completer's (one try, two seconds).</summary>
    internal enum ClientPatience
    {
        Command,
        Completion,

        /// <summary>
        /// A read-only command's patience, kept to the node given: it never asks which node leads, so it reads what that
        /// very node holds (Export-MayrosSession -StayOnNode: sessions a former leader kept to itself).
        /// </summary>
        CommandOnThisNode,
    }

    /// <summary>
    /// The one place the module builds its Cortex client: the transport (one per Cortex address, timeout and patience,
    /// kept for the life of the process so that successive commands reuse keep-alive connections; it holds no token),
    /// the User-Agent, the retry pause, and the per-call client with its log, token and cancellation.
    /// </summary>
    internal static class CortexClientFactory
    {
        /// <summary>The first pause between retries, in milliseconds (it doubles each time); tests and impatient runbooks shorten it.</summary>
        public const string RetryDelayVariable = "MAYROS_RETRY_DELAY_MS";

        /// <summary>How long a completer waits for Cortex.</summary>
        public static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(2);

        private static readonly ConcurrentDictionary<string, CortexTransport> Transports = new ConcurrentDictionary<string, CortexTransport>(StringComparer.OrdinalIgnoreCase);
        private static string? _userAgent;

        /// <summary>"Mayros.PowerShell/0.1.0 PowerShell/7.6.10", set by the first command of the process.</summary>
        public static string UserAgent => _userAgent ?? "Mayros.PowerShell/" + ModuleVersion;

        internal static string ModuleVersion => typeof(CortexClientFactory).Assembly.GetName().Version?.ToString() ?? "0.0.0";

        /// <summary>Records the PowerShell version for the User-Agent, once per process.</summary>
        public static void Identify(string powerShellVersion) =>
            Interlocked.CompareExchange(ref _userAgent, $"Mayros.PowerShell/{ModuleVersion} PowerShell/{powerShellVersion}", null);

        /// <summary>
        /// A client for one command (or one completion) on the given connection. A command that writes asks which node
        /// leads before its first request, and refuses to write when no node knows.
        /// </summary>
        public static ICortexApi Create(ResolvedConnection connection, ICortexLog? log, CancellationToken cancellation, ClientPatience patience = ClientPatience.Command,
            bool writes = false) =>
            new CortexApi(Transport(connection, patience, ProcessEnvironment.Instance), log, connection.RevealToken, writes && patience != ClientPatience.CommandOnThisNode,
                cancellation);

        /// <summary>The shared transport for a connection: created on first use with the options below.</summary>
        internal static CortexTransport Transport(ResolvedConnection connection, ClientPatience patience, IEnvironment environment)
        {
            var options = Options(connection, patience, environment);
            var key = string.Join(",", options.Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority)))
                + "|" + options.Timeout.Ticks.ToString(CultureInfo.InvariantCulture)
                + "|" + options.RetryDelay.Ticks.ToString(CultureInfo.InvariantCulture)
                + "|" + patience;
            return Transports.GetOrAdd(key, _ => new CortexTransport(options));
        }

        internal static CortexClientOptions Options(ResolvedConnection connection, ClientPatience patience, IEnvironment environment)
        {
            var options = new CortexClientOptions(connection.Endpoints) { Timeout = connection.Timeout, UserAgent = UserAgent };
            if (int.TryParse(environment.Get(RetryDelayVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds <= 60_000)
            {
                options.RetryDelay = TimeSpan.FromMilliseconds(milliseconds);
            }

            if (patience == ClientPatience.Completion)
            {
                options.Timeout = CompletionTimeout;
                options.MaxAttempts = 1;
                options.MaxRateLimitWait = TimeSpan.Zero;
                options.FindLeaderForReads = false;
            }

            if (patience == ClientPatience.CommandOnThisNode)
            {
                options.FindLeaderForReads = false;
            }

            return options;
        }
    }
}
