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

        public RequestLoop(CortexTransport transport, HttpExchange exchange, LeaderDiscovery leader, WireLog log, CancellationToken cancellation)
        {
            _transport = transport;
            _exchange = exchange;
            _leader = leader;
            _log = log;
            _cancellation = cancellation;
        }

        public CortexAnswer Send(string method, string path, string? query, byte[]? body, RequestKind kind)
        {
            if (_transport.NeedsClusterCheck)
            {
                _leader.Find();
            }

            var pathAndQuery = path + (query ?? string.Empty);
            var request = new RequestProgress(method, path, method + " " + Redactor.Query(pathAndQuery), kind, _transport.Options);
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                var server = _transport.Current;
                var attempt = _exchange.Send(server, method, pathAndQuery, request.Display, body);
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
                        break;
                    case StepKind.Retry:
                        if (step.Rotate)
                        {
                            _transport.Rotate(server);
                        }

                        Wait(step.Delay);
                        break;
                    case StepKind.WaitOutRateLimit:
                        Wait(step.Delay);
                        break;
                }

                request = request.After(step);
            }
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
