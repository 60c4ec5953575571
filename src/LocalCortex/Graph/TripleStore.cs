using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace LocalCortex.Graph;

/// <summary>
/// The graph: every triple in memory, indexed by subject, predicate and object, with an optional SQLite journal
/// that makes each write durable before it is acknowledged. One (subject, predicate, object) is one triple.
/// </summary>
public sealed class TripleStore : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<TripleId, StoredTriple> _byId = new();
    private readonly Dictionary<string, HashSet<TripleId>> _bySubject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<TripleId>> _byPredicate = new(StringComparer.Ordinal);
    private readonly Dictionary<GraphValue, HashSet<TripleId>> _byObject = new();
    private readonly SqliteJournal? _journal;
    private readonly Func<DateTime> _clock;

    /// <param name="dataDirectory">Where the SQLite journal lives; null keeps everything in memory only.</param>
    /// <param name="clock">The source of created_at (UTC); tests may pin it.</param>
    public TripleStore(string? dataDirectory, Func<DateTime>? clock = null)
    {
        _clock = clock ?? (() => DateTime.UtcNow);
        if (dataDirectory is not null)
        {
            _journal = new SqliteJournal(dataDirectory);
            foreach (var triple in _journal.LoadAll())
            {
                AddToMemory(triple);
            }
        }
    }

    /// <summary>The journal's file, or null for an in-memory store.</summary>
    public string? JournalPath => _journal?.Path;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byId.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Inserts one triple; returns the existing one (and false) when it is already stored.</summary>
    public (StoredTriple Triple, bool Inserted) Insert(TripleInput input)
    {
        var id = input.ComputeId();
        _lock.EnterWriteLock();
        try
        {
            if (_byId.TryGetValue(id, out var existing))
            {
                return (existing, false);
            }

            var triple = new StoredTriple(id, input.Subject, input.Predicate, input.Object, _clock());
            _journal?.Insert(new[] { triple });
            AddToMemory(triple);
            return (triple, true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Inserts rows atomically: rows already stored, and repeats within the batch, are skipped. Returns per row
    /// its id and whether it added nothing.
    /// </summary>
    public IReadOnlyList<(TripleId Id, bool Duplicate)> InsertBatch(IReadOnlyList<TripleInput> rows)
    {
        var ids = rows.Select(r => r.ComputeId()).ToArray();
        var result = new (TripleId, bool)[rows.Count];
        _lock.EnterWriteLock();
        try
        {
            var now = _clock();
            var fresh = new List<StoredTriple>();
            var seen = new HashSet<TripleId>();
            for (var i = 0; i < rows.Count; i++)
            {
                var duplicate = _byId.ContainsKey(ids[i]) || !seen.Add(ids[i]);
                result[i] = (ids[i], duplicate);
                if (!duplicate)
                {
                    fresh.Add(new StoredTriple(ids[i], rows[i].Subject, rows[i].Predicate, rows[i].Object, now));
                }
            }

            _journal?.Insert(fresh);
            foreach (var triple in fresh)
            {
                AddToMemory(triple);
            }

            return result;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public StoredTriple? Get(TripleId id)
    {
        _lock.EnterReadLock();
        try
        {
            return _byId.GetValueOrDefault(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public bool Delete(TripleId id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.TryGetValue(id, out var triple))
            {
                return false;
            }

            _journal?.Delete(id);
            _byId.Remove(id);
            RemoveFromIndex(_bySubject, triple.Subject, id);
            RemoveFromIndex(_byPredicate, triple.Predicate, id);
            RemoveFromIndex(_byObject, triple.Object, id);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Every triple matching the filters, in the order Cortex's indexes produce: no filter, ascending id bytes;
    /// subject only, grouped by predicate; predicate only, grouped by the object's sort key; anything else,
    /// arbitrary (here: id order, which has nothing to do with time).
    /// </summary>
    public List<StoredTriple> Find(string? subject, string? predicate, GraphValue? value)
    {
        _lock.EnterReadLock();
        List<StoredTriple> matches;
        try
        {
            IEnumerable<TripleId> candidates;
            if (subject is not null)
            {
                candidates = _bySubject.GetValueOrDefault(subject) ?? (IEnumerable<TripleId>)Array.Empty<TripleId>();
            }
            else if (predicate is not null)
            {
                candidates = _byPredicate.GetValueOrDefault(predicate) ?? (IEnumerable<TripleId>)Array.Empty<TripleId>();
            }
            else if (value is not null)
            {
                candidates = _byObject.GetValueOrDefault(value.Value) ?? (IEnumerable<TripleId>)Array.Empty<TripleId>();
            }
            else
            {
                candidates = _byId.Keys;
            }

            matches = new List<StoredTriple>();
            foreach (var id in candidates)
            {
                var triple = _byId[id];
                if ((predicate is null || string.Equals(triple.Predicate, predicate, StringComparison.Ordinal))
                    && (value is null || triple.Object.Equals(value.Value)))
                {
                    matches.Add(triple);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        if (subject is not null && predicate is null && value is null)
        {
            matches.Sort(static (x, y) =>
            {
                var c = string.CompareOrdinal(x.Predicate, y.Predicate);
                return c != 0 ? c : x.Id.CompareTo(y.Id);
            });
        }
        else if (subject is null && predicate is not null && value is null)
        {
            matches.Sort(static (x, y) =>
            {
                var c = x.Object.CompareTo(y.Object);
                return c != 0 ? c : x.Id.CompareTo(y.Id);
            });
        }
        else
        {
            matches.Sort(static (x, y) => x.Id.CompareTo(y.Id));
        }

        return matches;
    }

    /// <summary>Distinct subjects (optionally of one predicate) or predicates (optionally of one subject), in byte order.</summary>
    public List<string> DistinctNames(bool subjects, string? filter)
    {
        _lock.EnterReadLock();
        try
        {
            IEnumerable<string> names;
            if (subjects)
            {
                names = filter is null
                    ? _bySubject.Keys
                    : (_byPredicate.GetValueOrDefault(filter) ?? new HashSet<TripleId>()).Select(id => _byId[id].Subject).Distinct(StringComparer.Ordinal);
            }
            else
            {
                names = filter is null
                    ? _byPredicate.Keys
                    : (_bySubject.GetValueOrDefault(filter) ?? new HashSet<TripleId>()).Select(id => _byId[id].Predicate).Distinct(StringComparer.Ordinal);
            }

            // Byte order of the UTF-8 names (ordinal UTF-16 order differs for characters outside the BMP).
            return names
                .Select(n => (Name: n, Bytes: System.Text.Encoding.UTF8.GetBytes(n)))
                .OrderBy(x => x.Bytes, Utf8Order.Instance)
                .Select(x => x.Name)
                .ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public (int Triples, int Subjects, int Predicates, int Objects) Stats()
    {
        _lock.EnterReadLock();
        try
        {
            return (_byId.Count, _bySubject.Count, _byPredicate.Count, _byObject.Count);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Forces the journal's WAL into the main database file (Cortex's POST /api/v1/flush).</summary>
    public void Flush()
    {
        _lock.EnterWriteLock();
        try
        {
            _journal?.Checkpoint();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        _journal?.Dispose();
        _lock.Dispose();
    }

    private void AddToMemory(StoredTriple triple)
    {
        _byId[triple.Id] = triple;
        AddToIndex(_bySubject, triple.Subject, triple.Id);
        AddToIndex(_byPredicate, triple.Predicate, triple.Id);
        AddToIndex(_byObject, triple.Object, triple.Id);
    }

    private static void AddToIndex<TKey>(Dictionary<TKey, HashSet<TripleId>> index, TKey key, TripleId id)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set))
        {
            set = new HashSet<TripleId>();
            index[key] = set;
        }

        set.Add(id);
    }

    private static void RemoveFromIndex<TKey>(Dictionary<TKey, HashSet<TripleId>> index, TKey key, TripleId id)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var set) && set.Remove(id) && set.Count == 0)
        {
            index.Remove(key);
        }
    }
}

internal sealed class Utf8Order : IComparer<byte[]>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
