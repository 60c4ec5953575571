using System;
using System.Collections.Generic;
using System.Linq;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>How the client reaches Cortex and how patient it is.</summary>
    public sealed class CortexClientOptions
    {
        /// <summary>Cortex's request body limit (1 MiB), which no flag changes.</summary>
        public const int CortexMaxBodyBytes = 1024 * 1024;

        /// <summary>Options for the given nodes, in order of preference; at least one.</summary>
        public CortexClientOptions(IEnumerable<Uri> endpoints)
        {
            Endpoints = endpoints?.ToArray() ?? throw new ArgumentNullException(nameof(endpoints));
            if (Endpoints.Count == 0)
            {
                throw new ArgumentException("At least one Cortex endpoint is needed.", nameof(endpoints));
            }
        }

        /// <summary>The Cortex nodes to use, in order of preference (one for a standalone Cortex; several for a cluster).</summary>
        public IReadOnlyList<Uri> Endpoints { get; }

        /// <summary>How long one request may take before it counts as timed out.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// How long leader discovery waits for a node's GET /api/v1/cluster/status (at most <see cref="Timeout"/>). The
        /// nodes are asked at once, so a node that stalls costs this, not the request timeout for each node.
        /// </summary>
        public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The User-Agent header: "Mayros.PowerShell/&lt;version&gt; PowerShell/&lt;version&gt;".</summary>
        public string UserAgent { get; set; } = "Mayros.PowerShell";

        /// <summary>
        /// Whether reads first ask which node leads (once per transport, and after a failure). A completer does not:
        /// any node's answer will do for a suggestion. Commands that write always ask.
        /// </summary>
        public bool FindLeaderForReads { get; set; } = true;

        /// <summary>Attempts per request for failures a retry can fix (timeouts, dropped connections, 5xx, "Not leader").</summary>
        public int MaxAttempts { get; set; } = 4;

        /// <summary>The first back-off between attempts; it doubles each time.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>The longest the client waits out 429s (per Retry-After) for one request before giving up.</summary>
        public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(3);

        /// <summary>Cortex's request body limit; writes are split into requests under it.</summary>
        public int MaxBodyBytes { get; set; } = CortexMaxBodyBytes;

        /// <summary>
        /// The largest answer the client reads (1 GiB: every event of a namespace of about two million events). A larger
        /// one is refused as not Cortex's, rather than read until memory runs out.
        /// </summary>
        public long MaxResponseBytes { get; set; } = 1L << 30;

        /// <summary>
        /// The largest listing the client reads (64 GiB). Listings are read as they arrive, so this is not about memory:
        /// it stops a server that never ends its answer.
        /// </summary>
        public long MaxListingBytes { get; set; } = 64L << 30;
    }
}
