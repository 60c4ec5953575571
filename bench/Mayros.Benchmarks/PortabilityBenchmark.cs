using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// A large session moved between two servers: Export-MayrosSession to a file, Import-MayrosSession of that file into a
/// second, empty local Cortex, and the same import again (nothing to write). Each command in a pwsh process of its own,
/// as the namespace part runs them: the process's peak working set and the command's own time.
/// </summary>
internal static class PortabilityBenchmark
{
    private const int WarmEvents = 50;

    /// <summary>The targets, for export and import alike.</summary>
    private const double TargetMiB = 200;
    private const double TargetSeconds = 60;

    public sealed record Step(double PeakMiB, double Milliseconds);

    public sealed record Row(int Events, long FileBytes, double BaselineMiB, Step Export, Step Import, Step Reimport);

    public static async Task<List<Row>> Measure(int[] sizes, int repeat, string modulePath)
    {
        var rows = new List<Row>();
        var work = Directory.CreateTempSubdirectory("mayros-portability-");
        try
        {
            foreach (var size in sizes)
            {
                rows.Add(await MeasureSize(size, repeat, modulePath, work.FullName));
                Console.Error.WriteLine($"export and import of {size:N0} events measured");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return rows;
    }

    private static async Task<Row> MeasureSize(int size, int repeat, string modulePath, string work)
    {
        // The source: the session (its events as the namespace part seeds them, and a status, as a session has), alone
        // in its namespace, and a small one where each process first runs the same command untimed.
        await using var source = await ServerProcess.StartAsync();
        using (var http = new HttpClient { BaseAddress = source.BaseAddress, Timeout = TimeSpan.FromMinutes(30) })
        {
            await SeedSession(http, "bench", size, "b");
            await SeedSession(http, "warm", WarmEvents, "w");
        }

        var file = Path.Combine(work, $"big-{size}.ndjson");
        var warmFile = Path.Combine(work, "warm.ndjson");
        string Export(string ns, string path) => $"Export-MayrosSession -Session big -Path '{path}' -PassThru -CortexPort {source.Port} -Namespace {ns}";
        static string Import(string path, int port, string ns) => $"Import-MayrosSession -Path '{path}' -CortexPort {port} -Namespace {ns}";

        // The import and the re-import are the same command, run twice against the same target.
        (double PeakMiB, double Milliseconds, string? Result) ImportInto(int port) =>
            NamespaceBenchmark.Pwsh(modulePath, Import(warmFile, port, "warm"), Import(file, port, "bench"), "\"$($result.Result) $($result.Events)\"");

        var baseline = NamespaceBenchmark.Median(Enumerable.Range(0, repeat).Select(_ => NamespaceBenchmark.Pwsh(modulePath, "$null", "$null").PeakMiB).ToList());
        var exports = new List<Step>();
        var imports = new List<Step>();
        var reimports = new List<Step>();
        long fileBytes = 0;
        for (var i = 0; i < repeat; i++)
        {
            // Each round exports anew (the file replaced) and imports into a server of its own, empty but for the
            // warm-up namespace: every import moves the whole session, and every re-import finds all of it there.
            var export = NamespaceBenchmark.Pwsh(modulePath, Export("warm", warmFile), Export("bench", file), "\"$($result.Events) $($result.Length)\"");
            fileBytes = new FileInfo(file).Length;
            Expect("Export-MayrosSession", export.Result, $"{size} {fileBytes}");
            exports.Add(new Step(export.PeakMiB, export.Milliseconds));

            await using var target = await ServerProcess.StartAsync();
            var import = ImportInto(target.Port);
            Expect("Import-MayrosSession", import.Result, $"Imported {size}");
            imports.Add(new Step(import.PeakMiB, import.Milliseconds));

            var reimport = ImportInto(target.Port);
            Expect("Import-MayrosSession (again)", reimport.Result, $"Unchanged {size}");
            reimports.Add(new Step(reimport.PeakMiB, reimport.Milliseconds));
            Console.Error.WriteLine(
                FormattableString.Invariant($"  {size:N0} events, round {i + 1}: export {export.PeakMiB:N0} MiB {export.Milliseconds:N0} ms, ") +
                FormattableString.Invariant($"import {import.PeakMiB:N0} MiB {import.Milliseconds:N0} ms, ") +
                FormattableString.Invariant($"again {reimport.PeakMiB:N0} MiB {reimport.Milliseconds:N0} ms"));
        }

        return new Row(size, fileBytes, baseline, Median(exports), Median(imports), Median(reimports));
    }

    private static void Expect(string command, string? actual, string expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{command} reported '{actual}', expected '{expected}'.");
        }
    }

    private static async Task SeedSession(HttpClient http, string ns, int count, string prefix)
    {
        await NamespaceBenchmark.SeedSession(http, ns, "big", count, prefix);
        await NamespaceBenchmark.Post(http, "/api/v1/triples/batch", NamespaceBenchmark.Triples(($"{ns}:session:big", $"{ns}:session:status", "active")));
    }

    private static Step Median(List<Step> steps) =>
        new(NamespaceBenchmark.Median(steps.Select(s => s.PeakMiB).ToList()), NamespaceBenchmark.Median(steps.Select(s => s.Milliseconds).ToList()));

    public static string Report(List<Row> rows, int repeat)
    {
        static string Mark(Step step)
        {
            var missed = new[] { step.PeakMiB > TargetMiB ? "peak" : null, step.Milliseconds > TargetSeconds * 1000 ? "time" : null }.OfType<string>().ToList();
            return missed.Count == 0 ? "✓" : $"✗ ({string.Join(", ", missed)})";
        }

        var text = new StringBuilder();
        text.AppendLine("A session alone in its namespace (events of the shape the namespace part seeds, and a status) exported with");
        text.AppendLine("`Export-MayrosSession -Path` from one local Cortex, imported with `Import-MayrosSession -Path` into a second, empty");
        text.AppendLine("one (a new server each round), then imported there again: the target holds it already, so the import reads and");
        text.AppendLine("compares, and writes nothing (`Unchanged`). Each command in a **pwsh 7.6.10 process of its own**; both servers in");
        text.AppendLine("processes of their own, in memory, rate limit off. **Peak** is that process's peak working set, start-up included;");
        text.AppendLine("**baseline** is the same process importing the module and running `$null`. **Time** is the command's own, measured");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"inside the process after the same command on a {WarmEvents}-event session, untimed. Medians of {repeat}. Targets at 100,000 events:");
        text.AppendLine(CultureInfo.InvariantCulture, $"export and import each within {TargetMiB:N0} MiB peak and {TargetSeconds:N0} s (✓ met, ✗ missed, on every row).");
        text.AppendLine();
        text.AppendLine("| Events | File (MiB) | Baseline (MiB) | Export peak (MiB) | Export (ms) | Target | Import peak (MiB) | Import (ms) | Target | Re-import peak (MiB) | " +
            "Re-import (ms) |");
        text.AppendLine("|---:|---:|---:|---:|---:|:-:|---:|---:|:-:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Events:N0} | {row.FileBytes / (1024.0 * 1024):N1} | {row.BaselineMiB:N0} | {row.Export.PeakMiB:N0} | {row.Export.Milliseconds:N0} | {Mark(row.Export)} " +
                $"| {row.Import.PeakMiB:N0} | {row.Import.Milliseconds:N0} | {Mark(row.Import)} | {row.Reimport.PeakMiB:N0} | {row.Reimport.Milliseconds:N0} |");
        }

