using System;
using System.Collections.Concurrent;
using System.Linq;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>
    /// One transport (and so one HTTP connection pool) per Cortex address and timeout, kept for the life of the
    /// process so that successive commands reuse keep-alive connections. It holds no token.
    /// </summary>
    internal static class TransportCache
    {
        private static readonly ConcurrentDictionary<string, CortexTransport> Transports = new ConcurrentDictionary<string, CortexTransport>(StringComparer.OrdinalIgnoreCase);

        public static string UserAgent { get; set; } = "Mayros.PowerShell/" + typeof(TransportCache).Assembly.GetName().Version;

        public static CortexTransport Get(ResolvedConnection connection, Action<CortexClientOptions>? configure = null)
        {
            var key = string.Join(",", connection.Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority))) + "|" + connection.Timeout.Ticks + (configure == null ? string.Empty : "|custom");
            if (configure != null)
            {
                // Callers with special needs (the completer's short timeout) get a transport of their own.
                var options = new CortexClientOptions(connection.Endpoints) { Timeout = connection.Timeout, UserAgent = UserAgent };
                configure(options);
                return Transports.GetOrAdd(key + options.Timeout.Ticks, _ => new CortexTransport(options));
            }

            return Transports.GetOrAdd(key, _ => new CortexTransport(new CortexClientOptions(connection.Endpoints) { Timeout = connection.Timeout, UserAgent = UserAgent }));
        }
    }
}
