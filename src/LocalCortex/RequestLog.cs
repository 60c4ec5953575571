using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace LocalCortex;

/// <summary>One request as the server saw it, for tests that count requests or check what a client sent.</summary>
public sealed record LoggedRequest(DateTime AtUtc, string Method, string Path, string Query, int Status, string? Authorization, long BodyBytes, string Client)
{
    public bool IsWrite => Method is "POST" or "DELETE" or "PUT" or "PATCH"
        && Path is not "/api/v1/query";
}

/// <summary>Every request the server answered (in memory only; never printed).</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();

    public int Count => _entries.Count;

    public IReadOnlyList<LoggedRequest> Snapshot() => _entries.ToArray();

    public int CountWrites() => _entries.Count(e => e.IsWrite);

    public void Clear() => _entries.Clear();

    internal void Add(LoggedRequest entry) => _entries.Enqueue(entry);
}
