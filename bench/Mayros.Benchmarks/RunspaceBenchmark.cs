using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// The in-runspace table: each session cmdlet at a few sizes, in one PowerShell runspace of this process, next to its
/// floor (the same reads as raw bytes, the same writes pre-serialised); also Import-Module in fresh processes and the
/// peak memory of a 100k-event fork in a process of its own.
/// </summary>
internal static class RunspaceBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static double InvocationCost;

    /// <summary>
    /// One row of the table: the cmdlet, the script that runs it on namespace ns for a session of size events, and the
    /// floor: what the server must do for the same answer, sent raw (ns is "wf" for the untimed warm-up of 100 events).
    /// </summary>
    private sealed record Case(string Cmdlet, Func<string, int, string> Script, Func<HttpClient, string, int, Task> Floor);

    private static readonly Case[] Cases =
    {
        // Checkpoint: the record and the events read, one row written.
        new("New-MayrosCheckpoint", (ns, _) => $"New-MayrosCheckpoint -Session s -Namespace {ns}", async (http, ns, _) =>
        {
            await Reads(http, ns);
            await NamespaceBenchmark.Post(http, "/api/v1/triples/batch",
                $"{{\"triples\":[{{\"subject\":\"{ns}:session:s\",\"predicate\":\"{ns}:session:checkpoint\",\"object\":\"{Guid.NewGuid()}\"}}]}}");
        }),

        // Fork: the same reads, then every event written again under the new session (with its copiedFrom field, so
        // the floor stores the very triples the fork stores).
        new("New-MayrosFork", (ns, _) => $"New-MayrosFork -Session s -Name f -Namespace {ns}", async (http, ns, size) =>
        {
            await Reads(http, ns);
            foreach (var batch in EventBatches(ns, "f", ns == "wf" ? 100 : size, copiedFrom: "s"))
            {
                await NamespaceBenchmark.Post(http, "/api/v1/events", batch);
            }
        }),

        // Rewind: the same reads, then two marker triples for each event of the second half.
        new("Invoke-MayrosRewind", (ns, size) => $"Invoke-MayrosRewind -Session s -To {Point(size)} -Confirm:$false -Namespace {ns}", async (http, ns, size) =>
        {
            await Reads(http, ns);
            foreach (var batch in MarkerBatches(ns, ns == "wf" ? 50 : size / 2, "e", "-s", ns == "wf" ? 50 : size / 2))
            {
                await NamespaceBenchmark.Post(http, "/api/v1/triples/batch", batch);
            }
        }),

        // Listing: seven predicate listings either way.
        new("Get-MayrosFork", (ns, _) => $"Get-MayrosFork -Namespace {ns}", async (http, ns, _) =>
        {
            foreach (var field in new[] { "status", "parentSession", "forkedFrom", "forkedAt", "forkPoint", "checkpoint", "rewindPoint" })
            {
                await http.GetByteArrayAsync($"/api/v1/triples?predicate={ns}%3Asession%3A{field}&limit=2147483647");
            }
        }),
    };

    /// <summary>Every case at one size: a row each (cmdlet, events, module ms, floor ms, ratio).</summary>
    public static async Task<List<string[]>> Measure(int size, int repeat)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Run(runspace, "Import-Module $args[0]", Program.ModulePath);
        InvocationCost = Invocation(runspace);
        var rows = new List<string[]>();
        foreach (var c in Cases)
        {
            rows.Add(Row(c.Cmdlet, size, await Compare(runspace, size, repeat, ns => c.Script(ns, size), (http, ns) => c.Floor(http, ns, size))));
        }

        return rows;
    }

    /// <summary>
    /// The module's time and the floor's, medians of <paramref name="repeat"/>. Every measured run gets a server process
    /// of its own holding two copies of one session of <paramref name="size"/> events, one namespace for the module and
    /// one for the floor, so each reads exactly what the other reads, nothing is left over from earlier runs, and no run
    /// pays for another's garbage. Both sides first run once on a small namespace, untimed, so neither pays for the new
    /// server's JIT. Which side goes first alternates, and the first round (which warms the module's code paths for
    /// this size) is discarded.
    /// </summary>
    private static async Task<(double Module, double Floor)> Compare(Runspace runspace, int size, int repeat, Func<string, string> script, Func<HttpClient, string, Task> floor)
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

            if (i > 0)
            {
                modules.Add(module);
                floors.Add(raw);
            }
        }

        return (NamespaceBenchmark.Median(modules), NamespaceBenchmark.Median(floors));
    }

    /// <summary>
    /// The fixed cost of one PowerShell invocation in this harness (parse, bind, run, collect), which every module time
    /// includes and no floor does.
    /// </summary>
    private static double Invocation(Runspace runspace)
    {
        var invocation = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            Run(runspace, "$null");
            invocation.Add(watch.Elapsed.TotalMilliseconds);
        }

        return NamespaceBenchmark.Median(invocation);
    }

    /// <summary>What a checkpoint, a fork and a rewind read: the session's record and the namespace's events, raw.</summary>
    private static async Task Reads(HttpClient http, string ns)
    {
        await http.GetByteArrayAsync($"/api/v1/triples?subject={ns}%3Asession%3As&limit=2147483647");
        await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
    }

    /// <summary>The moment half way through a session of <paramref name="size"/> events.</summary>
    private static string Point(int size) => Start.AddSeconds(size / 2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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
            await NamespaceBenchmark.Post(http, "/api/v1/events", batch);
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
            var e = $"{{\"id\":\"{prefix}{i}-{session}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\"," +
                $"\"timestamp\":\"{Start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"session\":\"{session}\"{parent}," +
                $"\"duration_ms\":{i % 1000},\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\",\"output\":\"{i % 7} matches\"{copy}}}}}";
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
            var rows = $"{{\"subject\":\"{ns}:event:{prefix}{i}{suffix}\",\"predicate\":\"{ns}:event:rewound\",\"object\":\"true\"}},{{\"subject\":\"{ns}:event:{prefix}{i}\"," +
                $"\"predicate\":\"{ns}:event:rewoundBy\",\"object\":\"rw-000000000000\"}}";
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

    /// <summary>Import-Module in fresh processes (the cost a user pays per PowerShell session).</summary>
    internal static (double Cold, double Warm) MeasureImport(int processes)
    {
        var cold = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < processes; i++)
        {
            var lines = RunChild("import", Program.ModulePath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            cold.Add(double.Parse(lines.Single(l => l.StartsWith("cold ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture));
            warm.Add(double.Parse(lines.Single(l => l.StartsWith("warm ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture));
        }

        return (NamespaceBenchmark.Median(cold), NamespaceBenchmark.Median(warm));
    }

    internal static int ChildImport(string manifest)
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
    internal static async Task<(long Before, long Peak, long Allocated, double Milliseconds)> MeasureForkMemory(int size)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await Seed(http, "bench", "s", size);
        var lines = RunChild("fork", Program.ModulePath, server.Port.ToString(CultureInfo.InvariantCulture), "bench", "s").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long Value(string key) => long.Parse(lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        return (Value("before"), Value("peak"), Value("allocated"), Value("ms"));
    }

    internal static int ChildFork(string manifest, int port, string ns, string session)
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


    internal static string Report(List<string[]> rows, (double Cold, double Warm) import, (long Before, long Peak, long Allocated, double Milliseconds) fork, int[] sizes,
        int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Each session cmdlet, run in a PowerShell {System.Management.Automation.PSVersionInfo.PSVersion} runspace, against the local Cortex server (`src/LocalCortex`, a " +
            $"process");
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
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- **A PowerShell invocation** of `$null` in the same runspace costs {InvocationCost:N1} ms; every module time includes it, no floor does.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- **Import-Module** (fresh process, median of 7): {import.Cold:N0} ms the first time in a process, {import.Warm:N0} ms in a second runspace. Target: under 300 ms.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- **Peak memory of a 100,000-event fork** (its own process): {fork.Peak / (1024.0 * 1024):N0} MiB working set at the peak, of which " +
            $"{fork.Before / (1024.0 * 1024):N0} MiB were the PowerShell engine and the imported module before the fork began; {fork.Allocated / (1024.0 * 1024):N0} MiB " +
            $"allocated in all; {fork.Milliseconds:N0} ms.");
        text.AppendLine();
        text.AppendLine("### Machine");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- {Environment.ProcessorCount} logical CPUs, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):N0} GiB memory, " +
            $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Measured {DateTime.UtcNow:yyyy-MM-dd} with sizes {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}.");
        text.AppendLine();
        text.AppendLine("### Reproduce");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine("dotnet run -c Release --project bench/Mayros.Benchmarks -- --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
