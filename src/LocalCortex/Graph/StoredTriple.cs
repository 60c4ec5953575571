using System;

namespace LocalCortex.Graph;

/// <summary>A triple as the store keeps it: its content id, names (bare), typed object and first insertion time.</summary>
public sealed class StoredTriple
{
    public StoredTriple(TripleId id, string subject, string predicate, GraphValue value, DateTime createdAtUtc)
    {
        Id = id;
        Subject = subject;
        Predicate = predicate;
        Object = value;
        CreatedAtUtc = createdAtUtc;
    }

    public TripleId Id { get; }

    public string Subject { get; }

    public string Predicate { get; }

    public GraphValue Object { get; }

    public DateTime CreatedAtUtc { get; }
}

/// <summary>What a write asked to store: the three parts of a triple, before it has an id.</summary>
public readonly record struct TripleInput(string Subject, string Predicate, GraphValue Object)
{
    public TripleId ComputeId() => TripleId.Compute(Subject, Predicate, Object);
}
