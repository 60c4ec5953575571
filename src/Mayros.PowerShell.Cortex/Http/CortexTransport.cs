using System;
using System.Collections.Generic;
using RestSharp;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// The long-lived half of the client: one RestClient per Cortex node (keep-alive across cmdlet calls), and which
    /// node is in use. Thread-safe; shared by every call on the same connection.
    /// </summary>
    public sealed class CortexTransport : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, RestClient> _clients = new Dictionary<string, RestClient>(StringComparer.OrdinalIgnoreCase);
        private int _current;
        private Uri? _leader;
        private bool _clusterKnown;

        /// <summary>A transport for the nodes and patience the options give; clients are made on first use.</summary>
        public CortexTransport(CortexClientOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
        }

        /// <summary>The nodes and patience this transport was made with.</summary>
        public CortexClientOptions Options { get; }

        /// <summary>The node requests go to now: a leader learnt from a 307, else the current endpoint.</summary>
        public Uri Current
        {
            get
            {
                lock (_gate)
                {
                    return _leader ?? Options.Endpoints[_current];
                }
            }
        }

        /// <summary>
        /// Whether the node to use is still to be found: before the first request of the process to this Cortex, and
        /// again after a failure. Cortex replicates neither batch nor event writes, so a session lives on the leader,
        /// and reads follow it there even when the one address given is a follower's (a load balancer, a stale name).
        /// </summary>
        internal bool NeedsClusterCheck
        {
            get
            {
                lock (_gate)
                {
                    return Options.FindLeaderForReads && !_clusterKnown;
                }
            }
        }

        /// <summary>The endpoint to try next when looking for the leader.</summary>
        internal Uri EndpointAt(int index) => Options.Endpoints[index % Options.Endpoints.Count];

        /// <summary>Records what a cluster check found: the leader to use, or a standalone node (null).</summary>
        internal void ClusterFound(Uri? leader, Uri answeredBy)
        {
            lock (_gate)
            {
                _leader = leader;
                _clusterKnown = true;
                for (var i = 0; i < Options.Endpoints.Count; i++)
                {
                    if (Uri.Compare(Options.Endpoints[i], answeredBy, UriComponents.HostAndPort, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        _current = i;
                    }
                }
            }
        }

        /// <summary>Moves to the next configured endpoint (after a refused or dropped connection, or "Not leader").</summary>
        internal void Rotate(Uri failed)
        {
            lock (_gate)
            {
                // Whatever failed, the cluster may have changed: look for the leader again before the next request.
                _clusterKnown = false;
                if (_leader != null && Uri.Compare(_leader, failed, UriComponents.HostAndPort, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    _leader = null;
                    return;
                }

                _current = (_current + 1) % Options.Endpoints.Count;
            }
        }

        /// <summary>Sends writes to the leader a follower named in its 307 (host and port only).</summary>
        internal void UseLeader(Uri leader)
        {
            lock (_gate)
            {
                _leader = leader;
                _clusterKnown = true;
            }
        }

        internal RestClient ClientFor(Uri server)
        {
            var key = server.GetLeftPart(UriPartial.Authority);
            lock (_gate)
            {
                if (!_clients.TryGetValue(key, out var client))
                {
                    // Our own HttpClient, for the cap on answer size; RestSharp's per-request timeout does the timing.
                    var http = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { AllowAutoRedirect = false })
                    {
                        MaxResponseContentBufferSize = Options.MaxResponseBytes,
                        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
                    };
                    client = new RestClient(http, new RestClientOptions(key)
                    {
                        FollowRedirects = false, // a follower's 307 names only host:port; the path is re-attached here
                        ThrowOnAnyError = false,
                        ThrowOnDeserializationError = false,

                        // Any HTTP answer is an answer: the client reads 4xx and 5xx itself. Only the absence of one
                        // (refused, reset, timed out) is a transport failure.
                        CalculateResponseStatus = _ => ResponseStatus.Completed,
                        SetErrorExceptionOnUnsuccessfulStatusCode = false,
                        Timeout = Options.Timeout,
                        UserAgent = Options.UserAgent,
                    }, disposeHttpClient: true);
                    _clients[key] = client;
                }

                return client;
            }
        }

        /// <summary>Closes every node's pooled connections.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var client in _clients.Values)
                {
                    client.Dispose();
                }

                _clients.Clear();
            }
        }
    }
}
