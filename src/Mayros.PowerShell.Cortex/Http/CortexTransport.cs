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

        public CortexTransport(CortexClientOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
        }

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

        /// <summary>Moves to the next configured endpoint (after a refused or dropped connection, or "Not leader").</summary>
        internal void Rotate(Uri failed)
        {
            lock (_gate)
            {
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
            }
        }

        internal RestClient ClientFor(Uri server)
        {
            var key = server.GetLeftPart(UriPartial.Authority);
            lock (_gate)
            {
                if (!_clients.TryGetValue(key, out var client))
                {
                    client = new RestClient(new RestClientOptions(key)
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
                    });
                    _clients[key] = client;
                }

                return client;
            }
        }

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
