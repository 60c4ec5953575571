using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Mayros.TestSupport;

namespace Mayros.Soak;

/// <summary>
/// The faults one proxy injects: the n-th request it sees draws its fault from a Random of the run's seed, so the
/// schedule (request n gets fault F) is fixed by the seed, while which operation's request is the n-th is not.
/// During an election the leader's proxy answers as a node that lost its leadership (see <see cref="SoakCluster"/>).
/// </summary>
internal sealed class FaultPlan
{
    public const string Refused = "refused";
    public const string Cut = "cut mid-body";
    public const string Stall = "stall 1-3 s";
    public const string ServerError = "500";
    public const string RateLimited = "429 Retry-After";
    public const string Election = "election (500 not leader)";

    private static readonly string NotLeader = "{\"error\":\"Internal error: Not leader; leader unknown\",\"code\":\"INTERNAL_ERROR\"}";

    private readonly Random _random;
    private readonly double _probability;
    private readonly object _gate = new();
    private readonly string _statusDuringElection;

    public FaultPlan(int seed, double percent, int nodeId)
    {
        _random = new Random(seed);
        _probability = percent / 100;
        _statusDuringElection = "{\"node_id\":" + nodeId + ",\"role\":\"Follower\",\"term\":2,\"leader_id\":null,\"leader_addr\":null,\"members\":[]}";
    }

    /// <summary>False while the soak seeds and checks: every request passes.</summary>
    public bool Enabled { get; set; }

    /// <summary>True while this node plays an election (the leader that stepped down).</summary>
    public bool InElection { get; set; }

    public ConcurrentDictionary<string, int> Injected { get; } = new();

    public Fault Decide(ProxiedRequest request)
    {
        if (!Enabled)
        {
            return Fault.None;
        }

        if (InElection)
        {
            Count(Election);
            return request.PathAndQuery.StartsWith("/api/v1/cluster/status", StringComparison.Ordinal)
                ? Fault.Status(200, _statusDuringElection)
                : Fault.Status(500, NotLeader);
        }

        double draw;
        int kind;
        int stallMs;
        lock (_gate)
        {
            draw = _random.NextDouble();
            kind = _random.Next(5);
            stallMs = _random.Next(1000, 3001);
        }

        if (draw >= _probability)
        {
            return Fault.None;
        }

        switch (kind)
        {
            case 0:
                Count(Refused);
                return Fault.Drop;
            case 1:
                Count(Cut);
                return Fault.ApplyThenDrop;
            case 2:
                Count(Stall);
                return Fault.Stall(TimeSpan.FromMilliseconds(stallMs));
            case 3:
                Count(ServerError);
                return Fault.Status(500, "{\"error\":\"Internal error: storage hiccup\",\"code\":\"INTERNAL_ERROR\"}");
            default:
                Count(RateLimited);
                return Fault.Status(429, "{\"error\":\"Rate limit exceeded. Retry after 1 seconds\",\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":1}", "1");
        }
    }

    /// <summary>Every plan's counts, summed by kind.</summary>
    public static SortedDictionary<string, int> Total(IEnumerable<FaultPlan> plans)
    {
        var total = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in plans.SelectMany(p => p.Injected))
        {
            total[kind] = total.GetValueOrDefault(kind) + count;
        }

        return total;
    }

    private void Count(string kind) => Injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
