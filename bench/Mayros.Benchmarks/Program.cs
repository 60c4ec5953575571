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
/// time of the module and the peak memory of a 100k-event fork, each in a fresh process.
///   dotnet run -c Release --project bench/Mayros.Benchmarks [-- --sizes 1000,10000,100000 --repeat 5 --write docs/BENCHMARKS.md]
/// </summary>
public static class Program
{
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

        var rows = new List<string[]>();
        foreach (var size in sizes)
        {
            rows.AddRange(await Measure(size, repeat));
        }

        var import = MeasureImport(7);
        var (peak, allocated, elapsed) = await MeasureForkMemory(100_000);
        var report = Report(rows, import, peak, allocated, elapsed, sizes, repeat);
        Console.WriteLine(report);
        if (write != null)
        {
            File.WriteAllText(write, report);
            Console.WriteLine("Written to " + write);
        }

        return 0;
    }

    private static async Task<List<string[]>> Measure(int size, int repeat)
    {
        await using var server = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, RateLimitPerMinute = 0 });
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var ns = "bench";
        await Seed(http, ns, "s", size);
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Run(runspace, "Import-Module $args[0]; $PSDefaultParameterValues['*-Mayros*:CortexPort'] = $args[1]; $PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[2]", ModulePath, server.Port, ns);

        var eventsJson = await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
        var forkBatches = EventBatches(ns, "floor-fork", size);
        var markerBatches = MarkerBatches(ns, size / 2);
        var rows = new List<string[]>();

        // Checkpoint: the module reads the record and the events, and writes one row.
        var module = Time(repeat, _ => Run(runspace, "New-MayrosCheckpoint -Session s"));
        var floor = await TimeAsync(repeat, async _ =>
        {
            await http.GetByteArrayAsync($"/api/v1/triples?subject={ns}%3Asession%3As&limit=2147483647");
            await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
            await Post(http, "/api/v1/triples/batch", "{\"triples\":[{\"subject\":\"bench:session:floor\",\"predicate\":\"bench:session:checkpoint\",\"object\":\"" + Guid.NewGuid() + "\"}]}");
        });
        rows.Add(Row("New-MayrosCheckpoint", size, module, floor));

        // Fork: the module reads, then writes every event again under the new session (and its records).
        module = Time(repeat, i => Run(runspace, $"New-MayrosFork -Session s -Name fork-{i}"));
        floor = await TimeAsync(repeat, async i =>
        {
            await http.GetByteArrayAsync($"/api/v1/triples?subject={ns}%3Asession%3As&limit=2147483647");
            await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
            foreach (var batch in EventBatches(ns, $"floor-fork-{i}", size, forkBatches))
            {
                await Post(http, "/api/v1/events", batch);
            }
        });
        rows.Add(Row("New-MayrosFork", size, module, floor));

        // Rewind: hide the second half of a fresh fork each time; the floor writes the same markers raw.
        for (var i = 0; i <= repeat; i++)
        {
            Run(runspace, $"New-MayrosFork -Session s -Name rw-{i}"); // one more for the warm-up run
        }

        var point = Start.AddSeconds(size / 2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        module = Time(repeat, i => Run(runspace, $"Invoke-MayrosRewind -Session rw-{i} -To {point} -Confirm:$false"));
        floor = await TimeAsync(repeat, async i =>
        {
            await http.GetByteArrayAsync($"/api/v1/triples?subject={ns}%3Asession%3As&limit=2147483647");
            await http.GetByteArrayAsync($"/api/v1/events?namespace={ns}&limit=2147483647");
            foreach (var batch in MarkerBatches(ns, size / 2, $"floor-{i}-"))
            {
                await Post(http, "/api/v1/triples/batch", batch);
            }
        });
        rows.Add(Row("Invoke-MayrosRewind", size, module, floor));

        // Listing: six predicate listings either way.
        module = Time(repeat, _ => Run(runspace, "Get-MayrosFork"));
        floor = await TimeAsync(repeat, async _ =>
        {
            foreach (var field in new[] { "status", "parentSession", "forkedFrom", "forkedAt", "checkpoint", "rewindPoint" })
            {
                await http.GetByteArrayAsync($"/api/v1/triples?predicate={ns}%3Asession%3A{field}&limit=2147483647");
            }
        });
        rows.Add(Row("Get-MayrosFork", size, module, floor));
        _ = eventsJson;
        _ = markerBatches;
        return rows;
    }

    private static string[] Row(string cmdlet, int size, double module, double floor) => new[]
    {
        cmdlet,
        size.ToString("N0", CultureInfo.InvariantCulture),
        module.ToString("N0", CultureInfo.InvariantCulture),
        floor.ToString("N0", CultureInfo.InvariantCulture),
        (module / floor).ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>The median of several runs, in milliseconds (one untimed warm-up run first).</summary>
    private static double Time(int repeat, Action<int> action)
    {
        action(repeat);
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            action(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Median(times);
    }

    private static async Task<double> TimeAsync(int repeat, Func<int, Task> action)
    {
        await action(repeat + 1);
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            await action(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Median(times);
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
        foreach (var batch in EventBatches(ns, session, count, null, "e"))
        {
            await Post(http, "/api/v1/events", batch);
        }
    }

    /// <summary>Events in POST /api/v1/events bodies under 1 MiB (re-targeted to another session when given templates).</summary>
    private static List<string> EventBatches(string ns, string session, int count, List<string>? templates = null, string prefix = "c")
    {
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var parent = i == 0 ? string.Empty : $",\"parent_event\":\"{prefix}{i - 1}-{session}\"";
            var e = $"{{\"id\":\"{prefix}{i}-{session}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"{Start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"session\":\"{session}\"{parent},\"duration_ms\":{i % 1000},\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\",\"output\":\"{i % 7} matches\"}}}}";
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

    private static List<string> MarkerBatches(string ns, int count, string prefix = "m")
    {
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var rows = $"{{\"subject\":\"{ns}:event:{prefix}{i}\",\"predicate\":\"{ns}:event:rewound\",\"object\":\"true\"}},{{\"subject\":\"{ns}:event:{prefix}{i}\",\"predicate\":\"{ns}:event:rewoundBy\",\"object\":\"rw-000000000000\"}}";
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
    private static async Task<(long Peak, long Allocated, double Milliseconds)> MeasureForkMemory(int size)
    {
        await using var server = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, RateLimitPerMinute = 0 });
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await Seed(http, "bench", "s", size);
        var lines = RunChild("fork", ModulePath, server.Port.ToString(CultureInfo.InvariantCulture), "bench", "s").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long Value(string key) => long.Parse(lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        return (Value("peak"), Value("allocated"), Value("ms"));
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

    private static string ModulePath =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MayrosModuleManifest").Value!;

    private static string? Option(string[] args, string name, string? fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static string Report(List<string[]> rows, (double Cold, double Warm) import, long peak, long allocated, double forkMs, int[] sizes, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Each session cmdlet against the local Cortex server (in memory, rate limit off), run in a PowerShell 7.6.9 runspace,");
        text.AppendLine("next to the **floor**: the same server answering the same reads (raw bytes, not parsed) and ingesting the same");
        text.AppendLine("writes pre-serialised in raw batches under 1 MiB. Times are medians of " + repeat + " runs after a warm-up, in milliseconds.");
        text.AppendLine("Target: each cmdlet within 1.3x of its floor.");
        text.AppendLine();
        text.AppendLine("| Cmdlet | Events | Module (ms) | Floor (ms) | Ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        text.AppendLine();
        text.AppendLine($"- **Import-Module** (fresh process, median of 7): {import.Cold:N0} ms the first time in a process, {import.Warm:N0} ms in a second runspace. Target: under 300 ms.");
        text.AppendLine($"- **Peak memory of a 100,000-event fork** (its own process, PowerShell engine and module included): {peak / (1024.0 * 1024):N0} MiB working set; {allocated / (1024.0 * 1024):N0} MiB allocated in all; {forkMs:N0} ms.");
        text.AppendLine();
        text.AppendLine("## Machine");
        text.AppendLine();
        text.AppendLine($"- {Environment.ProcessorCount} logical CPUs, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):N0} GiB memory, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}.");
        text.AppendLine($"- Measured {DateTime.UtcNow:yyyy-MM-dd} with sizes {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}.");
        text.AppendLine();
        text.AppendLine("## Reproduce");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine("dotnet run -c Release --project bench/Mayros.Benchmarks -- --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
