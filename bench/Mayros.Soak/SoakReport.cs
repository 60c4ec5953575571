using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Mayros.Soak;

/// <summary>The figures of a run, as markdown: operations by kind and outcome, faults by kind, invariants, violations, latency per cmdlet.</summary>
internal static class SoakReport
{
    public static string Write(SoakOptions options, IReadOnlyList<Operation> log, IReadOnlyDictionary<string, int> faults, int elections, Verdicts verdicts,
        IReadOnlyList<string> selfTest)
    {
        var md = new StringBuilder();
        var soak = log.Where(o => o.Phase == "soak").ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"Seed {options.Seed}, {options.Seconds} s, {options.Workers} workers, " +
            $"faults at {options.FaultPercent.ToString(CultureInfo.InvariantCulture)} % of requests, " +
            $"{elections} elections; {soak.Count} operations, then {log.Count(o => o.Phase == "rerun")} re-runs of failed writes " +
            $"and {log.Count(o => o.Phase == "check")} reads through the module.");
        md.AppendLine().AppendLine("| Operation | Runs | Succeeded | Failed: session errors | Failed: Cortex errors (by id) |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var kind in soak.GroupBy(o => o.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var session = kind.Count(o => !o.Succeeded && Convergence.SessionErrors.Contains(o.ErrorId!));
            var cortex = kind.Where(o => !o.Succeeded && !Convergence.SessionErrors.Contains(o.ErrorId!)).GroupBy(o => o.ErrorId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Key} | {kind.Count()} | {kind.Count(o => o.Succeeded)} | {session} | {string.Join(", ", cortex)} |");
        }

        md.AppendLine().AppendLine("| Fault injected | Requests |").AppendLine("|---|---:|");
        foreach (var (kind, count) in faults)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {count:N0} |");
        }

        md.AppendLine().AppendLine("| Cmdlet (under faults) | Runs | p50 (ms) | p99 (ms) |").AppendLine("|---|---:|---:|---:|");
        foreach (var cmdlet in soak.GroupBy(o => o.Cmdlet).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = cmdlet.Select(o => o.Milliseconds).OrderBy(t => t).ToList();
            md.AppendLine(CultureInfo.InvariantCulture, $"| {cmdlet.Key} | {times.Count} | {Percentile(times, 0.5):N0} | {Percentile(times, 0.99):N0} |");
        }

        md.AppendLine().AppendLine("| Invariant | Checked | Violations |").AppendLine("|---|---:|---:|");
        foreach (var (invariant, (n, bad)) in verdicts.Counts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {invariant} | {n:N0} | {bad} |");
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"{verdicts.Checked:N0} checks, {verdicts.Violations.Count} violations; checker self-test: {(selfTest.Count == 0 ? "passed" : "FAILED")}.");
        foreach (var line in verdicts.Violations.Take(40).Concat(selfTest))
        {
            md.AppendLine("- " + line);
        }

        return md.ToString();
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
