using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Mayros.Soak;

/// <summary>One operation about to run: its record (no outcome yet), its script and the script's arguments.</summary>
internal sealed record PlannedOperation(Operation Record, string Script, object?[] Arguments);

/// <summary>
/// The operations a worker picks from, with their weights, and the script each runs. Scripts use the worker's
/// connections ($cluster, $other); a few operations add -Verbose or -Debug, so those streams are searched for the
/// token too.
/// </summary>
internal sealed class OperationCatalog
{
    /// <summary>The kinds and their weights (out of the sum).</summary>
    public static readonly (string Kind, int Weight)[] Kinds =
    {
        ("checkpoint", 14), ("fork-now", 12), ("fork-at", 5), ("fork-checkpoint", 5), ("rewind-to", 8),
        ("rewind-checkpoint", 3), ("undo", 8), ("compare", 6), ("list", 10), ("export", 6), ("remove", 4), ("add-events", 12),
    };

    public const int ForkNames = 12;

    private readonly SeedData _seed;
    private readonly OperationLog _log;
    private readonly string _exports;

    public OperationCatalog(SeedData seed, OperationLog log, string exports)
    {
        _seed = seed;
        _log = log;
        _exports = exports;
    }

    /// <summary>Every key an operation may name: the seeded sessions and the fork names (forks are made by the workload).</summary>
    public IReadOnlyList<string> Keys => _seed.Sessions.Concat(Enumerable.Range(0, ForkNames).Select(i => "f" + i)).ToList();

    public PlannedOperation Next(int worker, Random random)
    {
        var pick = random.Next(Kinds.Sum(k => k.Weight));
        var kind = Kinds.First(k => (pick -= k.Weight) < 0).Kind;
        var verbose = random.Next(100) switch { < 20 => " -Verbose", < 25 => " -Debug", _ => string.Empty };
        var session = random.Next(10) < 7 ? _seed.Sessions[random.Next(_seed.Sessions.Count)] : "f" + random.Next(ForkNames);
        var fork = "f" + random.Next(ForkNames);
        var point = Iso(SeedData.Start.AddSeconds(random.Next(SeedData.MaxEvents)));
        var sequence = _log.NextSequence();
        Operation Op(string cmdlet, params (string Name, string Value)[] parameters) => new()
        {
            Worker = worker, Sequence = sequence, Kind = kind, Cmdlet = cmdlet, Session = session,
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
        };
        PlannedOperation Plan(Operation op, string script, params object?[] args) => new(op, script.Replace("-Connection $cluster", "-Connection $cluster" + verbose,
            StringComparison.Ordinal), args);

        switch (kind)
        {
            case "checkpoint":
                var label = $"w{worker}c{sequence}";
                return Plan(Op("New-MayrosCheckpoint", ("Session", session), ("Label", label)),
                    "New-MayrosCheckpoint -Session $args[0] -Label $args[1] -Connection $cluster", session, label);
            case "fork-now":
                return Plan(Op("New-MayrosFork", ("Session", session), ("Name", fork)), "New-MayrosFork -Session $args[0] -Name $args[1] -Connection $cluster", session, fork);
            case "fork-at":
                return Plan(Op("New-MayrosFork", ("Session", session), ("Name", fork), ("At", point)),
                    "New-MayrosFork -Session $args[0] -Name $args[1] -At $args[2] -Connection $cluster", session, fork, point);
            case "fork-checkpoint":
                var from = Label(session, random);
                return Plan(Op("New-MayrosFork", ("Session", session), ("Name", fork), ("Checkpoint", from)),
                    "New-MayrosFork -Session $args[0] -Name $args[1] -Checkpoint $args[2] -Connection $cluster", session, fork, from);
            case "rewind-to":
                return Plan(Op("Invoke-MayrosRewind", ("Session", session), ("To", point)),
                    "Invoke-MayrosRewind -Session $args[0] -To $args[1] -Confirm:$false -Connection $cluster", session, point);
            case "rewind-checkpoint":
                var to = Label(session, random);
                return Plan(Op("Invoke-MayrosRewind", ("Session", session), ("Checkpoint", to)),
                    "Invoke-MayrosRewind -Session $args[0] -Checkpoint $args[1] -Confirm:$false -Connection $cluster", session, to);
            case "undo":
                return Plan(Op("Undo-MayrosRewind", ("Session", session)), "Undo-MayrosRewind -Session $args[0] -Confirm:$false -Connection $cluster", session);
            case "compare":
                return Plan(Op("Compare-MayrosSession", ("ReferenceSession", session), ("DifferenceSession", fork)),
                    "@(Compare-MayrosSession -ReferenceSession $args[0] -DifferenceSession $args[1] -Connection $cluster).Count", session, fork);
            case "list":
                return List(Op, Plan, random.Next(4), session);
            case "export":
                var path = System.IO.Path.Combine(_exports, $"x{sequence}.ndjson");
                var recurse = random.Next(2) == 0 ? " -Recurse" : string.Empty;
                return Plan(Op("Export-MayrosSession", ("Session", session), ("Path", path), ("Recurse", (recurse.Length > 0).ToString())),
                    "Export-MayrosSession -Session $args[0] -Path $args[1] -PassThru -Connection $cluster" + recurse, session, path);
            case "remove":
                var all = random.Next(2) == 0 ? " -Recurse" : string.Empty;
                session = random.Next(10) < 8 ? fork : session;
                return Plan(Op("Remove-MayrosSession", ("Session", session), ("Recurse", (all.Length > 0).ToString())),
                    "Remove-MayrosSession -Session $args[0] -Confirm:$false -PassThru -Connection $cluster" + all, session);
            default:
                var count = 1 + random.Next(5);
                var ids = Enumerable.Range(0, count).Select(i => $"a{sequence}-{i}").ToArray();
                return Plan(Op("Add-MayrosSessionEvent", ("Session", session), ("Ids", string.Join(',', ids))), AddEvents, session, ids);
        }
    }

