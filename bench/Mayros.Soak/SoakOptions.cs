using System;
using System.Globalization;

namespace Mayros.Soak;

/// <summary>
/// What a soak run does: how long, with which seed, how many workers, how often faults strike. Everything random in
/// the run comes from <see cref="Seed"/> (each worker and each proxy gets a Random of its own derived from it), so a
/// seed reproduces the workload and the fault schedule; thread timing still decides the interleaving.
/// </summary>
internal sealed class SoakOptions
{
    public int Seconds { get; private set; } = 60;

    public int Seed { get; private set; } = Environment.TickCount & 0x7fffffff;

    public int Workers { get; private set; } = 8;

    /// <summary>The share of requests that meet a fault (before elections), in percent.</summary>
    public double FaultPercent { get; private set; } = 5;

    /// <summary>Seconds between the starts of two elections (on average).</summary>
    public int ElectionEverySeconds { get; private set; } = 15;

    /// <summary>Where the run's report (markdown) and operation log (JSON lines) go; null: report on the console only.</summary>
    public string? OutDirectory { get; private set; }

    /// <summary>Skips the checker's self-test (a deliberately corrupted store must be reported).</summary>
    public bool SkipSelfTest { get; private set; }

    /// <summary>The seed of part <paramref name="part"/> of the run (a worker, a proxy): fixed by the run's seed.</summary>
    public int Derive(string part)
    {
        unchecked
        {
            var h = Seed * 16777619;
            foreach (var c in part)
            {
                h = (h ^ c) * 16777619;
            }

            return h & 0x7fffffff;
        }
    }

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seconds": options.Seconds = Int(); break;
                case "--seed": options.Seed = Int(); break;
                case "--workers": options.Workers = Int(); break;
                case "--fault-percent": options.FaultPercent = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--election-every": options.ElectionEverySeconds = Int(); break;
                case "--out": options.OutDirectory = Next(); break;
                case "--skip-self-test": options.SkipSelfTest = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --seconds N --seed N --workers N --fault-percent P " +
                    "--election-every S --out DIR --skip-self-test");
            }
        }

        return options;
    }
}
