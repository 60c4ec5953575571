using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What session operations report while they run (a cmdlet turns these into warnings and progress).</summary>
    internal interface IOperationReporter
    {
        void Warning(string message);

        /// <summary>Where a long step is; <paramref name="secondsRemaining"/> is an estimate, or -1 when there is none.</summary>
        void Progress(string activity, string status, int percentComplete, int secondsRemaining = -1);

        /// <summary>What a command did, for -Verbose.</summary>
        void Verbose(string message);

        void ProgressCompleted(string activity);
    }

    internal sealed class SilentReporter : IOperationReporter
    {
        public static readonly SilentReporter Instance = new SilentReporter();

        public void Warning(string message)
        {
        }

        public void Progress(string activity, string status, int percentComplete, int secondsRemaining = -1)
        {
        }

        public void Verbose(string message)
        {
        }

        public void ProgressCompleted(string activity)
        {
        }
    }

    /// <summary>
    /// Everything a session operation needs, and nothing of PowerShell: Cortex (through the client's methods only),
    /// the layout of one namespace, a clock, and somewhere to report.
    /// </summary>
    internal sealed class SessionContext
    {
        public SessionContext(ICortexApi api, string @namespace, Func<DateTimeOffset>? clock = null, IOperationReporter? reporter = null)
        {
            Api = api ?? throw new ArgumentNullException(nameof(api));
            Names.ValidateNamespace(@namespace);
            Layout = new SessionLayout(@namespace);
            Clock = clock ?? (() => DateTimeOffset.UtcNow);
            Reporter = reporter ?? SilentReporter.Instance;
        }

        public ICortexApi Api { get; }

        public SessionLayout Layout { get; }

        public Func<DateTimeOffset> Clock { get; }

        /// <summary>Now, to the millisecond: the precision of the timestamps Mayros (JavaScript) writes.</summary>
        public DateTimeOffset Now()
        {
            var now = Clock().ToUniversalTime();
            return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        }

        public IOperationReporter Reporter { get; }

        /// <summary>"namespace 'mayros' on http://127.0.0.1:8080", for messages.</summary>
        public string Where => $"namespace '{Layout.Namespace}' on {Api.Server.GetLeftPart(UriPartial.Authority)}";

        /// <summary>
        /// A session's record: the triples of its subject, and those of its log when the record names one (one more
        /// request; RecordPlacement says what goes there).
        /// </summary>
        public SessionRecord ReadRecord(string key)
        {
            var triples = Api.ListTriples(Layout.SessionSubject(key), null);
            if (triples.Any(t => t.Predicate == Layout.Log))
            {
                triples = triples.Concat(Api.ListTriples(Layout.LogSubject(key), null)).ToList();
            }

            return new SessionRecord(key, triples, Layout);
        }

        /// <summary>A value for the session's log (a rewind record), after the record's name for the log.</summary>
        public IEnumerable<CortexTripleInput> LogRows(string key, string predicate, string value) =>
            RecordPlacement.OnLog(Layout, key, new[] { (predicate, CortexValue.String(value)) });

        public CortexTripleInput SessionRow(string key, string predicate, string value) =>
            new CortexTripleInput(Layout.SessionSubject(key), predicate, CortexValue.String(value));

        /// <summary>Writes rows (one batch request per MiB), then deletes the triples they replace.</summary>
        public void Write(IReadOnlyList<CortexTripleInput> rows, IEnumerable<CortexTriple> replaced)
        {
            if (rows.Count > 0)
            {
                Api.Write(Api.PlanTriples(rows));
            }

            foreach (var old in replaced)
            {
                if (old.Id == null)
                {
                    Reporter.Warning($"Cortex returned no id for the old value '{old.Object.ToText()}' of {old.Predicate}, so it could not be removed; readers take the newest " +
                        $"value.");
                    continue;
                }

                Api.DeleteTriple(old.Id);
            }
        }

        /// <summary>
        /// Writes a prepared plan (one atomic request per MiB) under a progress bar: <paramref name="starting"/> before
        /// the first request, then <paramref name="status"/> of the rows written and the rows in all after each.
        /// </summary>
        public void WriteWithProgress(CortexWritePlan plan, string activity, string starting, Func<int, int, string> status)
        {
            Reporter.Progress(activity, starting, 0);
            Api.Write(plan, p => Reporter.Progress(
                activity,
                status(p.RowsDone, p.RowsTotal),
                p.RowsTotal == 0 ? 100 : (int)(100L * p.RowsDone / p.RowsTotal)));
            Reporter.ProgressCompleted(activity);
        }

        /// <summary>The stored values of a field that a new value replaces (all values but the new one).</summary>
        public static IEnumerable<CortexTriple> Replaced(SessionRecord record, string predicate, string newValue) =>
            record.Values(predicate).Where(t => !(t.Object.Kind == CortexValueKind.String && t.Object.Text == newValue));

        public MayrosException SessionNotFound(string key, string why = "it has no events and no session record") => new MayrosException(
            ErrorIds.SessionNotFound,
            ErrorCategory.ObjectNotFound,
            $"Session '{key}' was not found in {Where}: {why}.",
            key,
            "Check the key (Get-MayrosFork lists sessions with a record) and the namespace (-Namespace).");
    }
}
