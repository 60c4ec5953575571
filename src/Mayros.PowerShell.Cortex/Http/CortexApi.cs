using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// One caller's view of Cortex: the shared transport plus this caller's log, token and cancellation. All calls
    /// block (the caller is a PowerShell pipeline thread) and log on the calling thread. Each method is one route of
    /// Cortex's REST API; sending, retrying and logging are the <see cref="RequestLoop"/>'s.
    /// </summary>
    public sealed partial class CortexApi : ICortexApi
    {
        private const string NoLimit = "2147483647";
        private static readonly byte[] TriplesPrefix = Encoding.UTF8.GetBytes("{\"triples\":[");

        private readonly CortexTransport _transport;
        private readonly RequestLoop _requests;
        private readonly WireLog _log;
        private readonly WritePlanner _planner;
        private readonly CancellationToken _cancellation;

        /// <param name="transport">The long-lived connection pool for one Cortex (or cluster).</param>
        /// <param name="log">Where -Verbose and -Debug lines go; null drops them.</param>
        /// <param name="token">Returns the bearer token only while a request is built; null or empty sends no header.</param>
        /// <param name="cancellation">Cancels the request in flight and any pause between attempts (Ctrl+C).</param>
        public CortexApi(CortexTransport transport, ICortexLog? log, Func<string?>? token, CancellationToken cancellation)
            : this(transport, log, token, false, cancellation)
        {
        }

        /// <param name="transport">The long-lived connection pool for one Cortex (or cluster).</param>
        /// <param name="log">Where -Verbose and -Debug lines go; null drops them.</param>
        /// <param name="token">Returns the bearer token only while a request is built; null or empty sends no header.</param>
        /// <param name="findLeaderFirst">
        /// Ask GET /api/v1/cluster/status which node leads before the first request, whatever the endpoints, and refuse
        /// (CortexLeaderUnknown) when no node knows: for a command that writes.
        /// </param>
        /// <param name="cancellation">Cancels the request in flight and any pause between attempts (Ctrl+C).</param>
        public CortexApi(CortexTransport transport, ICortexLog? log, Func<string?>? token, bool findLeaderFirst, CancellationToken cancellation)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _log = new WireLog(log, transport.Options.UserAgent);
            var exchange = new HttpExchange(transport, token, _log, cancellation);
            var leader = new LeaderDiscovery(transport, exchange, _log, cancellation);
            _requests = new RequestLoop(transport, exchange, leader, _log, findLeaderFirst, cancellation);
            _planner = new WritePlanner(transport.Options.MaxBodyBytes, () => _requests.Server);
            _cancellation = cancellation;
        }

        /// <inheritdoc />
        public Uri Server => _requests.Server;

        /// <inheritdoc />
        public IReadOnlyList<CortexTriple> ListTriples(string? subject, string? predicate) => ListTriples(subject, predicate, null);

        /// <inheritdoc />
        public IReadOnlyList<CortexTriple> ListTriples(string? subject, string? predicate, Func<CortexTriple, bool>? keep)
        {
            var query = new StringBuilder("?");
            if (subject != null)
            {
                query.Append("subject=").Append(Uri.EscapeDataString(subject)).Append('&');
            }

            if (predicate != null)
            {
                query.Append("predicate=").Append(Uri.EscapeDataString(predicate)).Append('&');
            }

            query.Append("limit=").Append(NoLimit);
            var cap = _transport.Options.MaxListingBytes;
            var answer = _requests.Send("GET", "/api/v1/triples", query.ToString(), null, RequestKind.Read, stream => new TripleListing(ListingReader.Triples(stream, cap, keep)));
            var listing = answer.ReadAs<TripleListing>();
            if (listing.Total > listing.Seen)
            {
                throw answer.Invalid($"it returned {listing.Seen:N0} of {listing.Total:N0} matching triples; the module needs every match in one answer to count exactly");
            }

            _log.Call(answer, keep == null ? $"{listing.Kept.Count:N0} triples" : $"{listing.Kept.Count:N0} of {listing.Seen:N0} triples kept");
            return listing.Kept;
        }

        /// <inheritdoc />
        public long VisitTriples(string? subject, string? predicate, Action<CortexTriple> onTriple)
        {
            long read = 0;
            ListTriples(subject, predicate, t =>
            {
                read++;
                onTriple(t);
                return false;
            });
            return read;
        }

        /// <inheritdoc />
        public CortexEventListing ListEvents(string namespaceName, EventSelection selection, Action<CortexEvent>? onEvent = null)
        {
            var cap = _transport.Options.MaxListingBytes;
            var query = "?namespace=" + Uri.EscapeDataString(namespaceName) + "&limit=" + NoLimit;
            var answer = _requests.Send("GET", "/api/v1/events", query, null, RequestKind.Read, stream => ListingReader.Events(stream, cap, selection, onEvent));
            var listing = answer.ReadAs<CortexEventListing>();
            var kept = listing.Kept + listing.WithoutSession.Count;
            _log.Call(answer, kept == listing.Seen ? $"{listing.Seen:N0} events" : $"{kept:N0} of {listing.Seen:N0} events kept");
            return listing;
        }

        /// <inheritdoc />
        public CortexWritePlan PlanTriples(IReadOnlyList<CortexTripleInput> rows) =>
            _planner.Plan("/api/v1/triples/batch", "triples", TriplesPrefix, rows, JsonText.WriteTriple, row => $"The triple ({row.Subject} {row.Predicate})");

        /// <inheritdoc />
        public CortexWritePlan PlanEvents(string namespaceName, IReadOnlyList<CortexEvent> events) =>
            _planner.Plan("/api/v1/events", "events", JsonText.EventsPrefix(namespaceName), events, JsonText.WriteEvent, e => $"Event '{e.Id}'");

        /// <inheritdoc />
        public CortexWriteResult Write(CortexWritePlan plan, Action<CortexWriteProgress>? progress = null)
        {
            var duplicates = 0;
            var rowsDone = 0;
            var sent = 0;
            foreach (var (body, rows) in plan.Requests())
            {
                var answer = _requests.Send("POST", plan.Path, null, body, RequestKind.IdempotentWrite);
                using (var document = answer.JsonObject())
                {
                    if (plan.What == "triples")
                    {
                        var already = answer.RequireInt(document.RootElement, "duplicates");
                        duplicates += already;
                        _log.Call(answer, $"{rows:N0} rows, {already:N0} already stored");
                    }
                    else
                    {
                        _log.Call(answer, $"{answer.RequireInt(document.RootElement, "stored"):N0} events");
                    }
                }

                rowsDone += rows;
                progress?.Invoke(new CortexWriteProgress(++sent, plan.RequestCount, rowsDone, plan.Rows));
            }

            return new CortexWriteResult(plan.RequestCount, plan.Rows, duplicates);
        }

        /// <inheritdoc />
        public CreateOutcome CreateTriple(CortexTripleInput row)
        {
            var body = JsonText.Write(w => JsonText.WriteTriple(w, row));
            var answer = _requests.Send("POST", "/api/v1/triples", null, new ArraySegment<byte>(body), RequestKind.Create);
            if (answer.Status == 201)
            {
                _log.Call(answer, "created");
                return CreateOutcome.Created;
            }

            _log.Call(answer, "already stored");
            return answer.InDoubt ? CreateOutcome.ExistedAfterUncertainAttempt : CreateOutcome.AlreadyExisted;
        }

        /// <inheritdoc />
        public DeleteOutcome DeleteTriple(string id) => Delete(id).Outcome;

        /// <inheritdoc />
        public CortexDeleteResult DeleteTriples(IReadOnlyList<string> ids, Action<CortexDeleteProgress>? progress = null)
        {
            var pacer = new RatePacer();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var lastStart = TimeSpan.MinValue;
            var notFound = 0;
            var announced = false;
            for (var i = 0; i < ids.Count; i++)
            {
                var wait = lastStart == TimeSpan.MinValue ? TimeSpan.Zero : pacer.WaitBeforeNext(watch.Elapsed - lastStart);
                if (wait > TimeSpan.Zero)
                {
                    if (!announced)
                    {
                        _log.Note($"Cortex allows {pacer.RequestsPerMinute:N0} requests a minute; deleting one every {pacer.Interval.TotalSeconds:0.###} s from here, leaving " +
                            $"{RatePacer.Reserve} of its burst to other clients");
                        announced = true;
                    }

                    if (_cancellation.WaitHandle.WaitOne(wait))
                    {
                        _cancellation.ThrowIfCancellationRequested();
                    }
                }

                _cancellation.ThrowIfCancellationRequested();
                lastStart = watch.Elapsed;
                var (outcome, answer) = Delete(ids[i]);
                if (outcome == DeleteOutcome.NotFound)
                {
                    notFound++;
                }

                pacer.Observe(answer.RateLimitRemaining, answer.RateLimitLimit, watch.Elapsed);
                progress?.Invoke(new CortexDeleteProgress(i + 1, ids.Count, watch.Elapsed, pacer.Estimate(ids.Count - i - 1), pacer.RequestsPerMinute ?? 0));
            }

            return new CortexDeleteResult(ids.Count, notFound, watch.Elapsed);
        }

        private (DeleteOutcome Outcome, CortexAnswer Answer) Delete(string id)
        {
            var answer = _requests.Send("DELETE", "/api/v1/triples/" + Uri.EscapeDataString(id), null, null, RequestKind.Delete);
            if (answer.Status == 404)
            {
                _log.Call(answer, answer.InDoubt ? "gone (an earlier attempt deleted it)" : "not found");
                return (answer.InDoubt ? DeleteOutcome.Deleted : DeleteOutcome.NotFound, answer);
            }

            _log.Call(answer, null);
            return (DeleteOutcome.Deleted, answer);
        }

        /// <inheritdoc />
        public string GetHealth()
        {
            var answer = _requests.Send("GET", "/api/v1/health", null, null, RequestKind.Read);
            using var document = answer.JsonObject();
            var root = document.RootElement;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw answer.Invalid("'status' is missing");
            _log.Call(answer, status);
            return status;
        }

        /// <summary>What a triple listing held, as read.</summary>
        private sealed class TripleListing
        {
            public TripleListing((List<CortexTriple> Kept, long Seen, long? Total) read)
            {
                (Kept, Seen, Total) = read;
            }

            public List<CortexTriple> Kept { get; }

            public long Seen { get; }

            public long? Total { get; }
        }
    }
}
