using System.Collections.Generic;
using System.Linq;
using System.Text;
using LocalCortex.Graph;

namespace LocalCortex.Dag;

/// <summary>
/// What an action records (aingle_graph DagPayload): its JSON, the kind and summary the DTO shows, the subjects the
/// history index files it under, the triple ids it touches, and how it changes the graph when replayed.
/// </summary>
public abstract class DagPayload
{
    /// <summary>The externally tagged enum JSON serde_json writes, e.g. {"TripleInsert":{"triples":[...]}}.</summary>
    public abstract string ToJson();

    /// <summary>The DTO's payload_type: triple:create, triple:delete, genesis, or a custom tag.</summary>
    public abstract string Type { get; }

    public abstract string Summary { get; }

    /// <summary>The strings the subject index holds this action under (exactly as stored: bracketed for deletes).</summary>
    public virtual IEnumerable<string> Subjects => Enumerable.Empty<string>();

    public virtual IEnumerable<TripleId> TripleIds => Enumerable.Empty<TripleId>();

    /// <summary>Applies the change to a replayed graph, as Cortex's replay_payload (errors ignored).</summary>
    public virtual void Replay(Dictionary<TripleId, TripleInput> graph)
    {
    }
}

/// <summary>One or more triples inserted (a create, a batch, an events write).</summary>
public sealed class TripleInsertPayload : DagPayload
{
    public TripleInsertPayload(IReadOnlyList<TripleInput> triples) => Triples = triples;

    public IReadOnlyList<TripleInput> Triples { get; }

    public override string Type => "triple:create";

    public override string Summary => Triples.Count == 1
        ? $"{Triples[0].Subject} -> {Triples[0].Predicate} -> {ObjectJson(Triples[0].Object)}"
        : $"{Triples.Count} triple(s)";

    public override IEnumerable<string> Subjects => Triples.Select(t => t.Subject);

    public override IEnumerable<TripleId> TripleIds => Triples.Select(t => t.ComputeId());

    public override string ToJson()
    {
        var sb = new StringBuilder("{\"TripleInsert\":{\"triples\":[");
        for (var i = 0; i < Triples.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append("{\"subject\":");
            SerdeJson.Text(sb, Triples[i].Subject);
            sb.Append(",\"predicate\":");
            SerdeJson.Text(sb, Triples[i].Predicate);
            sb.Append(",\"object\":");
            SerdeJson.Value(sb, Triples[i].Object);
            sb.Append('}');
        }

        return sb.Append("]}}").ToString();
    }

    public override void Replay(Dictionary<TripleId, TripleInput> graph)
    {
        foreach (var triple in Triples)
        {
            graph.TryAdd(triple.ComputeId(), triple);
        }
    }

    private static string ObjectJson(GraphValue value)
    {
        var sb = new StringBuilder();
        SerdeJson.Value(sb, value);
        return sb.ToString();
    }
}

/// <summary>Triples deleted: their ids, and their subjects in display form (bracketed), as Cortex records them.</summary>
public sealed class TripleDeletePayload : DagPayload
{
    public TripleDeletePayload(IReadOnlyList<TripleId> ids, IReadOnlyList<string> subjects)
    {
        Ids = ids;
        DisplaySubjects = subjects;
    }

    public IReadOnlyList<TripleId> Ids { get; }

    public IReadOnlyList<string> DisplaySubjects { get; }

    public override string Type => "triple:delete";

    public override string Summary => DisplaySubjects.Count > 0
        ? $"{Ids.Count} triple(s) [{string.Join(", ", DisplaySubjects)}]"
        : $"{Ids.Count} triple(s)";

    public override IEnumerable<string> Subjects => DisplaySubjects;

    public override IEnumerable<TripleId> TripleIds => Ids;

    public override string ToJson()
    {
        var sb = new StringBuilder("{\"TripleDelete\":{\"triple_ids\":[");
        for (var i = 0; i < Ids.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            SerdeJson.ByteArray(sb, Ids[i].ToBytes());
        }

        sb.Append("],\"subjects\":[");
        for (var i = 0; i < DisplaySubjects.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            SerdeJson.Text(sb, DisplaySubjects[i]);
        }

        return sb.Append("]}}").ToString();
    }

    public override void Replay(Dictionary<TripleId, TripleInput> graph)
    {
        foreach (var id in Ids)
        {
            graph.Remove(id);
        }
    }
}

/// <summary>The root of the DAG, written unsigned at start ("unsigned by design").</summary>
public sealed class GenesisPayload : DagPayload
{
    public GenesisPayload(long tripleCount, string description)
    {
        TripleCount = tripleCount;
        Description = description;
    }

    public long TripleCount { get; }

    public string Description { get; }

    public override string Type => "genesis";

    public override string Summary => $"{TripleCount} triples: {Description}";

    public override string ToJson()
    {
        var sb = new StringBuilder("{\"Genesis\":{\"triple_count\":").Append(TripleCount).Append(",\"description\":");
        SerdeJson.Text(sb, Description);
        return sb.Append("}}").ToString();
    }
}

/// <summary>A custom action (POST /api/v1/dag/actions): a type tag, a summary, optional JSON and an optional subject.</summary>
public sealed class CustomPayload : DagPayload
{
    public CustomPayload(string payloadType, string summary, string? payloadJson, string? subject)
    {
        PayloadType = payloadType;
        PayloadSummary = summary;
        PayloadJson = payloadJson;
        Subject = subject;
    }

    public string PayloadType { get; }

    public string PayloadSummary { get; }

    /// <summary>The payload already in serde_json form (keys sorted), or null.</summary>
    public string? PayloadJson { get; }

    public string? Subject { get; }

    public override string Type => PayloadType;

    public override string Summary => PayloadSummary;

    public override IEnumerable<string> Subjects => Subject is null ? Enumerable.Empty<string>() : new[] { Subject };

    public override string ToJson()
    {
        var sb = new StringBuilder("{\"Custom\":{\"payload_type\":");
        SerdeJson.Text(sb, PayloadType);
        sb.Append(",\"payload_summary\":");
        SerdeJson.Text(sb, PayloadSummary);
        sb.Append(",\"payload\":").Append(PayloadJson ?? "null").Append(",\"subject\":");
        if (Subject is null)
        {
            sb.Append("null");
        }
        else
        {
            SerdeJson.Text(sb, Subject);
        }

        return sb.Append("}}").ToString();
    }
}
