using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Mayros.Soak;

/// <summary>
/// The parallel runbooks: each worker (a thread with a runspace of its own and a Random derived from the seed) picks
/// operations from the catalogue until the time is up, and records each in the history. Small key pools (8 sessions,
/// 12 fork names) make two workers meet on one session or one fork name often.
/// </summary>
internal sealed class Workload
{
    private readonly SoakOptions _options;
    private readonly OperationCatalog _catalog;
    private readonly OperationLog _log;
    private readonly string _token;

    public Workload(SoakOptions options, OperationCatalog catalog, OperationLog log, string token)
    {
        _options = options;
        _catalog = catalog;
        _log = log;
        _token = token;
    }

    /// <summary>Every operation's script and arguments, by sequence number, so a failure can be run again.</summary>
    public ConcurrentDictionary<int, PlannedOperation> Planned { get; } = new();

    /// <summary>Operations whose output, streams or errors showed the token (a violation each).</summary>
    public List<Operation> TokenShown { get; } = new();

    /// <summary>Runs every worker to the deadline; a worker that throws fails the soak.</summary>
    public Task Run(IReadOnlyList<WorkerShell> shells, IProgress<string> progress)
    {
        var deadline = Stopwatch.StartNew();
        var workers = shells.Select((shell, w) => Task.Factory.StartNew(() =>
        {
            var random = new Random(_options.Derive("worker:" + w));
            while (deadline.Elapsed.TotalSeconds < _options.Seconds)
            {
                var done = Execute(shell, _catalog.Next(w, random));
                if (done.Kind == "export" && done.Succeeded)
                {
                    Execute(shell, _catalog.Import(done));
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        return Task.WhenAll(workers.Append(Report(deadline, progress, workers)));
    }

    /// <summary>Runs one operation and records it: start, end, outcome, the success object's facts.</summary>
    public Operation Execute(WorkerShell shell, PlannedOperation planned)
    {
        var op = planned.Record;
        Planned[op.Sequence] = planned;
        op.StartUtc = DateTime.UtcNow;
        var result = shell.Run(planned.Script, planned.Arguments);
        op.EndUtc = DateTime.UtcNow;
        Record(op, result);
        if (Shows(result.Shown.ToString()))
        {
            lock (TokenShown)
            {
                TokenShown.Add(op);
            }
        }

        _log.Add(op);
        return op;
    }

    /// <summary>The token, or its signature alone (a token cut short still leaks it), anywhere in the text.</summary>
    public bool Shows(string text) => text.Contains(_token, StringComparison.Ordinal) || text.Contains(_token.Split('.')[2], StringComparison.Ordinal);

    private static void Record(Operation op, ShellResult result)
    {
        op.Succeeded = result.Succeeded;
        op.Errors.AddRange(result.Errors);
        if (!result.Succeeded)
        {
            op.ErrorId = result.Errors[0].Id;
            op.ErrorCategory = result.Errors[0].Category;
            op.ErrorMessage = result.Errors[0].Message;
        }

        // The facts of the last output object: every simple property, as invariant text.
        if (result.Output.LastOrDefault() is { } last)
        {
            if (last.BaseObject is string text)
            {
                op.Facts["Text"] = text;
                return;
            }

            if (last.BaseObject is int or long)
            {
                op.Facts["Count"] = Convert.ToString(last.BaseObject, System.Globalization.CultureInfo.InvariantCulture)!;
                return;
            }

            foreach (var property in last.Properties.Where(p => p.MemberType == PSMemberTypes.Property))
            {
                op.Facts[property.Name] = property.Value switch
                {
                    DateTimeOffset time => OperationCatalog.Iso(time),
                    IFormattable value => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    System.Collections.IEnumerable list and not string => string.Join(',', list.Cast<object>()),
                    var value => value?.ToString() ?? string.Empty,
                };
            }
        }
    }

    private async Task Report(Stopwatch clock, IProgress<string> progress, Task[] workers)
    {
        while (!workers.All(w => w.IsCompleted))
        {
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(TimeSpan.FromSeconds(10)));
            var all = _log.All;
            progress.Report($"{clock.Elapsed.TotalSeconds:0} s: {all.Count} operations, {all.Count(o => o.Succeeded)} succeeded");
        }
    }
}
