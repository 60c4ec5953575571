using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// A session's signed history: a session of many events with a long record history (checkpoints, a fork, a rewind
/// and its undo), then Get-MayrosSessionHistory and Test-MayrosSession -Verify, each in a pwsh process of its own,
/// as the namespace part runs them: the process's peak working set and the command's own time.
/// </summary>
internal static class HistoryBenchmark
{
    /// <summary>Five events in: NamespaceBenchmark seeds one event a second from 2026-03-01T10:00:00Z.</summary>
    private const string RewindTo = "2026-03-01T10:00:05Z";

    public sealed record Row(int Events, int Actions, double BaselineMiB, double HistoryMiB, double HistoryMs, double VerifyMiB, double VerifyMs);

    public static async Task<List<Row>> Measure(int[] sizes, int checkpoints, int repeat, string modulePath)
    {
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            await using var server = await ServerProcess.StartAsync();
            using (var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) })
            {
                await NamespaceBenchmark.SeedSession(http, "bench", "big", size, "b");
                await NamespaceBenchmark.SeedSession(http, "warm", "big", 20, "w");
            }

            // The record's history, written by the module as a user would (untimed): checkpoints, a fork, a rewind, its undo.
            var port = server.Port.ToString(CultureInfo.InvariantCulture);
            foreach (var ns in new[] { "warm", "bench" })
            {
                var setup = "$null = & { " + $"$PSDefaultParameterValues['*-Mayros*:CortexPort'] = {port}; $PSDefaultParameterValues['*-Mayros*:Namespace'] = '{ns}'; " +
                    $"1..{checkpoints} | ForEach-Object {{ New-MayrosCheckpoint -Session big -Label \"c$_\" }}; New-MayrosFork -Session big -Name kid; " +
                    $"Invoke-MayrosRewind -Session big -To '{RewindTo}' -Confirm:$false; Undo-MayrosRewind -Session big -Confirm:$false }}";
                NamespaceBenchmark.Pwsh(modulePath, "$null", setup);
            }

            string History(string ns) => $"@(Get-MayrosSessionHistory -Session big -CortexPort {port} -Namespace {ns})";
            string Verify(string ns) => $"Test-MayrosSession -Session big -Verify -CortexPort {port} -Namespace {ns}";
            var baseline = NamespaceBenchmark.Median(Enumerable.Range(0, repeat).Select(_ => NamespaceBenchmark.Pwsh(modulePath, "$null", "$null").PeakMiB).ToList());
            var history = Enumerable.Range(0, repeat).Select(_ => NamespaceBenchmark.Pwsh(modulePath, History("warm"), History("bench"), "$result.Count")).ToList();
            var verify = Enumerable.Range(0, repeat)
                .Select(_ => NamespaceBenchmark.Pwsh(modulePath, Verify("warm"), Verify("bench"), "\"$($result.Verified) $($result.Actions)\"")).ToList();
            var actions = int.Parse(history[0].Result!, CultureInfo.InvariantCulture);
            if (verify.Any(v => v.Result != $"True {actions}"))
            {
                throw new InvalidOperationException($"Test-MayrosSession -Verify reported '{verify[0].Result}', expected 'True {actions}'.");
            }

            rows.Add(new Row(size, actions, baseline, Median(history, h => h.PeakMiB), Median(history, h => h.Milliseconds), Median(verify, v => v.PeakMiB),
                Median(verify, v => v.Milliseconds)));
            Console.Error.WriteLine($"history of a {size:N0}-event session ({actions:N0} changes) measured");
        }

        return rows;
    }

    private static double Median(List<(double PeakMiB, double Milliseconds, string? Result)> runs,
        Func<(double PeakMiB, double Milliseconds, string? Result), double> pick) => NamespaceBenchmark.Median(runs.Select(pick).ToList());

    public static string Report(List<Row> rows, int checkpoints, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"A session alone in its namespace with {checkpoints} checkpoints, a fork, a rewind and its undo written by the module, read with");
        text.AppendLine("`Get-MayrosSessionHistory` and checked with `Test-MayrosSession -Verify` (blake3 and Ed25519 of every change and of");
        text.AppendLine("its parents, here). Each command in a **pwsh 7.6.10 process of its own**, the local Cortex in another, in memory,");
        text.AppendLine("rate limit off. **Peak** is the process's peak working set, start-up included; **baseline** the same process");
        text.AppendLine("importing the module and running `$null`. **Time** is the command's own, after the same command on a small session,");
        text.AppendLine(CultureInfo.InvariantCulture, $"untimed. Medians of {repeat}. Neither command reads the events: the rows differ only in the events' count.");
        text.AppendLine();
        text.AppendLine("| Events | Changes | Baseline (MiB) | History peak (MiB) | History (ms) | Verify peak (MiB) | Verify (ms) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Events:N0} | {row.Actions:N0} | {row.BaselineMiB:N0} | {row.HistoryMiB:N0} | {row.HistoryMs:N0} | {row.VerifyMiB:N0} | {row.VerifyMs:N0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        text.AppendLine("```bash");
        var sizes = string.Join(",", rows.Select(r => r.Events.ToString(CultureInfo.InvariantCulture)));
        var repeats = repeat == 3 ? string.Empty : " --history-repeat " + repeat.ToString(CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part history --history-events {sizes} --history-checkpoints {checkpoints}{repeats}")
            .AppendLine(" --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
