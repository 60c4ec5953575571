using System;
using System.Threading;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Sends one request until it has an answer to accept or a reason to give up: an exchange, then the classifier's
    /// step (accept, retry, follow the leader, wait out a 429, fail), then the next exchange. The loop only carries
    /// the steps out; what each answer means is decided in <see cref="AnswerClassifier"/>.
    /// </summary>
    internal sealed class RequestLoop
    {
        private readonly CortexTransport _transport;
        private readonly HttpExchange _exchange;
        private readonly LeaderDiscovery _leader;
        private readonly WireLog _log;
        private readonly CancellationToken _cancellation;
        private readonly bool _staysOnLeader;
        private bool _askLeader;

        // The node a command that writes found and keeps to. Not the transport's current node: the transport is
        // shared by every connection to the same nodes in the process, and another command's failure moves it.
        private Uri? _pinned;

        /// <summary>
        /// A loop for one caller. With <paramref name="findLeaderFirst"/> it asks which node leads before the first
        /// request, whatever the endpoints (a command that writes: Cortex keeps batch and event writes on the node that
        /// receives them, so they must reach the leader, and the reads that plan them must see what the leader holds).
        /// </summary>
        public RequestLoop(CortexTransport transport, HttpExchange exchange, LeaderDiscovery leader, WireLog log, bool findLeaderFirst, CancellationToken cancellation)
        {
            _transport = transport;
            _exchange = exchange;
            _leader = leader;
            _log = log;
            _askLeader = findLeaderFirst;
            _staysOnLeader = findLeaderFirst;
            _cancellation = cancellation;
        }

        /// <summary>Sends until an answer is accepted; with <paramref name="read"/> each answer's body is read as it arrives.</summary>
        public CortexAnswer Send(string method, string path, string? query, ArraySegment<byte>? body, RequestKind kind, Func<System.IO.Stream, object>? read = null)
        {
            // Once per command that writes (the leader must be known); otherwise once per process, and again after a
            // failure, where the leader must be known only when several nodes are given.
            if (_askLeader || (_pinned == null && _transport.NeedsClusterCheck))
            {
                var found = _leader.Find(mustKnow: _askLeader || _transport.Options.Endpoints.Count > 1);
                _pinned = _staysOnLeader ? found : null;
                _askLeader = false;
            }

            var pathAndQuery = path + (query ?? string.Empty);
            var request = new RequestProgress(method, path, method + " " + Redactor.Query(pathAndQuery), kind, _transport.Options);
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                var server = Server;
                var attempt = _exchange.Send(server, method, pathAndQuery, request.Display, body, read);
                var step = AnswerClassifier.Classify(attempt, request);
                if (step.Note != null)
                {
                    _log.Note(step.Note);
                }

                switch (step.Kind)
                {
                    case StepKind.Accept:
                        return new CortexAnswer(attempt, request);
                    case StepKind.Fail:
                        throw step.Failure!;
                    case StepKind.FollowLeader:
                        _transport.UseLeader(step.Leader!);
                        _pinned = _staysOnLeader ? step.Leader : null;
                        break;
                    case StepKind.Retry:
                        Wait(step.Delay);
                        if (step.Rotate)
                        {
                            MoveOn(server);
                        }

                        break;
                    case StepKind.WaitOutRateLimit:
                        WaitOutRateLimit(server, step.Delay);
                        break;
                }

                request = request.After(step);
            }
        }

        /// <summary>The node requests go to now: the one this loop keeps to, else the transport's.</summary>
        public Uri Server => _pinned ?? _transport.Current;

        /// <summary>
        /// After "Not leader" or no connection. A read moves to the next node given. A command that writes never does
        /// (the next node may be a follower, which would keep a batch or event write to itself): it asks the cluster
        /// again which node leads, after an election another one, and keeps to that; while no node knows a leader its
        /// retries go to the node it had, and fail there when the cluster stays without one.
        /// </summary>
        private void MoveOn(Uri failed)
        {
            if (!_staysOnLeader)
            {
                _transport.Rotate(failed);
                return;
            }

            _pinned = _leader.FindAgain() ?? _pinned;
        }

        /// <summary>A wait of over a second goes by in one-second steps, each reported, so the caller can show it.</summary>
        private void WaitOutRateLimit(Uri server, TimeSpan delay)
        {
            if (delay <= TimeSpan.FromSeconds(1))
            {
                Wait(delay);
                return;
            }

            for (var left = delay; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
            {
                _log.RateLimitWait(server, left, delay);
                Wait(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            }

            _log.RateLimitWait(server, TimeSpan.Zero, delay);
        }

        private void Wait(TimeSpan delay)
        {
            if (delay > TimeSpan.Zero && _cancellation.WaitHandle.WaitOne(delay))
            {
                _cancellation.ThrowIfCancellationRequested();
            }
        }
    }
}
