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

    /// <summary>The DAG of every write, or null when the server runs without one.</summary>
    public Dag.DagStore? Dag { get; init; }

    /// <summary>Records a write in the DAG, when there is one.</summary>
    public void Record(Dag.DagPayload payload) => Dag?.Record(payload);

    public CortexServerOptions Options { get; }

    public Cluster Cluster { get; }

    public RateLimiter? Limiter { get; }

    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    /// <summary>Triples a cluster stored as undecodable JSON values: counted in stats, invisible to reads.</summary>
    public long UnreadableTriples => Interlocked.Read(ref _unreadable);

    public void CountUnreadableTriple() => Interlocked.Increment(ref _unreadable);
}
