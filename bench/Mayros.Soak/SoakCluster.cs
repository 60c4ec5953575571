using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LocalCortex;
using LocalCortex.Http;
using Mayros.TestSupport;

namespace Mayros.Soak;

/// <summary>
/// The servers the soak runs against, all in this process (so the checker reads their stores directly and their
/// created_at clock is this process's): a leader and a follower through the local server's cluster modes, and a
/// standalone node to import into. Each sits behind a fault proxy of its own; both cluster nodes name the leader's
/// proxy as the leader, so a follower's 307 and the leader discovery go through the proxy too. Every node requires
/// the connection's token (AINGLE_JWT_SECRET set).
/// </summary>
internal sealed class SoakCluster : IAsyncDisposable
{
    private const string Secret = "soak-jwt-secret-not-for-production";

    private readonly List<IAsyncDisposable> _owned = new();
    private string? _leaderAddress;

    private SoakCluster(SoakOptions options)
    {
        LeaderFaults = new FaultPlan(options.Derive("proxy:leader"), options.FaultPercent, 1);
        FollowerFaults = new FaultPlan(options.Derive("proxy:follower"), options.FaultPercent, 2);
        OtherFaults = new FaultPlan(options.Derive("proxy:other"), options.FaultPercent, 1);

        // A token no output may show: signed for every namespace, valid for a day.
        Token = JwtNamespace.Sign(Secret, null, DateTimeOffset.UtcNow.AddDays(1));
    }

    public CortexServer Leader { get; private set; } = null!;

    public CortexServer Follower { get; private set; } = null!;

    /// <summary>The standalone node imports go to ("elsewhere").</summary>
    public CortexServer Other { get; private set; } = null!;

    public FaultPlan LeaderFaults { get; }

    public FaultPlan FollowerFaults { get; }

    public FaultPlan OtherFaults { get; }

    public IEnumerable<FaultPlan> Plans => new[] { LeaderFaults, FollowerFaults, OtherFaults };

    /// <summary>The cluster as a runbook gives it: the follower first, then the leader (both through their proxies).</summary>
    public string ClusterHosts { get; private set; } = string.Empty;

    public string OtherHost { get; private set; } = string.Empty;

    public string Token { get; }

    public int Elections { get; private set; }

    public bool Faults
    {
        set
        {
            foreach (var plan in Plans)
            {
                plan.Enabled = value;
            }
        }
    }

    public static async Task<SoakCluster> StartAsync(SoakOptions options)
    {
        var cluster = new SoakCluster(options);
        await cluster.Start();
        return cluster;
    }

    /// <summary>
    /// Elections at times the seed fixes (every <see cref="SoakOptions.ElectionEverySeconds"/> on average, each 1 to 4
    /// s): the follower forgets its leader and the leader's proxy answers as a node that stepped down ("Not leader;
    /// leader unknown" 500s, a cluster status with no leader), until the same leader is elected again.
    /// </summary>
    public async Task RunElections(SoakOptions options, CancellationToken stop)
    {
        var random = new Random(options.Derive("elections"));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.ElectionEverySeconds * (0.5 + random.NextDouble())), stop);
                var length = TimeSpan.FromMilliseconds(random.Next(1000, 4001));
                Elections++;
                Follower.Cluster.LeaderAddress = null;
                LeaderFaults.InElection = true;
                try
                {
                    await Task.Delay(length, stop);
                }
                finally
                {
                    LeaderFaults.InElection = false;
                    Follower.Cluster.LeaderAddress = _leaderAddress;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The soak is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private async Task Start()
    {
        Leader = await Own(CortexServer.StartAsync(Options(ClusterRole.Leader, 1)));
        Follower = await Own(CortexServer.StartAsync(Options(ClusterRole.Follower, 2)));
        Other = await Own(CortexServer.StartAsync(Options(ClusterRole.Standalone, 1)));
        Leader.Cluster.AddReplica(Follower.Store);

        var leaderProxy = await Own(FaultProxy.StartAsync(Leader.BaseAddress));
        var followerProxy = await Own(FaultProxy.StartAsync(Follower.BaseAddress));
        var otherProxy = await Own(FaultProxy.StartAsync(Other.BaseAddress));
        leaderProxy.Plan = LeaderFaults.Decide;
        followerProxy.Plan = FollowerFaults.Decide;
        otherProxy.Plan = OtherFaults.Decide;

        _leaderAddress = $"127.0.0.1:{leaderProxy.Port}";
        Leader.Cluster.LeaderAddress = _leaderAddress;
        Follower.Cluster.LeaderAddress = _leaderAddress;
        ClusterHosts = $"127.0.0.1:{followerProxy.Port},{_leaderAddress}";
        OtherHost = $"127.0.0.1:{otherProxy.Port}";
    }

    private static CortexServerOptions Options(ClusterRole role, int node) => new()
    {
        Port = 0,
        DataDirectory = null,
        RateLimitPerMinute = 0,
        JwtSecret = Secret,
        Role = role,
        NodeId = node,
        LeaderAddress = role == ClusterRole.Follower ? "127.0.0.1:1" : null,
    };

    private async Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _owned.Add(started);
        return started;
    }
}
