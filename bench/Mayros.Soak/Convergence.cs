using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Mayros.Soak;

/// <summary>
/// After the faults: every failed write run again (faults off) must converge, succeeding or failing for a reason of
/// the sessions' own (not Cortex's); then the module's own reads must agree with the raw store.
/// </summary>
internal sealed class Convergence
{
    /// <summary>Errors that say something about the sessions, not about Cortex: a re-run may end with one of these.</summary>
    public static readonly HashSet<string> SessionErrors = new(StringComparer.Ordinal)
    {
        "SessionNotFound", "SessionAlreadyExists", "CheckpointNotFound", "RewindNotFound", "CheckpointUnreachable", "SessionHasForks", "RewindSuperseded",
    };

    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal)
    {
        "checkpoint", "fork-now", "fork-at", "fork-checkpoint", "rewind-to", "rewind-checkpoint", "undo", "remove", "add-events", "import",
    };

    private readonly Workload _workload;
    private readonly OperationLog _log;
    private readonly Verdicts _verdicts;

    public Convergence(Workload workload, OperationLog log, Verdicts verdicts)
    {
        _workload = workload;
        _log = log;
        _verdicts = verdicts;
    }

    /// <summary>Runs every write that failed because of a fault again, in the order they ran.</summary>
    public void RerunFailures(WorkerShell shell)
    {
        foreach (var failed in _log.All.Where(o => o.Phase == "soak" && !o.Succeeded && Writes.Contains(o.Kind) && !SessionErrors.Contains(o.ErrorId!)))
        {
            var planned = _workload.Planned[failed.Sequence];
            var op = failed;
            var again = new Operation
            {
                Worker = op.Worker, Sequence = _log.NextSequence(), Phase = "rerun", Kind = op.Kind, Cmdlet = op.Cmdlet, Session = op.Session, Parameters = op.Parameters,
            };
            var rerun = _workload.Execute(shell, planned with { Record = again });
            // Events a failed add stored are a removed session's once a removal of it ran since: adding them again is
            // then refused as a conflict, which is the session's state, not Cortex's.
            var removedSince = rerun.ErrorId == "SessionEventConflict" && _log.All.Any(o => o.Kind == "remove" && o.Succeeded
                && (o.Session == failed.Session || o.Parameter("Recurse") == "True") && o.EndUtc >= failed.StartUtc && o.StartUtc <= rerun.StartUtc);
            _verdicts.Check("a failure converges on re-run", rerun.Succeeded || SessionErrors.Contains(rerun.ErrorId!) || removedSince,
                () => $"{failed} ({failed.ErrorMessage}); re-run: {rerun.Outcome} {rerun.ErrorMessage}");
        }
    }

    /// <summary>
    /// The self-test corrupts a fork with copies; when the run's removals left none (a 10-minute run of seed 2828 did),
    /// one is made now, faults off, from the first session with live events, and judged like any other fork.
    /// </summary>
    public void EnsureFork(WorkerShell shell, StoreModel store, IEnumerable<string> keys)
    {
        var now = DateTime.UtcNow;
        if (SelfTest.ForkToCorrupt(store) != null || store.Records.ContainsKey("selftest") || keys.FirstOrDefault(k => store.LiveAt(k, now).Count > 0) is not { } source)
        {
            return;
        }

        var op = new Operation
        {
            Sequence = _log.NextSequence(), Phase = "check", Kind = "fork-now", Cmdlet = "New-MayrosFork", Session = source,
            Parameters = new() { ["Session"] = source, ["Name"] = "selftest" },
        };
        var made = _workload.Execute(shell, new PlannedOperation(op, "New-MayrosFork -Session $args[0] -Name $args[1] -Connection $cluster", new object?[] { source, "selftest" }));
        _verdicts.Check("a fork made after the run succeeds", made.Succeeded, () => $"{made} ({made.ErrorMessage})");
    }

    /// <summary>The module's reads against the raw store: each key's live events, and the fork listing.</summary>
    public void ModuleAgreesWithStore(WorkerShell shell, StoreModel store, IEnumerable<string> keys)
    {
        var now = DateTime.UtcNow;
        foreach (var key in keys)
        {
            var raw = store.LiveAt(key, now).Count;
            var read = Read(shell, "Get-MayrosSessionEvent", key, "@(Get-MayrosSessionEvent -Session $args[0] -Connection $cluster).Count");
            var count = read.Succeeded ? int.Parse(read.Fact("Count"), CultureInfo.InvariantCulture) : 0;
            _verdicts.Check("the module reads each session's live events as stored", (read.Succeeded || read.ErrorId == "SessionNotFound") && count == raw,
                () => $"session {key}: the module read {(read.Succeeded ? count : read.Outcome)}, the store holds {raw} live events");
        }

        var forks = Read(shell, "Get-MayrosFork", string.Empty, "Get-MayrosFork -Connection $cluster | ForEach-Object SessionKey | Sort-Object | Join-String -Separator ','");
        var listed = forks.Fact("Text");
        var stored = string.Join(',', store.Records.Where(r => r.Value.ContainsKey("status")
            && r.Value["status"].OrderBy(v => v.CreatedAtUtc).Last().Object.Text != "removed").Select(r => r.Key).OrderBy(k => k, StringComparer.Ordinal));
        _verdicts.Check("the module lists exactly the sessions with a status the store holds", forks.Succeeded && listed == stored,
            () => $"Get-MayrosFork listed [{listed}], the store holds [{stored}] ({forks.Outcome})");
    }

    private Operation Read(WorkerShell shell, string cmdlet, string key, string script)
    {
        var op = new Operation { Sequence = _log.NextSequence(), Phase = "check", Kind = "check", Cmdlet = cmdlet, Session = key, Parameters = new() { ["Session"] = key } };
        return _workload.Execute(shell, new PlannedOperation(op, script, new object?[] { key }));
    }
}
