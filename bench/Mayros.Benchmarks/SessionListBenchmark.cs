using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mayros.Benchmarks;

/// <summary>
/// Get-MayrosSession over a large namespace and Add-MayrosSessionEvent of a large pipeline, each in a pwsh process of
/// its own, beside their floors: the same listings downloaded raw (for the listing) and the same events posted
/// pre-serialised in 1 MiB bodies (for the writer).
/// </summary>
internal static class SessionListBenchmark
{
    public sealed record Result(
        int NamespaceEvents, int Sessions, double ListPeakMiB, double ListMs, double ListFloorMs,
        int AddedEvents, double AddPeakMiB, double AddMs, double AddFloorMs, double BaselineMiB);

    public static async Task<Result> Measure(int namespaceEvents, int sessions, int addEvents, int repeat, string modulePath)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        var perSession = namespaceEvents / sessions;
        for (var s = 0; s < sessions; s++)
        {
            var key = "agent:bench:" + s.ToString("D4", CultureInfo.InvariantCulture);
            await NamespaceBenchmark.SeedSession(http, "bench", key, perSession, "s" + s.ToString(CultureInfo.InvariantCulture) + "-");
            if (s % 100 == 99)
            {
                Console.Error.WriteLine($"  seeded {(s + 1) * perSession:N0} of {namespaceEvents:N0} events");
            }
        }

        await NamespaceBenchmark.SeedSession(http, "warm", "agent:warm", 50, "w");
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var baseline = NamespaceBenchmark.Pwsh(modulePath, "$null", "$null").PeakMiB;
        var list = new List<(double Peak, double Ms, double Floor)>();
        for (var i = 0; i < repeat; i++)
        {
            var floor = await ListFloor(http, "bench");
            var measured = NamespaceBenchmark.Pwsh(
                modulePath,
                $"Get-MayrosSession -CortexPort {port} -Namespace warm",
                $"Get-MayrosSession -CortexPort {port} -Namespace bench -TimeoutSec 600",
                "$result.Count");
            if (measured.Result != sessions.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"Get-MayrosSession listed {measured.Result} sessions, not {sessions:N0}");
            }

            list.Add((measured.PeakMiB, measured.Milliseconds, floor));
            Console.Error.WriteLine($"  Get-MayrosSession round {i + 1}: {measured.PeakMiB:N0} MiB, {measured.Milliseconds:N0} ms (floor {floor:N0} ms)");
        }

        var add = new List<(double Peak, double Ms, double Floor)>();
        for (var i = 0; i < repeat; i++)
        {
            var floor = await AddFloor(http, "addfloor" + i.ToString(CultureInfo.InvariantCulture), addEvents);
            var pipeline = $"0..{addEvents - 1} | ForEach-Object {{ [pscustomobject]@{{ Id = \"a$_\"; Fields = @{{ toolName = 'grep'; input = \"pattern $_\" }} }} }} | " +
                $"Add-MayrosSessionEvent -Session agent:added -Type tool_call -Agent agent-1 -CortexPort {port} -Namespace add{i} -TimeoutSec 600";
            var measured = NamespaceBenchmark.Pwsh(
                modulePath,
                $"Add-MayrosSessionEvent -Session w -Type note -CortexPort {port} -Namespace warm{i}",
                pipeline);
            add.Add((measured.PeakMiB, measured.Milliseconds, floor));
            Console.Error.WriteLine($"  Add-MayrosSessionEvent round {i + 1}: {measured.PeakMiB:N0} MiB, {measured.Milliseconds:N0} ms (floor {floor:N0} ms)");
        }

        return new Result(
            namespaceEvents, sessions, Median(list, r => r.Peak), Median(list, r => r.Ms), Median(list, r => r.Floor),
            addEvents, Median(add, r => r.Peak), Median(add, r => r.Ms), Median(add, r => r.Floor), baseline);
    }

    public static string Report(Result r, int repeat)
    {
        var text = new StringBuilder();
        text.AppendLine(I($"| Command | Size | Peak MiB (engine + module alone) | Time ms | Floor ms | Time / floor |"));
        text.AppendLine("|---|---|---|---|---|---|");
        text.AppendLine(
            I($"| `Get-MayrosSession` | {r.NamespaceEvents:N0} events in {r.Sessions:N0} sessions | {r.ListPeakMiB:N0} ({r.BaselineMiB:N0}) | ") +
            I($"{r.ListMs:N0} | {r.ListFloorMs:N0} | {r.ListMs / r.ListFloorMs:N2} |"));
        text.AppendLine(
            I($"| `Add-MayrosSessionEvent` (pipeline) | {r.AddedEvents:N0} events | {r.AddPeakMiB:N0} ({r.BaselineMiB:N0}) | ") +
            I($"{r.AddMs:N0} | {r.AddFloorMs:N0} | {r.AddMs / r.AddFloorMs:N2} |"));
        text.AppendLine();
        text.AppendLine(
            I($"Medians of {repeat} runs, each command in a fresh pwsh 7.6.10 after an untimed warm-up in a small namespace. The listing's floor ") +
            "is its ten listings downloaded raw and thrown away; the writer's is the same events posted pre-serialised in 1 MiB bodies " +
            I($"(the pipeline's own cost, {r.AddedEvents:N0} [pscustomobject]s bound by property name, is in the command's time, not the floor's)."));
        text.AppendLine(
            I($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription.Trim()}. Reproduce:"));
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(
            I($"dotnet run -c Release --project bench/Mayros.Benchmarks -- --part sessions --session-namespace {r.NamespaceEvents} ") +
            I($"--session-count {r.Sessions} --add-events {r.AddedEvents} --sessions-repeat {repeat} --write docs/BENCHMARKS.md"));
        text.AppendLine("```");
        return text.ToString();
    }

    private static string I(FormattableString text) => FormattableString.Invariant(text);

    private static async Task<double> ListFloor(HttpClient http, string ns)
    {
        var watch = Stopwatch.StartNew();
        foreach (var field in new[] { "status", "parentSession", "forkedFrom", "forkedAt", "forkPoint", "forkCheckpoint", "checkpoint", "rewindPoint", "rewind" })
        {
            await NamespaceBenchmark.Drain(http, $"/api/v1/triples?predicate={ns}%3Asession%3A{field}&limit=2147483647");
        }

        await NamespaceBenchmark.Drain(http, $"/api/v1/events?namespace={ns}&limit=2147483647");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> AddFloor(HttpClient http, string ns, int count)
    {
        var bodies = new List<string>();
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var e = $"{{\"id\":\"a{i}\",\"event_type\":\"tool_call\",\"agent_id\":\"agent-1\",\"timestamp\":\"2026-03-01T10:00:00.000Z\"," +
                $"\"session\":\"agent:added\",\"fields\":{{\"toolName\":\"grep\",\"input\":\"pattern {i}\"}}}}";
            if (body.Length + e.Length > 1_000_000)
            {
                bodies.Add(body.Append("]}").ToString());
                body.Clear();
            }

            body.Append(body.Length == 0 ? $"{{\"namespace\":\"{ns}\",\"events\":[" : ",").Append(e);
        }

        bodies.Add(body.Append("]}").ToString());
        var watch = Stopwatch.StartNew();
        await NamespaceBenchmark.Drain(http, $"/api/v1/events?namespace={ns}&limit=2147483647");
        foreach (var json in bodies)
        {
            await NamespaceBenchmark.Post(http, "/api/v1/events", json);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median<T>(List<T> values, Func<T, double> pick) => NamespaceBenchmark.Median(values.Select(pick).ToList());
}
