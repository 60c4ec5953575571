using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using LocalCortex;

namespace Mayros.Benchmarks;

/// <summary>
/// Measures each session cmdlet at 1k, 10k and 100k events against the local Cortex, next to the floor: the same
/// server answering the same reads, and ingesting the same writes pre-serialised in raw batches. Also the import
/// time of the module and the peak memory of a 100k-event fork, each in a fresh process. With --part namespaces, a small
/// session in large namespaces and large forks; with --part portability, the export and import of a large session
/// (--portability-events, --portability-repeat); all of them by default.
///   dotnet run -c Release --project bench/Mayros.Benchmarks [-- --sizes 1000,10000,100000 --repeat 5 --write docs/BENCHMARKS.md]
///   dotnet run -c Release --project bench/Mayros.Benchmarks -- --part portability --portability-events 20000,100000 --write docs/BENCHMARKS.md
/// </summary>
public static class Program
{
    private static double InvocationCost;

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "import")
        {
            return ChildImport(args[1]);
        }

        if (args.Length > 0 && args[0] == "fork")
        {
            return ChildFork(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
        }

        var sizes = Option(args, "--sizes", "1000,10000,100000")!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var repeat = int.Parse(Option(args, "--repeat", "5")!, CultureInfo.InvariantCulture);
        var write = Option(args, "--write", null);
        var part = Option(args, "--part", "all")!;

        if (part is "all" or "namespaces")
        {
            var namespaces = Sizes(args, "--namespaces", "10000,100000,1000000");
            var forks = Sizes(args, "--forks", "100000,1000000");
            var namespaceRepeat = int.Parse(Option(args, "--namespace-repeat", "3")!, CultureInfo.InvariantCulture);
            var namespaceRows = await NamespaceBenchmark.MeasureNamespaces(namespaces, namespaceRepeat, ModulePath);
            var forkRows = await NamespaceBenchmark.MeasureForks(forks, ModulePath);
            var namespaceReport = NamespaceReport(namespaceRows, forkRows, namespaceRepeat);
            Console.WriteLine(namespaceReport);
            Write(write, namespaceReport, BeginNamespaceResults, EndNamespaceResults);
            if (part == "namespaces")
            {
                return 0;
            }
        }

        if (part is "all" or "portability")
        {
            var portabilityRepeat = int.Parse(Option(args, "--portability-repeat", "3")!, CultureInfo.InvariantCulture);
            var portabilityRows = await PortabilityBenchmark.Measure(Sizes(args, "--portability-events", "20000,100000"), portabilityRepeat, ModulePath);
            var portabilityReport = PortabilityBenchmark.Report(portabilityRows, portabilityRepeat);
            Console.WriteLine(portabilityReport);
            Write(write, portabilityReport, BeginPortabilityResults, EndPortabilityResults);
            if (part == "portability")
            {
                return 0;
            }
        }

        var rows = new List<string[]>();
        foreach (var size in sizes)
        {
            rows.AddRange(await Measure(size, repeat));
        }

        var import = MeasureImport(7);
        var memory = await MeasureForkMemory(100_000);
        var report = Report(rows, import, memory, sizes, repeat);
        Console.WriteLine(report);
        Write(write, report, BeginResults, EndResults);
        return 0;
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

    /// <summary>The local Cortex in a process of its own, as a real Cortex is: its work and the module's never share a heap.</summary>
    internal sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, Uri address)
        {
            _process = process;
            BaseAddress = address;
        }

        public Uri BaseAddress { get; }

        public int Port => BaseAddress.Port;

        public static async Task<ServerProcess> StartAsync()
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };

            // Workstation GC, as in the module's process: on two cores a server GC's threads would compete with the
            // client for the CPU at unpredictable moments.
            start.Environment["DOTNET_gcServer"] = "0";

            // Fully optimised code from the first request, as a server that has run for days has: a fresh process per
            // measurement would otherwise answer with its first-tier code and flatter every ratio.
            start.Environment["DOTNET_TieredCompilation"] = "0";
            foreach (var arg in new[] { typeof(CortexServer).Assembly.Location, "--port", "0", "--memory", "--rate-limit", "0" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var at = line.IndexOf("listening on ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    return new ServerProcess(process, new Uri(line[(at + "listening on ".Length)..].Trim()));
                }
            }

            throw new InvalidOperationException("The local Cortex did not start.");
        }

        public ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<List<string[]>> Measure(int size, int repeat)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Run(runspace, "Import-Module $args[0]", ModulePath);

        // Every measured run gets a server process of its own holding two copies of one session of `size` events,
        // one namespace for the module and one for the floor, so each reads exactly what the other reads, nothing
        // is left over from earlier runs, and no run pays for another's garbage. Both sides first run once on a
        // small namespace, untimed, so neither pays for the new server's JIT. Which side goes first alternates.
        async Task<(double Module, double Floor)> Compare(Func<string, string> script, Func<HttpClient, string, Task> floor)
        {
            var modules = new List<double>();
            var floors = new List<double>();
            for (var i = 0; i <= repeat; i++)
            {
                await using var server = await ServerProcess.StartAsync();
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
                Run(runspace, "$PSDefaultParameterValues['*-Mayros*:CortexPort'] = $args[0]", server.Port);
                await Seed(http, "wm", "s", 100);
                await Seed(http, "wf", "s", 100);
                await Seed(http, "bm", "s", size);
                await Seed(http, "bf", "s", size);
                Run(runspace, script("wm"));
                await floor(http, "wf");

                double module = 0, raw = 0;
                for (var side = 0; side < 2; side++)
                {
                    Settle();
                    var watch = Stopwatch.StartNew();
                    if ((side + i) % 2 == 0)
                    {
                        Run(runspace, script("bm"));
                        module = watch.Elapsed.TotalMilliseconds;
                    }
                    else
                    {
                        await floor(http, "bf");
                        raw = watch.Elapsed.TotalMilliseconds;
                    }
                }

                // The first round warms the module's own code paths for this size.
                if (i > 0)
                {
                    modules.Add(module);
                    floors.Add(raw);
                }
            }

            return (Median(modules), Median(floors));
        }

        static async Task Reads(HttpClient http, string ns)
        {
            await http.GetByteArrayAsync($"/api/v1/triples?subject={ns}%3Asession%3As&limit=2147483647");
            await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
        }

        // The fixed cost of one PowerShell invocation in this harness (parse, bind, run, collect), which every module
        // time below includes and no floor does.
        var invocation = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            Run(runspace, "$null");
            invocation.Add(watch.Elapsed.TotalMilliseconds);
        }

        InvocationCost = Median(invocation);

        var point = Start.AddSeconds(size / 2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var rows = new List<string[]>();

        // Checkpoint: the record and the events read, one row written.
        rows.Add(Row(
            "New-MayrosCheckpoint",
            size,
            await Compare(
                ns => $"New-MayrosCheckpoint -Session s -Namespace {ns}",
                async (http, ns) =>
                {
                    await Reads(http, ns);
                    await Post(http, "/api/v1/triples/batch", $"{{\"triples\":[{{\"subject\":\"{ns}:session:s\",\"predicate\":\"{ns}:session:checkpoint\",\"object\":\"{Guid.NewGuid()}\"}}]}}");
                })));

        // Fork: the same reads, then every event written again under the new session (with its copiedFrom field, so
        // the floor stores the very triples the fork stores).
        rows.Add(Row(
            "New-MayrosFork",
            size,
            await Compare(
                ns => $"New-MayrosFork -Session s -Name f -Namespace {ns}",
                async (http, ns) =>
                {
                    await Reads(http, ns);
                    foreach (var batch in EventBatches(ns, "f", ns == "wf" ? 100 : size, copiedFrom: "s"))
                    {
                        await Post(http, "/api/v1/events", batch);
                    }
                })));

        // Rewind: the same reads, then two marker triples for each event of the second half.
        rows.Add(Row(
            "Invoke-MayrosRewind",
            size,
            await Compare(
                ns => $"Invoke-MayrosRewind -Session s -To {point} -Confirm:$false -Namespace {ns}",
                async (http, ns) =>
                {
                    await Reads(http, ns);
                    foreach (var batch in MarkerBatches(ns, ns == "wf" ? 50 : size / 2, "e", "-s", ns == "wf" ? 50 : size / 2))
                    {
                        await Post(http, "/api/v1/triples/batch", batch);
                    }
                })));

        // Listing: seven predicate listings either way.
        rows.Add(Row(
            "Get-MayrosFork",
            size,
            await Compare(
                ns => $"Get-MayrosFork -Namespace {ns}",
                async (http, ns) =>
                {
                    foreach (var field in new[] { "status", "parentSession", "forkedFrom", "forkedAt", "forkPoint", "checkpoint", "rewindPoint" })
                    {
                        await http.GetByteArrayAsync($"/api/v1/triples?predicate={ns}%3Asession%3A{field}&limit=2147483647");
                    }
                })));
        return rows;
    }

    private static string[] Row(string cmdlet, int size, (double Module, double Floor) times) => Row(cmdlet, size, times.Module, times.Floor);

    private static string[] Row(string cmdlet, int size, double module, double floor) => new[]
    {
        cmdlet,
        size.ToString("N0", CultureInfo.InvariantCulture),
        module.ToString("N0", CultureInfo.InvariantCulture),
        floor.ToString("N0", CultureInfo.InvariantCulture),
        (module / floor).ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>Neither side pays for the other's garbage: collect it before each timed run.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Run(Runspace runspace, string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }

        ps.Invoke();
        if (ps.HadErrors)
        {
            throw new InvalidOperationException(script + ": " + string.Join("; ", ps.Streams.Error));
        }
    }

    private static async Task Seed(HttpClient http, string ns, string session, int count)
    {
        foreach (var batch in EventBatches(ns, session, count, "e"))
        {
            await Post(http, "/api/v1/events", batch);
        }
    }

    /// <summary>Events in POST /api/v1/events bodies under 1 MiB.</summary>
    private static List<string> EventBatches(string ns, string session, int count, string prefix = "c", string? copiedFrom = null)
    {
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var parent = i == 0 ? string.Empty : $",\"parent_event\":\"{prefix}{i - 1}-{session}\"";

            // A fork's copy carries one more field than its source: the id it was copied from.
            var copy = copiedFrom == null ? string.Empty : $",\"copiedFrom\":\"e{i}-{copiedFrom}\"";
            var e = $"{{\"id\":\"{prefix}{i}-{session}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"{Start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"session\":\"{session}\"{parent},\"duration_ms\":{i % 1000},\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\",\"output\":\"{i % 7} matches\"{copy}}}}}";
            if (body.Length + e.Length > 1_000_000)
            {
                bodies.Add(Close(body));
                body.Clear();
            }

            body.Append(body.Length == 0 ? $"{{\"namespace\":\"{ns}\",\"events\":[" : ",").Append(e);
        }

        if (body.Length > 0)
        {
            bodies.Add(Close(body));
        }

        return bodies;

        static string Close(StringBuilder b) => b.Append("]}").ToString();
    }

    private static List<string> MarkerBatches(string ns, int count, string prefix, string suffix, int from)
    {
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var rows = $"{{\"subject\":\"{ns}:event:{prefix}{i}{suffix}\",\"predicate\":\"{ns}:event:rewound\",\"object\":\"true\"}},{{\"subject\":\"{ns}:event:{prefix}{i}\",\"predicate\":\"{ns}:event:rewoundBy\",\"object\":\"rw-000000000000\"}}";
            if (body.Length + rows.Length > 1_000_000)
            {
                bodies.Add(body.Append("]}").ToString());
                body.Clear();
            }

            body.Append(body.Length == 0 ? "{\"triples\":[" : ",").Append(rows);
        }

        if (body.Length > 0)
        {
            bodies.Add(body.Append("]}").ToString());
        }

        return bodies;
    }

    private static async Task Post(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Import-Module in fresh processes (the cost a user pays per PowerShell session).</summary>
    private static (double Cold, double Warm) MeasureImport(int processes)
    {
        var cold = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < processes; i++)
        {
            var lines = RunChild("import", ModulePath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            cold.Add(double.Parse(lines.Single(l => l.StartsWith("cold ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture));
            warm.Add(double.Parse(lines.Single(l => l.StartsWith("warm ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture));
        }

        return (Median(cold), Median(warm));
    }

    private static int ChildImport(string manifest)
    {
        double Import()
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            var watch = Stopwatch.StartNew();
            Run(runspace, "Import-Module $args[0]", manifest);
            return watch.Elapsed.TotalMilliseconds;
        }

        Console.WriteLine("cold " + Import().ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("warm " + Import().ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>A 100k-event fork in a fresh process, reporting that process's peak working set.</summary>
    private static async Task<(long Before, long Peak, long Allocated, double Milliseconds)> MeasureForkMemory(int size)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await Seed(http, "bench", "s", size);
        var lines = RunChild("fork", ModulePath, server.Port.ToString(CultureInfo.InvariantCulture), "bench", "s").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long Value(string key) => long.Parse(lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        return (Value("before"), Value("peak"), Value("allocated"), Value("ms"));
    }

    private static int ChildFork(string manifest, int port, string ns, string session)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Run(runspace, "Import-Module $args[0]", manifest);
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var watch = Stopwatch.StartNew();
        Run(runspace, "New-MayrosFork -Session $args[0] -Name memory-fork -CortexPort $args[1] -Namespace $args[2]", session, port, ns);
        watch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine("before " + before);
        Console.WriteLine("peak " + process.PeakWorkingSet64);
        Console.WriteLine("allocated " + GC.GetTotalAllocatedBytes());
        Console.WriteLine("ms " + (long)watch.Elapsed.TotalMilliseconds);
        return 0;
    }

    private static string RunChild(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("Child failed: " + output);
        }

        return output;
    }

    internal static string RepoRoot =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static int[] Sizes(string[] args, string name, string fallback) =>
        Option(args, name, fallback)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static string ModulePath =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MayrosModuleManifest").Value!;

    private static string? Option(string[] args, string name, string? fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private const string BeginResults = "<!-- measured: written by bench/Mayros.Benchmarks; edit around it -->";
    private const string EndResults = "<!-- /measured -->";
    private const string BeginNamespaceResults = "<!-- measured-namespaces: written by bench/Mayros.Benchmarks --part namespaces; edit around it -->";
    private const string EndNamespaceResults = "<!-- /measured-namespaces -->";
    private const string BeginPortabilityResults = "<!-- measured-portability: written by bench/Mayros.Benchmarks --part portability; edit around it -->";
    private const string EndPortabilityResults = "<!-- /measured-portability -->";

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

    private static string NamespaceReport(List<NamespaceBenchmark.Row> rows, List<NamespaceBenchmark.ForkRow> forks, int repeat)
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
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Command} | {row.NamespaceEvents:N0} | {row.PeakMiB:N0} | {row.BaselineMiB:N0} | {row.Milliseconds:N0} | {row.FloorMilliseconds:N0} | {row.Milliseconds / row.FloorMilliseconds:0.00} | {target:N0}{(row.Milliseconds <= target ? string.Empty : " (missed)")} |");
        }

        text.AppendLine();
        text.AppendLine("A fork of a session alone in its namespace, in a pwsh 7.6.10 process of its own. Target: within 600 MiB at 1,000,000 events.");
        text.AppendLine();
        text.AppendLine("| Fork of | Peak (MiB) | Baseline (MiB) | Time (ms) |");
        text.AppendLine("|---:|---:|---:|---:|");
        foreach (var fork in forks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {fork.SessionEvents:N0} events | {fork.PeakMiB:N0} | {fork.BaselineMiB:N0} | {fork.Milliseconds:N0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        text.AppendLine("```bash");
        var sizes = string.Join(",", rows.Select(r => r.NamespaceEvents).Distinct().Select(n => n.ToString(CultureInfo.InvariantCulture)));
        var forkSizes = string.Join(",", forks.Select(f => f.SessionEvents.ToString(CultureInfo.InvariantCulture)));
        var options = (sizes == "10000,100000,1000000" ? string.Empty : " --namespaces " + sizes)
            + (repeat == 3 ? string.Empty : " --namespace-repeat " + repeat.ToString(CultureInfo.InvariantCulture))
            + (forkSizes == "100000,1000000" ? string.Empty : " --forks " + forkSizes);
        text.AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part namespaces{options} --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }

    private static string Report(List<string[]> rows, (double Cold, double Warm) import, (long Before, long Peak, long Allocated, double Milliseconds) fork, int[] sizes, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Each session cmdlet, run in a PowerShell {System.Management.Automation.PSVersionInfo.PSVersion} runspace, against the local Cortex server (`src/LocalCortex`, a process");
        text.AppendLine("of its own, in memory, rate limit off, fully optimised code), next to the **floor**: the same server answering the same");
        text.AppendLine("reads, taken as raw bytes and never parsed, and ingesting the same triples pre-serialised in raw batches under 1 MiB.");
        text.AppendLine("Every measurement starts a new server holding two copies of one session of that many events, one for the module and");
        text.AppendLine("one for the floor; both run once untimed on a small session first, and which goes first alternates. Times are");
        text.AppendLine("medians of " + repeat + " such measurements (after one more that is discarded), in milliseconds.");
        text.AppendLine("Target: each cmdlet within 1.3x of its floor.");
        text.AppendLine();
        text.AppendLine("| Cmdlet | Events | Module (ms) | Floor (ms) | Ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- **A PowerShell invocation** of `$null` in the same runspace costs {InvocationCost:N1} ms; every module time includes it, no floor does.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Import-Module** (fresh process, median of 7): {import.Cold:N0} ms the first time in a process, {import.Warm:N0} ms in a second runspace. Target: under 300 ms.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Peak memory of a 100,000-event fork** (its own process): {fork.Peak / (1024.0 * 1024):N0} MiB working set at the peak, of which {fork.Before / (1024.0 * 1024):N0} MiB were the PowerShell engine and the imported module before the fork began; {fork.Allocated / (1024.0 * 1024):N0} MiB allocated in all; {fork.Milliseconds:N0} ms.");
        text.AppendLine();
        text.AppendLine("### Machine");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical CPUs, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):N0} GiB memory, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Measured {DateTime.UtcNow:yyyy-MM-dd} with sizes {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}.");
        text.AppendLine();
        text.AppendLine("### Reproduce");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine("dotnet run -c Release --project bench/Mayros.Benchmarks -- --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