    /// <summary>The import of an export that succeeded, into a namespace of its own on the other node.</summary>
    public PlannedOperation Import(Operation export)
    {
        var ns = "imp" + export.Sequence;
        var op = new Operation
        {
            Worker = export.Worker, Sequence = _log.NextSequence(), Kind = "import", Cmdlet = "Import-MayrosSession", Session = export.Session,
            Parameters = new() { ["Path"] = export.Parameter("Path"), ["Namespace"] = ns },
        };
        return new(op, "Import-MayrosSession -Path $args[0] -Namespace $args[1] -Connection $other", new object?[] { export.Parameter("Path"), ns });
    }

    /// <summary>The events Add-MayrosSessionEvent writes: ids the harness chose, a field that says which they are.</summary>
    public const string AddEvents = """
        $s = $args[0]
        $args[1] | ForEach-Object { [pscustomobject]@{ Session = $s; Type = 'soak_note'; Id = $_; Fields = @{ note = "note $_" } } } |
            Add-MayrosSessionEvent -Connection $cluster -PassThru | Measure-Object | ForEach-Object Count
        """;

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static PlannedOperation List(Func<string, (string, string)[], Operation> op, Func<Operation, string, object?[], PlannedOperation> plan, int which,
        string session) => which switch
    {
        0 => plan(op("Get-MayrosFork", Array.Empty<(string, string)>()), "@(Get-MayrosFork -Connection $cluster).Count", Array.Empty<object?>()),
        1 => plan(op("Get-MayrosSession", Array.Empty<(string, string)>()), "@(Get-MayrosSession -Connection $cluster).Count", Array.Empty<object?>()),
        2 => plan(op("Get-MayrosCheckpoint", new[] { ("Session", session) }), "@(Get-MayrosCheckpoint -Session $args[0] -Connection $cluster).Count", new object?[] { session }),
        _ => plan(op("Get-MayrosSessionEvent", new[] { ("Session", session) }), "@(Get-MayrosSessionEvent -Session $args[0] -Connection $cluster).Count",
            new object?[] { session }),
    };

    /// <summary>A label of a checkpoint some worker took of the session (or, when none has, one that names nothing).</summary>
    private string Label(string session, Random random)
    {
        var labels = _log.All.Where(o => o.Kind == "checkpoint" && o.Succeeded && o.Session == session).Select(o => o.Parameter("Label")).ToList();
        return labels.Count == 0 ? "none-" + session : labels[random.Next(labels.Count)];
    }
}
