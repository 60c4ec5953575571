using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// A small session in a large namespace, and a large session alone: each cmdlet in a pwsh process of its own (the
/// project's pinned PowerShell 7.6.10), reporting the process's peak working set and the command's time, beside the
/// engine-plus-module baseline and the floor (the same event listing downloaded raw and thrown away as it arrives).
/// </summary>
internal static class NamespaceBenchmark
{
    private const int SessionEvents = 50;
    private const int OtherSessions = 100;

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public sealed record Row(string Command, int NamespaceEvents, double PeakMiB, double BaselineMiB, double Milliseconds, double FloorMilliseconds);

    public sealed record ForkRow(int SessionEvents, double PeakMiB, double BaselineMiB, double Milliseconds, double FloorMilliseconds);

    /// <summary>The four commands on a 50-event session in namespaces of each size.</summary>
    public static async Task<List<Row>> MeasureNamespaces(int[] sizes, int repeat, string modulePath)
    {
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            await using var server = await ServerProcess.StartAsync();
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
            const string ns = "bench";
            await SeedNamespace(http, ns, size);

            // A small namespace where each process first runs its command untimed: what the first command of a process
            // pays once (code compiled and tiered up, the connection opened) is not the namespace's cost.
            await SeedSession(http, "warm", "mine", SessionEvents, "w");
            await SeedSession(http, "warm", "other", 5_000, "wo");
            var baseline = Median(Enumerable.Range(0, repeat).Select(_ => Pwsh(modulePath, "$null", "$null").PeakMiB).ToList());
            var point = Iso(Start.AddSeconds(SessionEvents / 2));
            var commands = new (string Name, Func<string, int, string> Script)[]
            {
                ("New-MayrosCheckpoint", (n, _) => $"New-MayrosCheckpoint -Session mine -CortexPort {server.Port} -Namespace {n}"),
                ("Get-MayrosSessionEvent", (n, _) => $"Get-MayrosSessionEvent -Session mine -CortexPort {server.Port} -Namespace {n}"),
                ("New-MayrosFork", (n, i) => $"New-MayrosFork -Session mine -Name f{i} -CortexPort {server.Port} -Namespace {n}"),
                ("Invoke-MayrosRewind", (n, i) => $"Invoke-MayrosRewind -Session f{i} -To {point} -Confirm:$false -CortexPort {server.Port} -Namespace {n}"),
            };

            var results = commands.ToDictionary(c => c.Name, _ => new List<(double Peak, double Ms)>());
            var floors = commands.ToDictionary(c => c.Name, _ => new List<double>());
            for (var i = 0; i < repeat; i++)
            {
                foreach (var (name, script) in commands)
                {
                    floors[name].Add(await Floor(http, ns, name, i));

                    // The warm-up forks to a name of its own, and rewinds that fork: every run starts from the same state.
                    var measured = Pwsh(modulePath, script("warm", i), script(ns, i));
                    results[name].Add((measured.PeakMiB, measured.Milliseconds));
                }
            }

            foreach (var (name, _) in commands)
            {
                rows.Add(new Row(name, size, Median(results[name].Select(r => r.Peak).ToList()), baseline, Median(results[name].Select(r => r.Ms).ToList()), Median(floors[name])));
            }

            Console.Error.WriteLine($"namespace of {size:N0} events measured");
        }

