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
    /// middle of an election, moves on to the next one, for a few rounds with back-off.
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

        public void Find()
        {
            var options = _transport.Options;
            var problems = new List<string>();
            for (var round = 1; round <= options.MaxAttempts; round++)
            {
                for (var i = 0; i < options.Endpoints.Count; i++)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    var endpoint = _transport.EndpointAt(i);
                    if (Ask(endpoint) is string problem)
                    {
                        problems.Add(problem);
                        continue;
                    }

                    return;
                }

                if (round < options.MaxAttempts)
                {
                    Wait(AnswerClassifier.Backoff(options, round));
                }
            }

            throw new CortexUnreachableException(NoLeaderMessage(options, problems), options.Endpoints[0], null);
        }

        /// <summary>Asks one node; null when it settled where requests go, else what was wrong with its answer.</summary>
        private string? Ask(Uri endpoint)
        {
            var authority = AnswerClassifier.Authority(endpoint);
            var attempt = _exchange.Send(endpoint, "GET", StatusPath, "GET " + StatusPath, null);
            if (attempt.Kind != AttemptKind.Answered)
            {
                var reason = attempt.Kind == AttemptKind.TimedOut ? "no answer in time" : attempt.NetworkReason ?? "no usable answer";
                _log.Note($"GET {StatusPath} -> no response from {authority}: {reason}");
                return $"{authority}: {reason}";
            }

            _log.Note($"GET {StatusPath} -> {attempt.Status} {attempt.Reason} from {authority} ({attempt.Milliseconds} ms)");
            if (attempt.Status != 200)
            {
                return $"{authority}: {attempt.Status}";
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
                return $"{authority}: not Cortex's cluster status";
            }

            if (string.Equals(role, "standalone", StringComparison.OrdinalIgnoreCase))
            {
                _log.Note($"Cortex at {authority} is standalone; using it.");
                _transport.ClusterFound(null, endpoint);
                return null;
            }

            if (leader == null)
            {
                return $"{authority}: {role ?? "a node"} with no leader known";
            }

            var leaderUri = LeaderUri(leader, endpoint);
            _log.Note($"Cortex cluster: {authority} is a {role}; the leader is {AnswerClassifier.Authority(leaderUri)}. "
                + "Reads and writes go to the leader, since Cortex replicates neither batch nor event writes.");
            _transport.ClusterFound(leaderUri, endpoint);
            return null;
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
            $"No leader was found among the Cortex nodes {string.Join(", ", options.Endpoints.Select(AnswerClassifier.Authority))} ({string.Join("; ", problems)}).";

        private void Wait(TimeSpan delay)
        {
            if (delay > TimeSpan.Zero && _cancellation.WaitHandle.WaitOne(delay))
            {
                _cancellation.ThrowIfCancellationRequested();
            }
        }
    }
}
