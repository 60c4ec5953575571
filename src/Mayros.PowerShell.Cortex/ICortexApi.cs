using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// What the session logic may ask of Cortex. Every read returns everything that matches in one request (the
    /// module's request counts must not grow with sessions or events); every write is split into requests under
    /// Cortex's 1 MiB body limit. Calls block the calling thread and honour the cancellation token they were made with.
    /// </summary>
    public interface ICortexApi
    {
        /// <summary>The Cortex node requests go to now (for messages).</summary>
        Uri Server { get; }

        /// <summary>Every triple with this subject and/or predicate (bare names), in one request.</summary>
        IReadOnlyList<CortexTriple> ListTriples(string? subject, string? predicate);

        /// <summary>
        /// The triples with this subject and/or predicate that <paramref name="keep"/> accepts, in one request read as it
        /// arrives: the others are dropped as they pass.
        /// </summary>
        IReadOnlyList<CortexTriple> ListTriples(string? subject, string? predicate, Func<CortexTriple, bool>? keep);

        /// <summary>
        /// Every triple with this subject and/or predicate (with neither, every triple Cortex holds), handed to
        /// <paramref name="onTriple"/> as it is read and then dropped, in one request; returns how many were read. (A
        /// dropped connection makes the client read the listing again, so a triple may come twice.)
        /// </summary>
        long VisitTriples(string? subject, string? predicate, Action<CortexTriple> onTriple);

        /// <summary>
        /// The events of a namespace that the selection keeps, with their string fields, in one request read as it
        /// arrives (Cortex has no session filter; the others are dropped as they pass). With <paramref name="onEvent"/>,
        /// each kept event is handed over as it is read instead of being collected (an event may come twice if a
        /// dropped connection makes the client read the listing again).
        /// </summary>
        CortexEventListing ListEvents(string namespaceName, EventSelection selection, Action<CortexEvent>? onEvent = null);

        /// <summary>Serialises rows into batch requests under 1 MiB; throws before anything is sent when a row cannot fit.</summary>
        CortexWritePlan PlanTriples(IReadOnlyList<CortexTripleInput> rows);

        /// <summary>Serialises events into POST /api/v1/events requests under 1 MiB.</summary>
        CortexWritePlan PlanEvents(string namespaceName, IReadOnlyList<CortexEvent> events);

        /// <summary>Sends a plan, request by request (each is atomic and idempotent), reporting after each one.</summary>
        CortexWriteResult Write(CortexWritePlan plan, Action<CortexWriteProgress>? progress = null);

        /// <summary>Creates one triple; Cortex refuses a duplicate, which makes this an atomic test-and-set.</summary>
        CreateOutcome CreateTriple(CortexTripleInput row);

        /// <summary>Deletes one triple by its content id: Deleted, or NotFound when Cortex has no such triple.</summary>
        DeleteOutcome DeleteTriple(string id);

        /// <summary>
        /// Deletes triples by id, one request each (Cortex has no batch delete), in the order given, paced to Cortex's
        /// rate limit as its X-RateLimit headers report it, reporting after each one. A triple already gone counts as
        /// deleted. Ctrl+C stops between two requests; what was deleted stays deleted.
        /// </summary>
        CortexDeleteResult DeleteTriples(IReadOnlyList<string> ids, Action<CortexDeleteProgress>? progress = null);

        /// <summary>Cortex's health status ("healthy").</summary>
        string GetHealth();

        /// <summary>
        /// GET /api/v1/dag/history?subject=: the DAG actions filed under one subject string, newest first, at most
        /// <paramref name="limit"/>. CortexDagUnavailable when Cortex keeps no DAG.
        /// </summary>
        IReadOnlyList<CortexDagEntry> DagHistory(string subject, int limit);

        /// <summary>
        /// POST /api/v1/dag/sync with "want": the actions whole, with the bytes their hash and signature cover. Cortex
        /// leaves out a hash it holds no action under, so match the answer by each action's own (rebuilt) Hash.
        /// </summary>
        IReadOnlyList<CortexDagAction> DagActions(IReadOnlyList<string> hashes);

        /// <summary>GET /api/v1/dag/stats: the DAG's size and the node's published signing key.</summary>
        CortexDagStats DagStats();

        /// <summary>
        /// GET /api/v1/dag/at/{hash}: the whole graph as it was right after that action, which Cortex replays from its
        /// genesis for the request. Read as it arrives: each triple is handed to <paramref name="keep"/>, and only the
        /// ones it keeps are held; a triple the <paramref name="sieve"/> passes over is not even parsed. Seen counts them all.
        /// </summary>
        (IReadOnlyList<CortexTriple> Kept, long Seen) DagAt(string hash, Func<CortexTriple, bool> keep, TripleSieve? sieve = null);

        /// <summary>
        /// POST /api/v1/dag/actions: a signed note in the DAG, filed under <paramref name="subject"/>'s history; its
        /// hash. A repeat (after an answer that was lost) writes a second note.
        /// </summary>
        string DagNote(string subject, string type, string summary);
    }

    /// <summary>What a single create found.</summary>
    public enum CreateOutcome
    {
        /// <summary>The triple is new.</summary>
        Created,

        /// <summary>The triple was already stored by someone else.</summary>
        AlreadyExisted,

        /// <summary>It exists, and an earlier attempt of this very call may have created it before timing out.</summary>
        ExistedAfterUncertainAttempt,
    }

    /// <summary>What a delete found.</summary>
    public enum DeleteOutcome
    {
        /// <summary>The triple is gone (this call, or an earlier attempt of it whose answer was lost, deleted it).</summary>
        Deleted,
        /// <summary>There was no such triple.</summary>
        NotFound,
    }

    /// <summary>
    /// A write, planned: its rows, checked to fit Cortex's body limit one by one, and how they split into requests. The
    /// request bodies themselves are built one at a time as the write sends them, so a large write never holds them
    /// all.
    /// </summary>
    public sealed class CortexWritePlan
    {
        private readonly IReadOnlyList<int> _rowsPerRequest;
        private readonly Func<IEnumerable<ArraySegment<byte>>> _bodies;

        internal CortexWritePlan(string path, string what, int rows, IReadOnlyList<int> rowsPerRequest, long bytes, Func<IEnumerable<ArraySegment<byte>>> bodies)
        {
            Path = path;
            What = what;
            Rows = rows;
            _rowsPerRequest = rowsPerRequest;
            Bytes = bytes;
            _bodies = bodies;
        }

        /// <summary>The route the requests go to.</summary>
        public string Path { get; }

        /// <summary>"triples" or "events".</summary>
        public string What { get; }

        /// <summary>The requests the plan will send.</summary>
        public int RequestCount => _rowsPerRequest.Count;

        /// <summary>The rows in all its requests.</summary>
        public int Rows { get; }

        /// <summary>The bytes of all its request bodies.</summary>
        public long Bytes { get; }

        /// <summary>
        /// The requests, each body built when it is reached (in one buffer, reused: a body is valid until the next is
        /// asked for), with the rows it holds.
        /// </summary>
        internal IEnumerable<(ArraySegment<byte> Body, int Rows)> Requests()
        {
            var i = 0;
            foreach (var body in _bodies())
            {
                yield return (body, _rowsPerRequest[i++]);
            }
        }
    }

    /// <summary>What a write did.</summary>
    public sealed class CortexWriteResult
    {
        /// <summary>A write of <paramref name="rows"/> rows in <paramref name="requests"/> requests.</summary>
        public CortexWriteResult(int requests, int rows, int duplicates)
        {
            Requests = requests;
            Rows = rows;
            Duplicates = duplicates;
        }

        /// <summary>The requests the write took.</summary>
        public int Requests { get; }

        /// <summary>The rows (triples or events) it sent.</summary>
        public int Rows { get; }

        /// <summary>Rows Cortex already had (batch writes only; events report none).</summary>
        public int Duplicates { get; }
    }

    /// <summary>What a run of deletes did.</summary>
    public sealed class CortexDeleteResult
    {
        /// <summary>A run of <paramref name="requests"/> deletes, <paramref name="notFound"/> of them of triples already gone.</summary>
        public CortexDeleteResult(int requests, int notFound, TimeSpan elapsed)
        {
            Requests = requests;
            NotFound = notFound;
            Elapsed = elapsed;
        }

        /// <summary>The delete requests sent.</summary>
        public int Requests { get; }

        /// <summary>Triples that were already gone (deleted by an earlier, interrupted run).</summary>
        public int NotFound { get; }

        /// <summary>How long the deletes took, pauses for the rate limit included.</summary>
        public TimeSpan Elapsed { get; }
    }

    /// <summary>How far a run of deletes has come, and how long the rest should take.</summary>
    public readonly struct CortexDeleteProgress
    {
        /// <summary>Progress after <paramref name="done"/> of <paramref name="total"/> deletes.</summary>
        public CortexDeleteProgress(int done, int total, TimeSpan elapsed, TimeSpan estimatedRemaining, int requestsPerMinute)
        {
            Done = done;
            Total = total;
            Elapsed = elapsed;
            EstimatedRemaining = estimatedRemaining;
            RequestsPerMinute = requestsPerMinute;
        }

        /// <summary>Deletes done so far.</summary>
        public int Done { get; }

        /// <summary>Deletes in the whole run.</summary>
        public int Total { get; }

        /// <summary>Deletes still to do.</summary>
        public int Remaining => Total - Done;

        /// <summary>Time since the first delete.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>The time the rest should take, at the pace so far and Cortex's limit.</summary>
        public TimeSpan EstimatedRemaining { get; }

        /// <summary>Cortex's limit as its headers report it; 0 when it reports none.</summary>
        public int RequestsPerMinute { get; }
    }

    /// <summary>How far a write has come: requests and rows done, of how many.</summary>
    public readonly struct CortexWriteProgress
    {
        /// <summary>Progress after <paramref name="requestsDone"/> of <paramref name="requestsTotal"/> requests.</summary>
        public CortexWriteProgress(int requestsDone, int requestsTotal, int rowsDone, int rowsTotal)
        {
            RequestsDone = requestsDone;
            RequestsTotal = requestsTotal;
            RowsDone = rowsDone;
            RowsTotal = rowsTotal;
        }

        /// <summary>Requests sent so far.</summary>
        public int RequestsDone { get; }

        /// <summary>Requests in the whole write.</summary>
        public int RequestsTotal { get; }

        /// <summary>Rows sent so far.</summary>
        public int RowsDone { get; }

        /// <summary>Rows in the whole write.</summary>
        public int RowsTotal { get; }
    }
}