        return rows;
    }

    /// <summary>
    /// A fork of a session of each size, alone in its namespace: the pwsh process's peak working set, and its time
    /// against the floor (the same listing and record downloaded raw, and the copies' events and the fork's record
    /// sent pre-serialised, run first, into a namespace of their own on the same server).
    /// </summary>
    public static async Task<List<ForkRow>> MeasureForks(int[] sizes, string modulePath)
    {
        var rows = new List<ForkRow>();
        foreach (var size in sizes)
        {
            await using var server = await ServerProcess.StartAsync(dag: false);
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
            await SeedSession(http, "bench", "big", size, "b");
            await SeedSession(http, "warm", "big", SessionEvents, "w");
            var baseline = Pwsh(modulePath, "$null", "$null").PeakMiB;
            var floor = await ForkFloor(http, size);
            string Fork(string ns) => $"New-MayrosFork -Session big -Name big-fork -CortexPort {server.Port} -Namespace {ns} -TimeoutSec 600";
            var fork = Pwsh(modulePath, Fork("warm"), Fork("bench"));
            rows.Add(new ForkRow(size, fork.PeakMiB, baseline, fork.Milliseconds, floor));
            Console.Error.WriteLine($"fork of {size:N0} events measured");
        }

        return rows;
    }

    /// <summary>The least a fork of the whole session "big" must do, with every request body built before the clock starts.</summary>
    private static async Task<double> ForkFloor(HttpClient http, int size)
    {
        var intent = Triples(("floor:session:big-fork", "floor:session:forkedFrom", "big"), ("floor:session:big-fork", "floor:session:parentSession", "big"),
            ("floor:session:big-fork", "floor:session:forkedAt", "t"), ("floor:session:big-fork", "floor:session:forkIntent", "i"));
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = 0; i < size; i++)
        {
            var parent = i == 0 ? string.Empty : $",\"parent_event\":\"{CopyId(i - 1)}\"";
            var e = $"{{\"id\":\"{CopyId(i)}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"{Iso(Start.AddSeconds(i))}\"," +
                $"\"session\":\"big-fork\"{parent},\"duration_ms\":{i % 1000},\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\"," +
                $"\"output\":\"{i % 7} matches\",\"copiedFrom\":\"b{i}\"}}}}";
            if (body.Length + e.Length > 1_000_000)
            {
                bodies.Add(body.Append("]}").ToString());
                body.Clear();
            }

            body.Append(body.Length == 0 ? "{\"namespace\":\"floor\",\"events\":[" : ",").Append(e);
        }

        bodies.Add(body.Append("]}").ToString());
        var watch = Stopwatch.StartNew();
        await Drain(http, "/api/v1/triples?subject=bench%3Asession%3Abig&limit=2147483647");
        await Drain(http, "/api/v1/triples?subject=bench%3Asession%3Abig-fork&limit=2147483647");
        await Drain(http, "/api/v1/events?namespace=bench&limit=2147483647");
        await Post(http, "/api/v1/triples/batch", intent);
        foreach (var events in bodies)
        {
            await Post(http, "/api/v1/events", events);
        }

        await Post(http, "/api/v1/triples/batch", Triples(("floor:session:big", "floor:session:status", "forked")));
        await Post(http, "/api/v1/triples/batch", Triples(("floor:session:big-fork", "floor:session:status", "active")));
        return watch.Elapsed.TotalMilliseconds;
    }

    // A copy's id as the module derives it: a UUID, so the floor's bodies are as long as the fork's.
    private static string CopyId(int i) => new Guid(i, 0, 0, new byte[8]).ToString();

    /// <summary>
    /// The least the server must do for a command: the session's record and the event listing downloaded raw (read as
    /// they arrive and thrown away), and the command's own writes sent pre-serialised, into a namespace of their own.
    /// </summary>
    private static async Task<double> Floor(HttpClient http, string ns, string command, int round)
    {
        var writes = command switch
        {
            "New-MayrosCheckpoint" => new[] { ("/api/v1/triples/batch", Triples(($"floor:session:mine", "floor:session:checkpoint", $"c{round}"))) },
            "New-MayrosFork" => new[]
            {
                ("/api/v1/triples/batch", Triples(($"floor:session:f{round}", "floor:session:forkedFrom", "mine"), ($"floor:session:f{round}", "floor:session:forkedAt",
                    $"t{round}"))),
                ("/api/v1/events", Events("floor", $"f{round}", SessionEvents)),
                ("/api/v1/triples/batch", Triples(($"floor:session:f{round}", "floor:session:status", "active"))),
            },
            "Invoke-MayrosRewind" => new[]
            {
                ("/api/v1/triples/batch", Triples(Enumerable.Range(0, SessionEvents / 2).SelectMany(i => new[] { ($"floor:event:r{round}-{i}", "floor:event:rewound", "true"),
                    ($"floor:event:r{round}-{i}", "floor:event:rewoundBy", "rw") }).ToArray())),
                ("/api/v1/triples/batch", Triples(($"floor:session:r{round}", "floor:session:status", "rewound"), ($"floor:session:r{round}", "floor:session:rewindPoint", "p"))),
            },
            _ => Array.Empty<(string, string)>(),
        };
        var watch = Stopwatch.StartNew();
        await Drain(http, $"/api/v1/triples?subject={ns}%3Asession%3Amine&limit=2147483647");
        await Drain(http, $"/api/v1/events?namespace={ns}&limit=2147483647");
        foreach (var (path, body) in writes)
        {
            await Post(http, path, body);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    internal static string Triples(params (string Subject, string Predicate, string Value)[] rows) =>
        "{\"triples\":[" + string.Join(",", rows.Select(r => $"{{\"subject\":\"{r.Subject}\",\"predicate\":\"{r.Predicate}\",\"object\":\"{r.Value}\"}}")) + "]}";

    private static string Events(string ns, string session, int count) =>
        $"{{\"namespace\":\"{ns}\",\"events\":[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"{session}-{i}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"{Iso(Start.AddSeconds(i))}\",\"session\":\"{session}\"," +
                $"\"fields\":{{\"toolName\":\"grep\",\"copiedFrom\":\"m{i}\"}}}}")) + "]}";

    internal static async Task Drain(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        while (await body.ReadAsync(buffer) > 0)
        {
        }
    }

    /// <summary>
    /// One command in a fresh pwsh (the project's local tool): the module imported, the warm-up command run untimed
    /// (the same command on a small namespace, so the one measured pays no one-time start-up), then the command, timed
    /// inside the process. The peak working set is the process's, start-up included. With <paramref name="report"/>,
    /// the command's output is kept in <c>$result</c> instead of thrown away, and that expression, evaluated after the
    /// clock stops, comes back as Result (to check what the command did).
    /// </summary>
    internal static (double PeakMiB, double Milliseconds, string? Result) Pwsh(string modulePath, string warmUp, string command, string? report = null)
    {
        var measured = report == null ? command + " | Out-Null" : "$result = " + command;
        var reported = report == null ? string.Empty : "'result ' + (" + report + ")";
        var script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{modulePath}}'
            {{warmUp}} | Out-Null
            [System.GC]::Collect()
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            {{measured}}
            $watch.Stop()
            $process = [System.Diagnostics.Process]::GetCurrentProcess()
            $process.Refresh()
            'ms ' + $watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
            'peak ' + $process.PeakWorkingSet64
            {{reported}}
            """;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Program.RepoRoot,
        };
        foreach (var arg in new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", script })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pwsh failed running {command}: {output} {error.Result}");
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Text(string key) => lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..];
        double Value(string key) => double.Parse(Text(key), CultureInfo.InvariantCulture);
        return (Value("peak") / (1024 * 1024), Value("ms"), report == null ? null : Text("result"));
    }

    /// <summary>The session of 50 events, and the rest of the namespace spread over 100 other sessions.</summary>
    private static async Task SeedNamespace(HttpClient http, string ns, int total)
    {
        await SeedSession(http, ns, "mine", SessionEvents, "m");
        var others = total - SessionEvents;
        var perSession = (others + OtherSessions - 1) / OtherSessions;
        for (var s = 0; s < OtherSessions && others > 0; s++)
        {
            var count = Math.Min(perSession, others);
            await SeedSession(http, ns, "other" + s.ToString(CultureInfo.InvariantCulture), count, "o" + s.ToString(CultureInfo.InvariantCulture) + "-");
            others -= count;
        }
    }

    /// <summary>Events as Mayros agents write them, in POST /api/v1/events bodies under 1 MiB, made as they are sent.</summary>
    internal static async Task SeedSession(HttpClient http, string ns, string session, int count, string prefix)
    {
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var parent = i == 0 ? string.Empty : $",\"parent_event\":\"{prefix}{i - 1}\"";
            var e = $"{{\"id\":\"{prefix}{i}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"{Iso(Start.AddSeconds(i))}\"," +
                $"\"session\":\"{session}\"{parent},\"duration_ms\":{i % 1000},\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\",\"output\":\"{i % 7} matches\"}}}}";
            if (body.Length + e.Length > 1_000_000)
            {
                await Post(http, "/api/v1/events", body.Append("]}").ToString());
                body.Clear();
            }

            body.Append(body.Length == 0 ? $"{{\"namespace\":\"{ns}\",\"events\":[" : ",").Append(e);
        }

        if (body.Length > 0)
        {
            await Post(http, "/api/v1/events", body.Append("]}").ToString());
        }
    }

    internal static async Task Post(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
