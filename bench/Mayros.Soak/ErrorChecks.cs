using System.Collections.Generic;
using System.Linq;

namespace Mayros.Soak;

/// <summary>Every error had a stable, declared id and a category, and no output, stream or error showed the token.</summary>
internal static class ErrorChecks
{
    public static void Run(IReadOnlyList<Operation> log, HashSet<string> declared, IReadOnlyCollection<Operation> tokenShown, Verdicts verdicts)
    {
        foreach (var (op, error) in log.SelectMany(o => o.Errors.Select(e => (o, e))))
        {
            verdicts.Check("every error has a stable error id and a category", declared.Contains(error.Id) && error.Id != "UnexpectedError" && error.Category != "NotSpecified",
                () => $"{op}: {error.Id} ({error.Category}): {error.Message}");
        }

        foreach (var op in log)
        {
            verdicts.Check("the token in no output, stream or error", !tokenShown.Contains(op), () => $"{op} showed the token");
        }
    }
}
