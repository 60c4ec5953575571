using System;
using System.Threading;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex;

/// <summary>What every route shares: the store, the cluster role, the options.</summary>
public sealed class ServerState
{
    private long _unreadable;

    public ServerState(TripleStore store, CortexServerOptions options, Cluster cluster)
    {
        Store = store;
        Options = options;
        Cluster = cluster;
        Limiter = options.RateLimitPerMinute > 0 ? new RateLimiter(options.RateLimitPerMinute, options.Clock) : null;
    }

    public TripleStore Store { get; }

    public CortexServerOptions Options { get; }

    public Cluster Cluster { get; }

    public RateLimiter? Limiter { get; }

    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    /// <summary>Triples a cluster stored as undecodable JSON values: counted in stats, invisible to reads.</summary>
    public long UnreadableTriples => Interlocked.Read(ref _unreadable);

    public void CountUnreadableTriple() => Interlocked.Increment(ref _unreadable);
}
