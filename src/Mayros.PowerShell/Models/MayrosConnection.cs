using System;
using System.Collections.Generic;
using System.Linq;

namespace Mayros.PowerShell.Models
{
    /// <summary>
    /// A checked connection to Cortex, from Connect-MayrosCortex. It says where and whether a token is set, never the
    /// token itself (the module keeps that apart, for this process only). Pass it to -Connection to use it in
    /// another runspace, such as ForEach-Object -Parallel.
    /// </summary>
    public sealed class MayrosConnection
    {
        internal MayrosConnection(Guid connectionId, IReadOnlyList<Uri> endpoints, string @namespace, bool hasToken, int timeoutSec, string status, DateTimeOffset connectedAt,
            bool carried = false)
        {
            Carried = carried;
            ConnectionId = connectionId;
            Endpoints = endpoints.ToArray();
            Namespace = @namespace;
            HasToken = hasToken;
            TimeoutSec = timeoutSec;
            Status = status;
            ConnectedAt = connectedAt;
        }

        /// <summary>Identifies the connection in this process, from any runspace, until it is disconnected.</summary>
        public Guid ConnectionId { get; }

        /// <summary>The first (preferred) Cortex node.</summary>
        public Uri Endpoint => Endpoints[0];

        /// <summary>Every Cortex node of the connection (several for a cluster).</summary>
        public Uri[] Endpoints { get; }

        /// <summary>The agent namespace of the triples the commands read and write.</summary>
        public string Namespace { get; }

        /// <summary>Whether a token is sent; the token itself is never shown.</summary>
        public bool HasToken { get; }

        /// <summary>Seconds one request may take.</summary>
        public int TimeoutSec { get; }

        /// <summary>Cortex's health when the connection was checked ("healthy").</summary>
        public string Status { get; }

        /// <summary>When Connect-MayrosCortex checked Cortex and made the connection (UTC).</summary>
        public DateTimeOffset ConnectedAt { get; }

        /// <summary>
        /// Whether this copy came from another process (Start-Job, Invoke-Command), rebuilt from its deserialized
        /// properties: it knows where Cortex is, but not the token, which never leaves the process that holds it.
        /// </summary>
        internal bool Carried { get; }

        /// <summary>The preferred node's scheme, host and port, such as http://127.0.0.1:8080.</summary>
        public override string ToString() => Endpoint.GetLeftPart(UriPartial.Authority);
    }
}
