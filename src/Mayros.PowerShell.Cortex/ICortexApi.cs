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

        /// <summary>Every event of a namespace with its string fields, in one request (Cortex has no session filter).</summary>
        IReadOnlyList<CortexEvent> ListEvents(string @namespace);

        /// <summary>Serialises rows into batch requests under 1 MiB; throws before anything is sent when a row cannot fit.</summary>
        CortexWritePlan PlanTriples(IReadOnlyList<CortexTripleInput> rows);

        /// <summary>Serialises events into POST /api/v1/events requests under 1 MiB.</summary>
        CortexWritePlan PlanEvents(string @namespace, IReadOnlyList<CortexEvent> events);

        /// <summary>Sends a plan, request by request (each is atomic and idempotent), reporting after each one.</summary>
        CortexWriteResult Write(CortexWritePlan plan, Action<CortexWriteProgress>? progress = null);

        /// <summary>Creates one triple; Cortex refuses a duplicate, which makes this an atomic test-and-set.</summary>
        CreateOutcome CreateTriple(CortexTripleInput row);

        DeleteOutcome DeleteTriple(string id);

        /// <summary>Cortex's health status ("healthy").</summary>
        string GetHealth();
    }

    public enum CreateOutcome
    {
        Created,

        /// <summary>The triple was already stored by someone else.</summary>
        AlreadyExisted,

        /// <summary>It exists, and an earlier attempt of this very call may have created it before timing out.</summary>
        ExistedAfterUncertainAttempt,
    }

    public enum DeleteOutcome
    {
        Deleted,
        NotFound,
    }

    /// <summary>Request bodies ready to send, each under the body limit.</summary>
    public sealed class CortexWritePlan
    {
        internal CortexWritePlan(string path, string what, IReadOnlyList<(byte[] Body, int Rows)> requests, int rows)
        {
            Path = path;
            What = what;
            Requests = requests;
            Rows = rows;
        }

        public string Path { get; }

        /// <summary>"triples" or "events".</summary>
        public string What { get; }

        internal IReadOnlyList<(byte[] Body, int Rows)> Requests { get; }

        public int RequestCount => Requests.Count;

        public int Rows { get; }

        public long Bytes
        {
            get
            {
                long total = 0;
                foreach (var request in Requests)
                {
                    total += request.Body.Length;
                }

                return total;
            }
        }
    }

    public sealed class CortexWriteResult
    {
        public CortexWriteResult(int requests, int rows, int duplicates)
        {
            Requests = requests;
            Rows = rows;
            Duplicates = duplicates;
        }

        public int Requests { get; }

        public int Rows { get; }

        /// <summary>Rows Cortex already had (batch writes only; events report none).</summary>
        public int Duplicates { get; }
    }

    public readonly struct CortexWriteProgress
    {
        public CortexWriteProgress(int requestsDone, int requestsTotal, int rowsDone, int rowsTotal)
        {
            RequestsDone = requestsDone;
            RequestsTotal = requestsTotal;
            RowsDone = rowsDone;
            RowsTotal = rowsTotal;
        }

        public int RequestsDone { get; }

        public int RequestsTotal { get; }

        public int RowsDone { get; }

        public int RowsTotal { get; }
    }
}