        if (rows.Count > 1)
        {
            // What each event adds, from the smallest size measured to the largest.
            var (small, large) = (rows.MinBy(r => r.Events)!, rows.MaxBy(r => r.Events)!);
            double PerEvent(Func<Row, double> peak) => (peak(large) - peak(small)) * 1024 * 1024 / (large.Events - small.Events);
            double Rate(Func<Row, double> ms) => ms(large) / large.Events * 1000;
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"From {small.Events:N0} to {large.Events:N0} events the peak changes by {large.Export.PeakMiB - small.Export.PeakMiB:+0;-0} MiB for an export " +
                $"({PerEvent(r => r.Export.PeakMiB):+0;-0} bytes per event), {large.Import.PeakMiB - small.Import.PeakMiB:+0;-0} MiB for an import " +
                $"({PerEvent(r => r.Import.PeakMiB):+0;-0} bytes per event) and {large.Reimport.PeakMiB - small.Reimport.PeakMiB:+0;-0} MiB for a re-import " +
                $"({PerEvent(r => r.Reimport.PeakMiB):+0;-0} bytes per event); the file takes {large.FileBytes / (double)large.Events:N0} bytes per event. At {large.Events:N0} " +
                $"events an export takes {Rate(r => r.Export.Milliseconds):N0} µs per event, an import {Rate(r => r.Import.Milliseconds):N0} µs and a re-import " +
                $"{Rate(r => r.Reimport.Milliseconds):N0} µs.");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:");
        text.AppendLine();
        text.AppendLine("```bash");
        var sizes = string.Join(",", rows.Select(r => r.Events.ToString(CultureInfo.InvariantCulture)));
        var repeats = repeat == 3 ? string.Empty : " --portability-repeat " + repeat.ToString(CultureInfo.InvariantCulture);
        text.AppendLine(
            CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part portability --portability-events {sizes}{repeats} --write docs/BENCHMARKS.md");
        text.AppendLine("```");
        return text.ToString();
    }
}
