using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Mayros.Soak;

/// <summary>
/// The chaos soak: a leader/follower pair and an import target behind fault proxies, seeded sessions, parallel workers
/// calling the cmdlets at random while faults and elections strike, then (faults off) failed writes run again and
/// every invariant checked on what is stored. Exit code 0 only with no violation and a checker that still sees
/// corruption. Usage: dotnet run -c Release --project bench/Mayros.Soak -- --seconds 60 --seed 28.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = SoakOptions.Parse(args);
        Console.WriteLine($"Chaos soak: seed {options.Seed}, {options.Seconds} s, {options.Workers} workers (re-run with --seed {options.Seed}).");
        var modulePath = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MayrosModuleManifest").Value!;
        var exports = Directory.CreateTempSubdirectory("mayros-soak-");
        try
        {
            await using var cluster = await SoakCluster.StartAsync(options);
            var seed = await SeedData.WriteAsync(cluster, options);
            var log = new OperationLog();
            var catalog = new OperationCatalog(seed, log, exports.FullName);
            var workload = new Workload(options, catalog, log, cluster.Token);
            var shells = Enumerable.Range(0, options.Workers).Select(_ => new WorkerShell(modulePath, cluster, SeedData.Namespace)).ToList();
            try
            {
                var declared = shells[0].DeclaredErrorIds();
                using var stop = new CancellationTokenSource();
                cluster.Faults = true;
                var elections = cluster.RunElections(options, stop.Token);
                await workload.Run(shells, new Progress<string>(Console.WriteLine));
                stop.Cancel();
                await elections;
                cluster.Faults = false;

                var verdicts = new Verdicts();
                var convergence = new Convergence(workload, log, verdicts);
                convergence.RerunFailures(shells[0]);
                convergence.ModuleAgreesWithStore(shells[0], StoreModel.Read(cluster.Leader.Store, SeedData.Namespace), catalog.Keys);
                convergence.EnsureFork(shells[0], StoreModel.Read(cluster.Leader.Store, SeedData.Namespace), catalog.Keys);
                Judge(cluster, seed, log.All, declared, workload, verdicts);
                var selfTest = options.SkipSelfTest ? new List<string>() : SelfTest.Run(cluster.Leader.Store, seed, log.All);
                var report = SoakReport.Write(options, log.All, FaultPlan.Total(cluster.Plans), cluster.Elections, verdicts, selfTest);
                Console.WriteLine();
                Console.WriteLine(report);
                Save(options, report, log, verdicts.Violations);
                Dump(options, StoreModel.Read(cluster.Leader.Store, SeedData.Namespace), cluster.Leader.Store);
                return verdicts.Violations.Count == 0 && selfTest.Count == 0 ? 0 : 1;
            }
            finally
            {
                shells.ForEach(s => s.Dispose());
            }
        }
        finally
        {
            exports.Delete(recursive: true);
        }
    }

    private static void Judge(SoakCluster cluster, SeedData seed, IReadOnlyList<Operation> log, HashSet<string> declared, Workload workload, Verdicts verdicts)
    {
        var store = StoreModel.Read(cluster.Leader.Store, SeedData.Namespace);
        store.BoundUndos(log);
        new SuccessChecks(store, log, verdicts).Run();
        new StoreInvariants(store, log, verdicts).Run(seed, cluster.Leader.Store, cluster.Follower.Store, cluster.Follower.Requests);
        PortabilityChecks.Run(log, cluster.Other.Store, verdicts, workload.Shows);
        ErrorChecks.Run(log, declared, workload.TokenShown, verdicts);
    }

    /// <summary>
    /// The leader's session records as the checker read them, and every triple of the namespace (subject, predicate,
    /// created_at, object) in the order stored, for reading a violation afterwards.
    /// </summary>
    private static void Dump(SoakOptions options, StoreModel store, LocalCortex.Graph.TripleStore leader)
    {
        if (options.OutDirectory is { } dir)
        {
            File.WriteAllLines(Path.Combine(dir, $"soak-{options.Seed}.records.txt"), store.Records.OrderBy(r => r.Key, StringComparer.Ordinal)
                .SelectMany(r => r.Value.SelectMany(f => f.Value.Select(v => $"{r.Key}\t{f.Key}\t{v.CreatedAtUtc:HH:mm:ss.fff}\t{v.Object.Text}"))));
            File.WriteAllLines(Path.Combine(dir, $"soak-{options.Seed}.store.tsv"), leader.Find(null, null, null)
                .Where(t => t.Subject.StartsWith(SeedData.Namespace + ":", StringComparison.Ordinal)).OrderBy(t => t.CreatedAtUtc)
                .Select(t => $"{t.Subject}\t{t.Predicate}\t{t.CreatedAtUtc:HH:mm:ss.ffffff}\t{t.Object.Text ?? t.Object.ToString()}"));
        }
    }

    private static void Save(SoakOptions options, string report, OperationLog log, IEnumerable<string> violations)
    {
        if (options.OutDirectory is not { } dir)
        {
            return;
        }

        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, $"soak-{options.Seed}.md"), report);
        File.WriteAllLines(Path.Combine(dir, $"soak-{options.Seed}.violations.txt"), violations);
        log.Write(Path.Combine(dir, $"soak-{options.Seed}.history.jsonl"));
        Console.WriteLine($"Report and history in {dir}.");
    }
}
