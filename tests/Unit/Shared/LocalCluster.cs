using System.Threading.Tasks;
using LocalCortex;
using Xunit;

namespace Mayros.TestSupport;

/// <summary>A leader and a follower on loopback, answering as a Cortex cluster does.</summary>
public sealed class LocalCluster : IAsyncLifetime
{
    public CortexServer Leader { get; private set; } = null!;

    public CortexServer Follower { get; private set; } = null!;

    /// <summary>A follower in the middle of an election: it knows no leader.</summary>
    public CortexServer Orphan { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Leader = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, RateLimitPerMinute = 0, Role = ClusterRole.Leader });
        Follower = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, RateLimitPerMinute = 0, Role = ClusterRole.Follower, NodeId = 2,
            LeaderAddress = $"127.0.0.1:{Leader.Port}" });
        Orphan = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, RateLimitPerMinute = 0, Role = ClusterRole.Follower, NodeId = 3, LeaderAddress = null });
        Leader.Cluster.AddReplica(Follower.Store);
    }

    public async Task DisposeAsync()
    {
        await Leader.DisposeAsync();
        await Follower.DisposeAsync();
        await Orphan.DisposeAsync();
    }
}
