using System;
using System.Collections.Generic;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex;

/// <summary>The role a server plays. Standalone is a stock Cortex; Leader and Follower imitate `--cluster`.</summary>
public enum ClusterRole
{
    Standalone,
    Leader,
    Follower,
}

/// <summary>
/// Cluster behaviour as Cortex shows it to a client (§9): only single creates and deletes go through Raft; a
/// follower answers them with 307 to the leader (Location without a path) or, with no leader known, a retryable
/// 500 "Not leader; leader unknown". Batch and event writes land on whichever node received them.
/// </summary>
public sealed class Cluster
{
    private readonly List<TripleStore> _replicas = new();

    public Cluster(ClusterRole role, int nodeId, string? advertisedAddress, string? leaderAddress)
    {
        Role = role;
        NodeId = nodeId;
        AdvertisedAddress = advertisedAddress;
        LeaderAddress = leaderAddress;
    }

    public ClusterRole Role { get; }

    public int NodeId { get; }

    /// <summary>This node's REST address (host:port).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The leader's REST address as host:port, or null while no leader is known.</summary>
    public string? LeaderAddress { get; set; }

    /// <summary>Follower stores the leader replicates single-triple writes to (an in-process stand-in for Raft).</summary>
    public void AddReplica(TripleStore store)
    {
        lock (_replicas)
        {
            _replicas.Add(store);
        }
    }

    /// <summary>Throws the follower's answer to a single-triple write; does nothing on a leader or standalone node.</summary>
    public void EnsureLeaderForSingleWrite(RequestContext ctx)
    {
        if (Role != ClusterRole.Follower)
        {
            return;
        }

        if (LeaderAddress is null)
        {
            throw ApiErrorException.Internal("Not leader; leader unknown");
        }

        throw new RedirectException("http://" + LeaderAddress);
    }

    public void Replicate(Action<TripleStore> apply)
    {
        if (Role != ClusterRole.Leader)
        {
            return;
        }

        lock (_replicas)
        {
            foreach (var replica in _replicas)
            {
                apply(replica);
            }
        }
    }

    /// <summary>A 307 to the leader: text body, a Location with only scheme, host and port.</summary>
    public sealed class RedirectException : Exception
    {
        public RedirectException(string location)
            : base("Redirecting to leader")
        {
            Location = location;
        }

        public string Location { get; }
    }
}
