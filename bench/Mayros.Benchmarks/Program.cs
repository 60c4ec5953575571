using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// Measures each session cmdlet at 1k, 10k and 100k events against the local Cortex, next to the floor: the same
/// server answering the same reads, and ingesting the same writes pre-serialised in raw batches. Also the import
/// time of the module and the peak memory of a 100k-event fork, each in a fresh process. With --part namespaces, a small
/// session in large namespaces (--namespaces); with --part forks, large forks against their floor (--forks); with --part portability, the export and import of a large session
/// (--portability-events, --portability-repeat); with --part history, a session's history read and verified
/// (--history-events, --history-checkpoints, --history-repeat); with --part restore, a removed session restored from a
/// large graph (--restore-events, --restore-graph); all of them by default.
///   dotnet run -c Release --project bench/Mayros.Benchmarks [-- --sizes 1000,10000,100000 --repeat 5 --write docs/BENCHMARKS.md]
///   dotnet run -c Release --project bench/Mayros.Benchmarks -- --part portability --portability-events 20000,100000 --write docs/BENCHMARKS.md
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "import")
        {
            return RunspaceBenchmark.ChildImport(args[1]);
        }

        if (args.Length > 0 && args[0] == "fork")
        {
            return RunspaceBenchmark.ChildFork(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
        }

        var sizes = Option(args, "--sizes", "1000,10000,100000")!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var repeat = int.Parse(Option(args, "--repeat", "5")!, CultureInfo.InvariantCulture);
        var write = Option(args, "--write", null);
        var part = Option(args, "--part", "all")!;

        // Each part alone with --part NAME, or all of them in this order before the in-runspace table.
        var parts = new (string Name, Func<Task<string>> Measure, string Begin, string End)[]
        {
            ("namespaces", () => NamespacesPart(args), BeginNamespaceResults, EndNamespaceResults),
            ("forks", () => ForksPart(args), BeginForkResults, EndForkResults),
            ("sessions", () => SessionsPart(args), BeginSessionResults, EndSessionResults),
            ("history", () => HistoryPart(args), BeginHistoryResults, EndHistoryResults),
            ("restore", () => RestorePart(args), BeginRestoreResults, EndRestoreResults),
            ("portability", () => PortabilityPart(args), BeginPortabilityResults, EndPortabilityResults),
        };
        foreach (var (name, measure, begin, end) in parts)
        {
            if (part == "all" || part == name)
            {
                var partReport = await measure();
                Console.WriteLine(partReport);
                Write(write, partReport, begin, end);
                if (part == name)
                {
                    return 0;
                }
            }
        }

        var rows = new List<string[]>();
        foreach (var size in sizes)
        {
            rows.AddRange(await RunspaceBenchmark.Measure(size, repeat));
        }

        var import = RunspaceBenchmark.MeasureImport(7);
        var memory = await RunspaceBenchmark.MeasureForkMemory(100_000);
        var report = RunspaceBenchmark.Report(rows, import, memory, sizes, repeat);
        Console.WriteLine(report);
        Write(write, report, BeginResults, EndResults);
        return 0;
    }

    private static async Task<string> NamespacesPart(string[] args)
    {
        var namespaceRepeat = int.Parse(Option(args, "--namespace-repeat", "3")!, CultureInfo.InvariantCulture);
        var namespaceRows = await NamespaceBenchmark.MeasureNamespaces(Sizes(args, "--namespaces", "10000,100000,1000000"), namespaceRepeat, ModulePath);
        return NamespaceReport(namespaceRows, namespaceRepeat);
    }

    private static async Task<string> ForksPart(string[] args) =>
        ForkReport(await NamespaceBenchmark.MeasureForks(Sizes(args, "--forks", "100000,1000000"), ModulePath));

    private static async Task<string> SessionsPart(string[] args)
    {
        var sessionsRepeat = int.Parse(Option(args, "--sessions-repeat", "3")!, CultureInfo.InvariantCulture);
        var result = await SessionListBenchmark.Measure(
            Sizes(args, "--session-namespace", "1000000")[0],
            Sizes(args, "--session-count", "1000")[0],
            Sizes(args, "--add-events", "100000")[0],
            sessionsRepeat,
            ModulePath);
        return SessionListBenchmark.Report(result, sessionsRepeat);
    }

    private static async Task<string> HistoryPart(string[] args)
    {
        var historyRepeat = int.Parse(Option(args, "--history-repeat", "3")!, CultureInfo.InvariantCulture);
        var checkpoints = Sizes(args, "--history-checkpoints", "50")[0];
        var historyRows = await HistoryBenchmark.Measure(Sizes(args, "--history-events", "10000,100000"), checkpoints, historyRepeat, ModulePath);
        return HistoryBenchmark.Report(historyRows, checkpoints, historyRepeat);
    }

    private static async Task<string> RestorePart(string[] args) =>
        RestoreBenchmark.Report(await RestoreBenchmark.Measure(Sizes(args, "--restore-events", "10000")[0], Sizes(args, "--restore-graph", "1000000")[0], ModulePath));

    private static async Task<string> PortabilityPart(string[] args)
    {
        var portabilityRepeat = int.Parse(Option(args, "--portability-repeat", "3")!, CultureInfo.InvariantCulture);
        var portabilityRows = await PortabilityBenchmark.Measure(Sizes(args, "--portability-events", "20000,100000"), portabilityRepeat, ModulePath);
        return PortabilityBenchmark.Report(portabilityRows, portabilityRepeat);
    }

    /// <summary>A report into the file given with --write (if any), between its markers.</summary>
    private static void Write(string? path, string report, string beginMarker, string endMarker)
    {
        if (path != null)
        {
            File.WriteAllText(path, Merge(File.Exists(path) ? File.ReadAllText(path) : null, report, beginMarker, endMarker));
            Console.WriteLine("Written to " + path);
        }
    }

    internal static string RepoRoot =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static int[] Sizes(string[] args, string name, string fallback) =>
        Option(args, name, fallback)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    internal static string ModulePath =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MayrosModuleManifest").Value!;

    private static string? Option(string[] args, string name, string? fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private const string BeginSessionResults = "<!-- measured-sessions: written by bench/Mayros.Benchmarks --part sessions; edit around it -->";
    private const string EndSessionResults = "<!-- /measured-sessions -->";
    private const string BeginResults = "<!-- measured: written by bench/Mayros.Benchmarks; edit around it -->";
    private const string EndResults = "<!-- /measured -->";
    private const string BeginNamespaceResults = "<!-- measured-namespaces: written by bench/Mayros.Benchmarks --part namespaces; edit around it -->";
    private const string EndNamespaceResults = "<!-- /measured-namespaces -->";
    private const string BeginForkResults = "<!-- measured-forks: written by bench/Mayros.Benchmarks --part forks; edit around it -->";
    private const string EndForkResults = "<!-- /measured-forks -->";
    private const string BeginPortabilityResults = "<!-- measured-portability: written by bench/Mayros.Benchmarks --part portability; edit around it -->";
    private const string EndPortabilityResults = "<!-- /measured-portability -->";
    private const string BeginHistoryResults = "<!-- measured-history: written by bench/Mayros.Benchmarks --part history; edit around it -->";
    private const string EndHistoryResults = "<!-- /measured-history -->";
    private const string BeginRestoreResults = "<!-- measured-restore: written by bench/Mayros.Benchmarks --part restore; edit around it -->";
    private const string EndRestoreResults = "<!-- /measured-restore -->";

    /// <summary>The new results in place of the old ones between the markers, keeping what people wrote around them.</summary>
    private static string Merge(string? existing, string report, string beginMarker, string endMarker)
    {
        var block = beginMarker + "\n" + report.TrimEnd() + "\n" + endMarker + "\n";
        var begin = existing?.IndexOf(beginMarker, StringComparison.Ordinal) ?? -1;
        var end = existing?.IndexOf(endMarker, StringComparison.Ordinal) ?? -1;
        if (existing == null)
        {
            return "# Benchmarks\n\n" + block;
        }

        if (begin < 0 || end < begin)
        {
            return existing.TrimEnd() + "\n\n" + block;
        }

        return existing[..begin] + block + existing[(end + endMarker.Length)..].TrimStart('\n');
    }

    private static string NamespaceReport(List<NamespaceBenchmark.Row> rows, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine("A session of 50 events in namespaces of 10,000 to 1,000,000 events (the rest spread over 100 other sessions), each");
        text.AppendLine("cmdlet in a **pwsh 7.6.10 process of its own** against the local Cortex (a process of its own, in memory, rate limit");
        text.AppendLine("off). **Peak** is that process's peak working set, start-up included; **baseline** is the same process importing the");
        text.AppendLine("module and running `$null`. **Module** is the command's own time, measured inside the process after an untimed");
        text.AppendLine("command; **floor** is the least the server must do: the same event listing and record downloaded raw, thrown away as");
        text.AppendLine("they arrive, and the command's own writes sent pre-serialised. Each process first runs the same command untimed on a");
        text.AppendLine(CultureInfo.InvariantCulture, $"namespace of 5,050 events. Medians of {repeat}. Targets: peak within 200 MiB at 1,000,000 events; time within 1.3x the");
        text.AppendLine("floor + 5 ms.");
        text.AppendLine();
        text.AppendLine("| Cmdlet | Namespace events | Peak (MiB) | Baseline (MiB) | Module (ms) | Floor (ms) | Ratio | Target (ms) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var target = (row.FloorMilliseconds * 1.3) + 5;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Command} | {row.NamespaceEvents:N0} | {row.PeakMiB:N0} | {row.BaselineMiB:N0} | {row.Milliseconds:N0} | {row.FloorMilliseconds:N0} | " +
                $"{row.Milliseconds / row.FloorMilliseconds:0.00} | {target:N0}{(row.Milliseconds <= target ? string.Empty : " (missed)")} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        text.AppendLine("```bash");
        var sizes = string.Join(",", rows.Select(r => r.NamespaceEvents).Distinct().Select(n => n.ToString(CultureInfo.InvariantCulture)));
        var options = (sizes == "10000,100000,1000000" ? string.Empty : " --namespaces " + sizes)
            + (repeat == 3 ? string.Empty : " --namespace-repeat " + repeat.ToString(CultureInfo.InvariantCulture));
        text.AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part namespaces{options} --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }

    private static string ForkReport(List<NamespaceBenchmark.ForkRow> forks)
    {
        var text = new StringBuilder();
        text.AppendLine("A fork of a session alone in its namespace, in a pwsh 7.6.10 process of its own; its floor is the same listing and");
        text.AppendLine("records downloaded raw and the copies and the fork's record sent pre-serialised (run first, on the same server). Targets:");
        text.AppendLine("within 200 MiB at 1,000,000 events; time within 1.3x the floor.");
        text.AppendLine();
        text.AppendLine("| Fork of | Peak (MiB) | Baseline (MiB) | Time (ms) | Floor (ms) | Ratio |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var fork in forks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {fork.SessionEvents:N0} events | {fork.PeakMiB:N0} | {fork.BaselineMiB:N0} | {fork.Milliseconds:N0} | " +
                $"{fork.FloorMilliseconds:N0} | {fork.Milliseconds / fork.FloorMilliseconds:0.00} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        var forkSizes = string.Join(",", forks.Select(f => f.SessionEvents.ToString(CultureInfo.InvariantCulture)));
        var options = forkSizes == "100000,1000000" ? string.Empty : " --forks " + forkSizes;
        text.AppendLine("```bash");
        text.AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part forks{options} --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
