using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// Restore-MayrosSession of a removed session from a large graph: the local Cortex holds the session and enough
/// other sessions' events to make the graph the size asked; the session is checkpointed and removed by the module
/// (without -Purge), then restored in a pwsh process of its own, after an untimed restore of a small session in
/// another namespace. Its floor is the two replays the command reads (/dag/at), downloaded raw and thrown away.
/// </summary>
internal static class RestoreBenchmark
{
    private const int FillerSessions = 10;

    public sealed record Result(int Events, long Triples, long Actions, double BaselineMiB, double PeakMiB, double Milliseconds, double FloorMs, double AgainMs, string Outcome);

    public static async Task<Result> Measure(int events, int graphTriples, string modulePath)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        await NamespaceBenchmark.SeedSession(http, "bench", "big", events, "b");
        await NamespaceBenchmark.SeedSession(http, "warm", "small", 20, "w");
        var filler = (int)Math.Max(0, (graphTriples - await Stats(http, "/api/v1/stats", "triple_count")) / 9); // 9 triples per seeded event
        for (var s = 0; s < FillerSessions; s++)
        {
            var name = "other" + s.ToString(CultureInfo.InvariantCulture);
            await NamespaceBenchmark.SeedSession(http, "filler", name, filler / FillerSessions, "f" + s.ToString(CultureInfo.InvariantCulture) + "-");
            Console.Error.WriteLine($"restore: seeded filler session {s + 1} of {FillerSessions}");
        }

        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var (ns, key) in new[] { ("warm", "small"), ("bench", "big") })
        {
            NamespaceBenchmark.Pwsh(modulePath, "$null", "$null = & { " + $"$PSDefaultParameterValues['*-Mayros*:CortexPort'] = {port}; " +
                $"$PSDefaultParameterValues['*-Mayros*:Namespace'] = '{ns}'; New-MayrosCheckpoint -Session {key} -Label before; " +
                $"Remove-MayrosSession -Session {key} -Confirm:$false }}");
        }

        var triples = await Stats(http, "/api/v1/stats", "triple_count");
        var actions = await Stats(http, "/api/v1/dag/stats", "action_count");
        Console.Error.WriteLine($"restore: graph of {triples:N0} triples and {actions:N0} actions ready; restoring");
        string Restore(string ns, string key) => $"Restore-MayrosSession -Session {key} -CortexPort {port} -Namespace {ns} -Force";
        var baseline = NamespaceBenchmark.Pwsh(modulePath, "$null", "$null").PeakMiB;
        var run = NamespaceBenchmark.Pwsh(modulePath, Restore("warm", "small"), Restore("bench", "big"), "\"$($result.Result) $($result.Events) $($result.At)\"");
        var outcome = run.Result!.Split(' ');
        var again = NamespaceBenchmark.Pwsh(modulePath, "$null", Restore("bench", "big"), "$result.Result");

        var watch = Stopwatch.StartNew();
        await NamespaceBenchmark.Drain(http, "/api/v1/dag/at/" + outcome[2]);
        await NamespaceBenchmark.Drain(http, "/api/v1/dag/at/" + outcome[2]);
        var floor = watch.Elapsed.TotalMilliseconds;
        return new Result(events, triples, actions, baseline, run.PeakMiB, run.Milliseconds, floor, again.Milliseconds, $"{outcome[0]} {outcome[1]}, then {again.Result}");
    }

    /// <summary>A number of /api/v1/stats (under "graph") or /api/v1/dag/stats.</summary>
    private static async Task<long> Stats(HttpClient http, string path, string name)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(path));
        var root = document.RootElement;
        return (root.TryGetProperty("graph", out var graph) ? graph : root).GetProperty(name).GetInt64();
    }

    public static string Report(Result r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"A session of {r.Events:N0} events, checkpointed and removed by the module (without `-Purge`), restored with `Restore-MayrosSession -Force`");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"from a graph of {r.Triples:N0} triples ({r.Actions:N0} DAG actions; the other triples are {FillerSessions} other sessions' events in another namespace).");
        text.AppendLine("The command runs in a **pwsh 7.6.10 process of its own** after an untimed restore of a 20-event session; the local");
        text.AppendLine("Cortex in another process, in memory, rate limit off. The **floor** is the two replays the command reads");
        text.AppendLine("(`GET /api/v1/dag/at/{hash}`), downloaded raw and thrown away. One run (a restore changes what it restores).");
        text.AppendLine();
        text.AppendLine("| Events | Graph (triples) | Baseline (MiB) | Peak (MiB) | Restore (ms) | Floor (ms) | Restore / floor | Run again (ms) | Outcome |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        text.Append(CultureInfo.InvariantCulture,
            $"| {r.Events:N0} | {r.Triples:N0} | {r.BaselineMiB:N0} | {r.PeakMiB:N0} | {r.Milliseconds:N0} | {r.FloorMs:N0} | {r.Milliseconds / r.FloorMs:N2} | ")
            .AppendLine(CultureInfo.InvariantCulture, $"{r.AgainMs:N0} | {r.Outcome} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        text.AppendLine("```bash");
        text.Append(CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part restore --restore-events {r.Events} --restore-graph {r.Triples / 1000 * 1000}")
            .AppendLine(" --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
