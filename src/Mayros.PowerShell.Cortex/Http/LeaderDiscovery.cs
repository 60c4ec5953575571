using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Finds the node that leads: asks the configured endpoints in turn for GET /api/v1/cluster/status until one names
    /// the leader (or says it is standalone), and tells the transport. An endpoint that is down, or a cluster in the
    /// middle of an election, moves on to the next one, for a few rounds with back-off. When the leader must be known
    /// (a command that writes, or several nodes given) and nodes answer but none knows a leader, that is
    /// CortexLeaderUnknown; when none answers at all, CortexUnreachable. A read-only command given one node uses that
    /// node when it cannot tell.
    /// </summary>
    internal sealed class LeaderDiscovery
    {
        public const string StatusPath = "/api/v1/cluster/status";

        private readonly CortexTransport _transport;
        private readonly HttpExchange _exchange;
        private readonly WireLog _log;
        private readonly CancellationToken _cancellation;

        public LeaderDiscovery(CortexTransport transport, HttpExchange exchange, WireLog log, CancellationToken cancellation)
        {
            _transport = transport;
            _exchange = exchange;
            _log = log;
            _cancellation = cancellation;
        }

        /// <param name="mustKnow">Fail when the leader cannot be found, rather than use the first node given.</param>
        public void Find(bool mustKnow)
        {
            var options = _transport.Options;
            var problems = new List<string>();
            var answered = false;
            var connected = false;
            var rounds = mustKnow ? options.MaxAttempts : 1; // a read from one node asks once, then reads there
            for (var round = 1; round <= rounds; round++)
            {
                for (var i = 0; i < options.Endpoints.Count; i++)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    var endpoint = _transport.EndpointAt(i);
                    var (problem, reached, dropped) = Ask(endpoint);
                    answered |= reached;
                    connected |= dropped;
                    if (problem != null)
                    {
                        problems.Add(problem);
                        continue;
                    }

                    return;
                }

                if (round < rounds)
                {
                    Wait(AnswerClassifier.Backoff(options, round));
                }
            }

            if (!mustKnow)
            {
                _log.Note($"Could not tell which Cortex node leads ({string.Join("; ", problems.Distinct())}); reading from {AnswerClassifier.Authority(options.Endpoints[0])}.");
                _transport.ClusterFound(null, options.Endpoints[0]);
                return;
            }

            if (answered)
            {
                throw new CortexLeaderUnknownException(NoLeaderMessage(options, problems), options.Endpoints[0]);
            }

            throw new CortexUnreachableException(NoLeaderMessage(options, problems), options.Endpoints[0], null, connected);
        }

        /// <summary>
        /// Asks one node: a null problem when that settled where requests go; whether the node answered at all; whether
        /// it took the connection and dropped it without an answer.
        /// </summary>
        private (string? Problem, bool Answered, bool Dropped) Ask(Uri endpoint)
        {
            var authority = AnswerClassifier.Authority(endpoint);
            var attempt = _exchange.Send(endpoint, "GET", StatusPath, "GET " + StatusPath, null);
            if (attempt.Kind != AttemptKind.Answered)
            {
                var reason = attempt.Kind == AttemptKind.TimedOut ? "no answer in time" : attempt.NetworkReason ?? "no usable answer";
                _log.Note($"GET {StatusPath} -> no response from {authority}: {reason}");
                return ($"{authority}: {reason}", false, attempt.Kind == AttemptKind.NoResponse && !attempt.NeverSent);
            }

            _log.Note($"GET {StatusPath} -> {attempt.Status} {attempt.Reason} from {authority} ({attempt.Milliseconds} ms)");
            if (attempt.Status == 404)
            {
                // A build without the cluster routes cannot be part of a cluster: it is a standalone node.
                _log.Note($"Cortex at {authority} has no cluster status route; using it as a standalone node.");
                _transport.ClusterFound(null, endpoint);
                return (null, true, false);
            }

            if (attempt.Status != 200)
            {
                return ($"{authority}: {attempt.Status}", true, false);
            }

            string? role;
            string? leader;
            try
            {
                using var document = JsonDocument.Parse(attempt.Body);
                var root = document.RootElement;
                role = StringProperty(root, "role");
                leader = StringProperty(root, "leader_addr");
            }
            catch (JsonException)
            {
                return ($"{authority}: not Cortex's cluster status", true, false);
            }

            if (string.Equals(role, "standalone", StringComparison.OrdinalIgnoreCase))
            {
                _log.Note($"Cortex at {authority} is standalone; using it.");
                _transport.ClusterFound(null, endpoint);
                return (null, true, false);
            }

            if (leader == null)
            {
                return ($"{authority}: {role ?? "a node"} with no leader known", true, false);
            }

            var leaderUri = LeaderUri(leader, endpoint);
            _log.Note($"Cortex cluster: {authority} is a {role}; the leader is {AnswerClassifier.Authority(leaderUri)}. "
                + "Reads and writes go to the leader, since Cortex replicates neither batch nor event writes.");
            _transport.ClusterFound(leaderUri, endpoint);
            return (null, true, false);
        }

        /// <summary>The leader's address as the cluster gives it (host:port); a wildcard bind address means the node asked's host.</summary>
        private static Uri LeaderUri(string address, Uri askedNode)
        {
            var uri = new Uri("http://" + address);
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? askedNode.Host : uri.Host;
            return new UriBuilder(askedNode.Scheme, host, uri.Port).Uri;
        }

        private static string? StringProperty(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string NoLeaderMessage(CortexClientOptions options, List<string> problems) =>
            $"No leader was found among the Cortex nodes {string.Join(", ", options.Endpoints.Select(AnswerClassifier.Authority))} ({string.Join("; ", problems.Distinct())}).";

        private void Wait(TimeSpan delay)
        {
            if (delay > TimeSpan.Zero && _cancellation.WaitHandle.WaitOne(delay))
            {
                _cancellation.ThrowIfCancellationRequested();
            }
        }
    }
}
