using System.Collections.Generic;
using System.Linq;

namespace Mayros.Soak;

/// <summary>Every invariant the checker judged: how often, and each violation found, with what shows it.</summary>
internal sealed class Verdicts
{
    private readonly SortedDictionary<string, (int Checked, int Violated)> _counts = new(System.StringComparer.Ordinal);

    public List<string> Violations { get; } = new();

    public IReadOnlyDictionary<string, (int Checked, int Violated)> Counts => _counts;

    public int Checked => _counts.Values.Sum(c => c.Checked);

    public int Violated(string invariant) => _counts.TryGetValue(invariant, out var c) ? c.Violated : 0;

    /// <summary>Judges one instance of an invariant; a false <paramref name="holds"/> is a violation described by <paramref name="detail"/>.</summary>
    public bool Check(string invariant, bool holds, System.Func<string> detail)
    {
        var (n, bad) = _counts.TryGetValue(invariant, out var c) ? c : (0, 0);
        _counts[invariant] = (n + 1, holds ? bad : bad + 1);
        if (!holds)
        {
            Violations.Add($"{invariant}: {detail()}");
        }

        return holds;
    }
}
