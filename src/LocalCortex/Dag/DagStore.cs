using System;
using System.Collections.Generic;
using System.Linq;
using LocalCortex.Graph;

namespace LocalCortex.Dag;

/// <summary>
/// The DAG of a local Cortex (aingle_graph DagStore): every write recorded as a signed action whose parents are the
/// tips before it; indexes by subject, by triple id and by author. Kept in memory: a restarted server starts a new
/// DAG at a new genesis (a stock Cortex keeps its DAG in sled beside the graph).
/// </summary>
public sealed class DagStore
{
    private readonly object _gate = new();
    private readonly List<DagAction> _actions = new();
    private readonly Dictionary<string, DagAction> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DagAction>> _bySubject = new(StringComparer.Ordinal);
    private readonly Dictionary<TripleId, List<DagAction>> _byTriple = new();
    private readonly List<byte[]> _tips = new();
    private ulong _seq = 1;

    public DagStore(DagSigner signer, string author, long tripleCount)
    {
        Signer = signer;
        Author = author;
        var genesis = new DagAction(Array.Empty<byte[]>(), "aingle:system", 0, DateTime.UtcNow, new GenesisPayload(tripleCount, "DAG initialized"));
        Put(genesis);
    }

    public DagSigner Signer { get; }

    /// <summary>The author of this node's actions: node:local standalone, node:{id} in a cluster.</summary>
    public string Author { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _actions.Count;
            }
        }
    }

    /// <summary>Records one signed action for a write, its parents the current tips. Returns its hash.</summary>
    public string Record(DagPayload payload, string? author = null, bool sign = true)
    {
        lock (_gate)
        {
            var action = new DagAction(_tips.ToArray(), author ?? Author, _seq++, DateTime.UtcNow, payload);
            if (sign)
            {
                action.Signature = Signer.Sign(action.ComputeHash());
            }

            return Put(action);
        }
    }

    public DagAction? Get(string hashHex)
    {
        lock (_gate)
        {
            return _byHash.GetValueOrDefault(hashHex);
        }
    }

    public List<string> Tips()
    {
        lock (_gate)
        {
            return _tips.Select(DagAction.Hex).ToList();
        }
    }

    /// <summary>Actions filed under a subject string, newest first.</summary>
    public List<DagAction> HistoryBySubject(string subject, int limit)
    {
        lock (_gate)
        {
            return Newest(_bySubject.GetValueOrDefault(subject), limit);
        }
    }

    public List<DagAction> HistoryByTriple(TripleId id, int limit)
    {
        lock (_gate)
        {
            return Newest(_byTriple.GetValueOrDefault(id), limit);
        }
    }

    public List<DagAction> Chain(string author, int limit)
    {
        lock (_gate)
        {
            return Newest(_actions.Where(a => a.Author == author).ToList(), limit);
        }
    }

    /// <summary>Every ancestor of the target and the target itself, oldest first (the order they were written).</summary>
    public List<DagAction> Ancestry(string hashHex)
    {
        lock (_gate)
        {
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            stack.Push(hashHex);
            while (stack.Count > 0)
            {
                var hash = stack.Pop();
                if (!wanted.Add(hash) || !_byHash.TryGetValue(hash, out var action))
                {
                    continue;
                }

                foreach (var parent in action.Parents)
                {
                    stack.Push(DagAction.Hex(parent));
                }
            }

            return _actions.Where(a => wanted.Contains(a.Key!)).ToList();
        }
    }

    /// <summary>All actions in the order they were written.</summary>
    public List<DagAction> All()
    {
        lock (_gate)
        {
            return _actions.ToList();
        }
    }

    private string Put(DagAction action)
    {
        var hash = action.ComputeHash();
        var hex = DagAction.Hex(hash);
        action.Key = hex;
        _actions.Add(action);
        _byHash[hex] = action;
        foreach (var subject in action.Payload.Subjects.Distinct(StringComparer.Ordinal))
        {
            Add(_bySubject, subject, action);
        }

        foreach (var id in action.Payload.TripleIds.Distinct())
        {
            Add(_byTriple, id, action);
        }

        _tips.RemoveAll(t => action.Parents.Any(p => p.AsSpan().SequenceEqual(t)));
        _tips.Add(hash);
        return hex;
    }

    private static void Add<TKey>(Dictionary<TKey, List<DagAction>> index, TKey key, DagAction action)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<DagAction>();
        }

        list.Add(action);
    }

    private static List<DagAction> Newest(List<DagAction>? actions, int limit) =>
        actions is null ? new List<DagAction>() : Enumerable.Reverse(actions).Take(limit).ToList();
}
