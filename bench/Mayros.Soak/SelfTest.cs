using System;
using System.Collections.Generic;
using System.Linq;
using LocalCortex.Graph;

namespace Mayros.Soak;

/// <summary>
/// The checker checked: after the real verdict, the leader's store is corrupted on purpose in three ways the
/// invariants forbid (a fork's copied event loses its session triple, a fork gets a second forkedAt, a seeded event
/// a second text), and the store invariants must report each. A checker that passes a corrupted store fails the soak.
/// </summary>
internal static class SelfTest
{
    /// <summary>A fork (a status and a forkedFrom) that holds copies now, or null.</summary>
    public static string? ForkToCorrupt(StoreModel store) =>
        store.Records.FirstOrDefault(r => r.Value.ContainsKey("status") && r.Value.ContainsKey("forkedFrom")
            && SuccessChecks.CopiesAt(store, r.Key, DateTime.UtcNow).Count > 0).Key;

    public static List<string> Run(TripleStore leader, SeedData seed, IReadOnlyList<Operation> log)
    {
        var failures = new List<string>();
        var ns = SeedData.Namespace;
        var store = StoreModel.Read(leader, ns);
        var fork = ForkToCorrupt(store);
        if (fork == null)
        {
            return new List<string> { "no fork with copies to corrupt: the run made none" };
        }

        var copy = SuccessChecks.CopiesAt(store, fork, DateTime.UtcNow).OrderBy(c => c.Time).First();
        var sessionTriple = leader.Find($"{ns}:event:{copy.Id}", $"{ns}:event:session", null).Single();
        leader.Delete(sessionTriple.Id);
        leader.Insert(new TripleInput($"{ns}:session:{fork}", $"{ns}:session:forkedAt", GraphValue.String("2026-03-01T11:11:11.111Z")));
        var seeded = seed.Events[0];
        leader.Insert(new TripleInput($"{ns}:event:{seeded.Id}", $"{ns}:event:text", GraphValue.String("changed behind the module's back")));

        var verdicts = new Verdicts();
        using var emptyFollower = new TripleStore(null);
        new StoreInvariants(StoreModel.Read(leader, ns), log, verdicts).Run(seed, leader, emptyFollower, null);
        foreach (var invariant in new[] { "a fork that looks complete is complete: its source's live events at a moment, each once", "no fork with two forkedAt",
            "no seeded event lost or changed" })
        {
            if (verdicts.Violated(invariant) == 0)
            {
                failures.Add($"the checker missed a corruption it must see: \"{invariant}\" (fork {fork}, event {copy.Id}, seeded {seeded.Id})");
            }
        }

        return failures;
    }
}
