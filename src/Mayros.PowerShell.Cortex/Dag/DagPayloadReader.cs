using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>What one DAG action changed, read from its signed payload JSON (docs/CORTEX-DAG.md §2).</summary>
    public sealed class CortexDagChange
    {
        internal CortexDagChange(string kind, List<CortexTripleInput> inserted, List<string> deletedIds, List<string> deletedSubjects, string? customType,
            string? customSummary, string? customSubject)
        {
            Kind = kind;
            Inserted = inserted;
            DeletedIds = deletedIds;
            DeletedSubjects = deletedSubjects;
            CustomType = customType;
            CustomSummary = customSummary;
            CustomSubject = customSubject;
        }

        /// <summary>The payload variant: TripleInsert, TripleDelete, Custom, Genesis, Batch, Noop, or another.</summary>
        public string Kind { get; }

        /// <summary>The triples an insert wrote (a batch lists every row, the ones Cortex already had included).</summary>
        public IReadOnlyList<CortexTripleInput> Inserted { get; }

        /// <summary>The content ids a delete removed (hex).</summary>
        public IReadOnlyList<string> DeletedIds { get; }

        /// <summary>The subjects of the deleted triples, unbracketed.</summary>
        public IReadOnlyList<string> DeletedSubjects { get; }

        /// <summary>A custom action's type tag.</summary>
        public string? CustomType { get; }

        /// <summary>A custom action's summary.</summary>
        public string? CustomSummary { get; }

        /// <summary>A custom action's subject.</summary>
        public string? CustomSubject { get; }
    }

    /// <summary>Reads the serde JSON of a DagPayload and a NodeId.</summary>
    public static class DagPayloadReader
    {
        /// <summary>The name inside {"Named":"node:1"}; the JSON itself for any other NodeId form.</summary>
        public static string AuthorName(string authorJson)
        {
            try
            {
                using var document = JsonDocument.Parse(authorJson);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Named", out var named)
                    && named.ValueKind == JsonValueKind.String
                    ? named.GetString()!
                    : authorJson;
            }
            catch (JsonException)
            {
                return authorJson;
            }
        }

        /// <summary>The change a payload records; an unknown or unreadable payload is a change of its own kind with nothing in it.</summary>
        public static CortexDagChange Read(string payloadJson)
        {
            var inserted = new List<CortexTripleInput>();
            var deletedIds = new List<string>();
            var deletedSubjects = new List<string>();
            string? type = null, summary = null, subject = null;
            string kind;
            try
            {
                using var document = JsonDocument.Parse(payloadJson);
                kind = Collect(document.RootElement, inserted, deletedIds, deletedSubjects, ref type, ref summary, ref subject);
            }
            catch (JsonException)
            {
                kind = "Unreadable";
            }

            return new CortexDagChange(kind, inserted, deletedIds, deletedSubjects, type, summary, subject);
        }

        private static string Collect(JsonElement root, List<CortexTripleInput> inserted, List<string> deletedIds, List<string> deletedSubjects, ref string? type,
            ref string? summary, ref string? subject)
        {
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString()!; // "Noop"
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return "Unreadable";
            }

            foreach (var variant in root.EnumerateObject())
            {
                var body = variant.Value;
                switch (variant.Name)
                {
                    case "TripleInsert" when body.TryGetProperty("triples", out var triples) && triples.ValueKind == JsonValueKind.Array:
                        foreach (var t in triples.EnumerateArray())
                        {
                            inserted.Add(new CortexTripleInput(Text(t, "subject"), Text(t, "predicate"), Value(t.TryGetProperty("object", out var o) ? o : default)));
                        }

                        break;
                    case "TripleDelete":
                        if (body.TryGetProperty("triple_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var id in ids.EnumerateArray())
                            {
                                deletedIds.Add(Hex(id));
                            }
                        }

                        if (body.TryGetProperty("subjects", out var subjects) && subjects.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var s in subjects.EnumerateArray())
                            {
                                deletedSubjects.Add(JsonText.Unbracket(s.GetString() ?? string.Empty));
                            }
                        }

                        break;
                    case "Batch" when body.TryGetProperty("ops", out var ops) && ops.ValueKind == JsonValueKind.Array:
                        foreach (var op in ops.EnumerateArray())
                        {
                            Collect(op, inserted, deletedIds, deletedSubjects, ref type, ref summary, ref subject);
                        }

                        break;
                    case "Custom":
                        type = OptionalText(body, "payload_type");
                        summary = OptionalText(body, "payload_summary");
                        subject = OptionalText(body, "subject");
                        break;
                }

                return variant.Name;
            }

            return "Unreadable";
        }

        private static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

        private static string? OptionalText(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static CortexValue Value(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    return CortexValue.String(e.GetString()!);
                case JsonValueKind.Number:
                    var raw = e.GetRawText();
                    return raw.IndexOf('.') < 0 && raw.IndexOf('e') < 0 && raw.IndexOf('E') < 0 && e.TryGetInt64(out var integer)
                        ? CortexValue.FromInteger(integer)
                        : CortexValue.FromFloat(e.GetDouble());
                case JsonValueKind.True:
                    return CortexValue.FromBoolean(true);
                case JsonValueKind.False:
                    return CortexValue.FromBoolean(false);
                case JsonValueKind.Object when e.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String:
                    return CortexValue.Node(JsonText.Unbracket(node.GetString()!));
                default:
                    return CortexValue.String(e.ValueKind == JsonValueKind.Undefined ? string.Empty : e.GetRawText());
            }
        }

        private static string Hex(JsonElement bytes)
        {
            var chars = new System.Text.StringBuilder(64);
            if (bytes.ValueKind == JsonValueKind.Array)
            {
                foreach (var b in bytes.EnumerateArray())
                {
                    chars.Append(b.GetByte().ToString("x2", CultureInfo.InvariantCulture));
                }
            }

            return chars.ToString();
        }
    }
}
