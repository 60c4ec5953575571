using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LocalCortex.Graph;

namespace Mayros.Soak;

/// <summary>An export equal to what it reported, and an import equal to its file: every event line stored as it reads, nothing more.</summary>
internal static class PortabilityChecks
{
    public static void Run(IReadOnlyList<Operation> log, TripleStore other, Verdicts verdicts, Func<string, bool> showsToken)
    {
        foreach (var export in log.Where(o => o.Kind == "export" && o.Succeeded))
        {
            var text = File.ReadAllText(export.Parameter("Path"));
            var end = JsonDocument.Parse(text.TrimEnd('\n').Split('\n')[^1]).RootElement;
            verdicts.Check("export: its file ends with the counts it reported, and holds no token",
                Kind(end) == "end" && end.GetProperty("events").GetInt64().ToString(CultureInfo.InvariantCulture) == export.Fact("Events") && !showsToken(text),
                () => $"{export}: end line {end}, reported {export.Fact("Events")} events");
        }

        foreach (var import in log.Where(o => o.Kind == "import" && o.Succeeded))
        {
            var target = StoreModel.Read(other, import.Parameter("Namespace"));
            var lines = File.ReadAllLines(import.Parameter("Path")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var events = lines.Where(l => Kind(l) == "event").ToList();
            var missing = events.Where(l => !Stored(target, l)).Select(l => l.GetProperty("id").GetString()).ToList();
            var ids = events.Select(l => l.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
            var extra = target.Events.Keys.Where(k => !ids.Contains(k)).ToList();
            verdicts.Check("import: equal to its file (every event as the file has it, no other)", missing.Count == 0 && extra.Count == 0,
                () => $"{import}: {missing.Count} of {events.Count} event lines not stored as written " +
                    $"(e.g. {string.Join(',', missing.Take(3))}), {extra.Count} events not in the file");
            var values = lines.Where(l => Kind(l) == "session")
                .SelectMany(l => l.GetProperty("values").EnumerateArray().Where(v => v.TryGetProperty("field", out _) && v.GetProperty("value").ValueKind == JsonValueKind.String)
                .Select(v => (Key: l.GetProperty("key").GetString()!, Field: v.GetProperty("field").GetString()!, Value: v.GetProperty("value").GetString()!))).ToList();
            var absent = values.Where(v => !target.Values(v.Key, v.Field).Any(t => t.Object.Text == v.Value)).ToList();
            verdicts.Check("import: every record value of its file stored", absent.Count == 0,
                () => $"{import}: {absent.Count} of {values.Count} record values missing, e.g. {string.Join("; ", absent.Take(3).Select(a => $"{a.Key}.{a.Field}={a.Value}"))}");
        }
    }

    private static string Kind(JsonElement line) => line.TryGetProperty("kind", out var kind) ? kind.GetString() ?? string.Empty : "header";

    private static bool Stored(StoreModel target, JsonElement line)
    {
        if (!target.Events.TryGetValue(line.GetProperty("id").GetString()!, out var e))
        {
            return false;
        }

        var fields = line.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString());
        var stored = e.Fields.Where(f => f.Key is not "parent_event" and not "duration_ms").ToDictionary(f => f.Key, f => f.Value[0]);
        return e.Session == line.GetProperty("session").GetString() && e.Timestamps.SequenceEqual(new[] { line.GetProperty("timestamp").GetString() })
            && e.Types.SequenceEqual(new[] { line.GetProperty("type").GetString() }) && fields.Count == stored.Count && fields.All(f => stored.GetValueOrDefault(f.Key) == f.Value);
    }
}
