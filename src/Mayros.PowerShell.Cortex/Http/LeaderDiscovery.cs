using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Finds the node that leads: asks the configured endpoints at once for GET /api/v1/cluster/status, each within a
    /// short discovery timeout, until one names the leader (or says it is standalone), and tells the transport. An endpoint that is down, or a cluster in the
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
        /// <returns>The node found to use (the leader, or the standalone node that answered).</returns>
        public Uri Find(bool mustKnow)
        {
            var options = _transport.Options;
            var problems = new List<string>();
            var answered = false;
            var connected = false;
            var rounds = mustKnow ? options.MaxAttempts : 1; // a read from one node asks once, then reads there
            var timeout = options.DiscoveryTimeout < options.Timeout ? options.DiscoveryTimeout : options.Timeout;
            for (var round = 1; round <= rounds; round++)
            {
                var results = AskRound(timeout);
                foreach (var result in results)
                {
                    answered |= result.Answered;
                    connected |= result.Dropped;
                    if (result.Problem != null)
                    {
                        problems.Add(result.Problem);
                    }
                }

                if (Settle(results) is { } found)
                {
                    return found;
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
                return options.Endpoints[0];
            }

            if (answered)
            {
                throw new CortexLeaderUnknownException(NoLeaderMessage(options, problems), options.Endpoints[0]);
            }

            throw new CortexUnreachableException(NoLeaderMessage(options, problems), options.Endpoints[0], null, connected);
        }

        /// <summary>
        /// One round of asking, for a command that keeps to the leader it found and was told "Not leader" there (or
        /// could not reach it): the node that leads now, told to the transport, or null while no node knows one (the
        /// caller then stays where it was; it never falls back to the first node given, which may be a follower).
        /// </summary>
        public Uri? FindAgain() => Settle(AskRound(_transport.Options.DiscoveryTimeout < _transport.Options.Timeout
            ? _transport.Options.DiscoveryTimeout : _transport.Options.Timeout));

        private List<Probe> AskRound(TimeSpan timeout)
        {
            _cancellation.ThrowIfCancellationRequested();
            return AskAll(_transport.Options.Endpoints, timeout);
        }

        /// <summary>The node the first settling answer says to use (the leader, or a standalone node), told to the transport.</summary>
        private Uri? Settle(List<Probe> results)
        {
            var found = results.FirstOrDefault(r => r.Settles);
            if (found == null)
            {
                return null;
            }

            _transport.ClusterFound(found.Leader, found.Endpoint);
            return found.Leader ?? found.Endpoint;
        }

        /// <summary>
        /// Asks every node at once, each within the discovery timeout, and returns what settled it: the first node in
        /// the order given that answered usefully (so that of several standalone nodes the first is used, as given),
        /// or sooner any node that named the cluster's leader, which every node of a cluster would name alike. A node
        /// that stalls costs the discovery timeout once, not the request timeout per node. What the probes logged is
        /// written here, on the caller's thread, in the order of the nodes.
        /// </summary>
        private List<Probe> AskAll(IReadOnlyList<Uri> endpoints, TimeSpan timeout)
        {
            if (endpoints.Count == 1)
            {
                return new List<Probe> { Ask(endpoints[0], _exchange, _log, timeout) };
            }

            var logs = endpoints.Select(_ => _log.Buffered()).ToList();
            var tasks = endpoints.Select((endpoint, i) => Task.Run(() => Ask(endpoint, _exchange.WithLog(logs[i]), logs[i], timeout))).ToList();
            var chosen = Decide(tasks);
            while (chosen < 0 && !tasks.All(t => t.IsCompleted))
            {
                try
                {
                    Task.WaitAny(tasks.Where(t => !t.IsCompleted).Cast<Task>().ToArray(), _cancellation);
                }
                catch (OperationCanceledException)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    throw;
                }

                chosen = Decide(tasks);
            }

            // The chosen answer first (Find uses the first that settles), then what else was heard, logged in node order.
            var heard = new List<Probe>();
            for (var i = 0; i < tasks.Count; i++)
            {
                if (!tasks[i].IsCompleted)
                {
                    _log.Note($"GET {StatusPath} -> {AnswerClassifier.Authority(endpoints[i])} had not answered; not waited for.");
                    continue;
                }

                _log.Replay(logs[i]);
                var probe = tasks[i].GetAwaiter().GetResult();
                if (i == chosen)
                {
                    heard.Insert(0, probe);
                }
                else if (!probe.Settles)
                {
                    heard.Add(probe);
                }
            }

            return heard;
        }

        /// <summary>
        /// The probe that settles it, or -1 while none does yet: the first in node order that answered usefully (every
        /// earlier one having failed), or sooner any that named a leader.
        /// </summary>
        private static int Decide(List<Task<Probe>> tasks)
        {
            for (var i = 0; i < tasks.Count && tasks[i].IsCompleted; i++)
            {
                if (tasks[i].Status == TaskStatus.RanToCompletion && tasks[i].Result.Settles)
                {
                    return i;
                }
            }

            return tasks.FindIndex(t => t.Status == TaskStatus.RanToCompletion && t.Result.Leader != null);
        }

        /// <summary>
        /// Asks one node, within <paramref name="timeout"/>: whether that settles where requests go (a leader named, or a
        /// standalone node); whether the node answered at all; whether it took the connection and dropped it.
        /// </summary>
        private static Probe Ask(Uri endpoint, HttpExchange exchange, WireLog log, TimeSpan timeout)
        {
            var authority = AnswerClassifier.Authority(endpoint);
            var attempt = exchange.Send(endpoint, "GET", StatusPath, "GET " + StatusPath, null, timeout: timeout);
            if (attempt.Kind != AttemptKind.Answered)
            {
                var reason = attempt.Kind == AttemptKind.TimedOut ? $"no answer within {timeout.TotalSeconds:0.#} s" : attempt.NetworkReason ?? "no usable answer";
                log.Note($"GET {StatusPath} -> no response from {authority}: {reason}");
                return Probe.Failed(endpoint, $"{authority}: {reason}", answered: false, dropped: attempt.Kind == AttemptKind.NoResponse && !attempt.NeverSent);
            }

            log.Note($"GET {StatusPath} -> {attempt.Status} {attempt.Reason} from {authority} ({attempt.Milliseconds} ms)");
            if (attempt.Status == 404)
            {
                // A build without the cluster routes cannot be part of a cluster: it is a standalone node.
                log.Note($"Cortex at {authority} has no cluster status route; using it as a standalone node.");
                return Probe.Found(endpoint, null);
            }

            if (attempt.Status != 200)
            {
                return Probe.Failed(endpoint, $"{authority}: {attempt.Status}", answered: true, dropped: false);
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
                return Probe.Failed(endpoint, $"{authority}: not Cortex's cluster status", answered: true, dropped: false);
            }

            if (string.Equals(role, "standalone", StringComparison.OrdinalIgnoreCase))
            {
                log.Note($"Cortex at {authority} is standalone; using it.");
                return Probe.Found(endpoint, null);
            }

            if (leader == null)
            {
                return Probe.Failed(endpoint, $"{authority}: {role ?? "a node"} with no leader known", answered: true, dropped: false);
            }

            var leaderUri = LeaderUri(leader, endpoint);
            log.Note($"Cortex cluster: {authority} is a {role}; the leader is {AnswerClassifier.Authority(leaderUri)}. "
                + "Reads and writes go to the leader, since Cortex replicates neither batch nor event writes.");
            return Probe.Found(endpoint, leaderUri);
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

        /// <summary>What asking one node found.</summary>
        private sealed class Probe
        {
            private Probe(Uri endpoint, bool settles, Uri? leader, string? problem, bool answered, bool dropped)
            {
                Endpoint = endpoint;
                Settles = settles;
                Leader = leader;
                Problem = problem;
                Answered = answered;
                Dropped = dropped;
            }

            public Uri Endpoint { get; }

            /// <summary>Whether this answer says where requests go: to <see cref="Leader"/>, or (null) to this standalone node.</summary>
            public bool Settles { get; }

            public Uri? Leader { get; }

            public string? Problem { get; }

            public bool Answered { get; }

            public bool Dropped { get; }

            public static Probe Found(Uri endpoint, Uri? leader) => new Probe(endpoint, true, leader, null, true, false);

            public static Probe Failed(Uri endpoint, string problem, bool answered, bool dropped) => new Probe(endpoint, false, null, problem, answered, dropped);
        }
    }
}
