using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>
    /// The Mayros session export format (docs/EXPORT-FORMAT.md): UTF-8, one JSON object per line. A header (format,
    /// version, source, sessions), one line per session record, one line per event as Cortex's events listing gives it,
    /// and an end line with the counts. Version 1 is the only version so far; a reader refuses a later one by name.
    /// </summary>
    public static class SessionExportFormat
    {
        /// <summary>The header's "format" value.</summary>
        public const string FormatName = "mayros-session-export";

        /// <summary>The version this module writes, and the latest it reads.</summary>
        public const int Version = 1;

        /// <summary>
        /// The few strings that repeat on every event line of a file (the session, type, agent, field names): an import
        /// reads every event line two or three times, and these are compared where they lie and shared, not made again.
        /// One set per thread.
        /// </summary>
        [ThreadStatic]
        private static SharedStrings? _eventStrings;

        /// <summary>What makes a JSON number a float for Cortex (§12.4 of the contract): a point or an exponent.</summary>
        private static readonly char[] FloatMarks = { '.', 'e', 'E' };

        /// <summary>The header line.</summary>
        public static string Write(ExportHeader header) => Line(w =>
        {
            w.WriteString("format", FormatName);
            w.WriteNumber("version", header.Version);
            w.WriteString("module", header.Module);
            w.WriteString("exportedAt", header.ExportedAt);
            w.WriteStartObject("source");
            w.WriteString("server", header.Server);
            w.WriteString("namespace", header.Namespace);
            w.WriteEndObject();
            w.WriteString("root", header.Root);
            w.WriteStartArray("sessions");
            foreach (var session in header.Sessions)
            {
                w.WriteStringValue(session);
            }

            w.WriteEndArray();
        });

        /// <summary>A session's record line.</summary>
        public static string Write(ExportRecord record) => Line(w =>
        {
            w.WriteString("kind", "session");
            w.WriteString("key", record.Session);
            w.WriteStartArray("values");
            foreach (var value in record.Values)
            {
                w.WriteStartObject();
                if (value.Field != null)
                {
                    w.WriteString("field", value.Field);
                }
                else
                {
                    w.WriteString("predicate", value.Predicate);
                }

                w.WritePropertyName("value");
                JsonText.WriteValue(w, value.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

        /// <summary>An event line of session <paramref name="session"/>.</summary>
        public static string Write(string session, CortexEvent e) => Line(w =>
        {
            w.WriteString("kind", "event");
            w.WriteString("session", session);
            w.WriteString("id", e.Id);
            w.WriteString("type", e.Type);
            w.WriteString("agent", e.Agent);
            w.WriteString("timestamp", e.Timestamp);
            if (e.ParentEvent != null)
            {
                w.WriteString("parent", e.ParentEvent);
            }

            if (e.DurationMs != null)
            {
                w.WriteNumber("durationMs", e.DurationMs.Value);
            }

            w.WriteStartObject("fields");
            foreach (var field in e.Fields)
            {
                w.WriteString(field.Key, field.Value);
            }

            w.WriteEndObject();
        });

        /// <summary>The end line.</summary>
        public static string Write(ExportEnd end) => Line(w =>
        {
            w.WriteString("kind", "end");
            w.WriteNumber("sessions", end.Sessions);
            w.WriteNumber("events", end.Events);
        });

        /// <summary>The header, which must be the first line; ExportFormatException otherwise, NewerVersion for a later version.</summary>
        public static ExportHeader ReadHeader(string line)
        {
            using var document = Parse(line);
            var root = document.RootElement;
            if (!(root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == FormatName))
            {
                throw new ExportFormatException($"it is not the header of a Mayros session export (its \"format\" is not \"{FormatName}\")");
            }

            if (!(root.TryGetProperty("version",
                out var versionElement) && versionElement.ValueKind == JsonValueKind.Number && versionElement.TryGetInt32(out var version) && version >= 1))
            {
                throw new ExportFormatException("its \"version\" is not a whole number of 1 or more");
            }

            if (version > Version)
            {
                throw new ExportFormatException($"the file is in version {version} of the format, written by a later module; this one reads version {Version} and older",
                    newerVersion: true);
            }

            var source = Member(root, "source", JsonValueKind.Object);
            var sessions = new List<string>();
            foreach (var session in Member(root, "sessions", JsonValueKind.Array).EnumerateArray())
            {
                sessions.Add(session.ValueKind == JsonValueKind.String && session.GetString()!.Length > 0
                    ? session.GetString()!
                    : throw new ExportFormatException("\"sessions\" holds something other than session keys"));
            }

            if (sessions.Count == 0)
            {
                throw new ExportFormatException("\"sessions\" is empty");
            }

            var rootKey = RequiredString(root, "root");
            if (!sessions.Contains(rootKey))
            {
                throw new ExportFormatException($"its \"root\" '{rootKey}' is not among its \"sessions\"");
            }

            return new ExportHeader(
                version,
                OptionalString(root, "module") ?? string.Empty,
                OptionalString(root, "exportedAt") ?? string.Empty,
                OptionalString(source, "server") ?? string.Empty,
                RequiredString(source, "namespace"),
                rootKey,
                sessions);
        }

        /// <summary>
        /// A line after the header of a file in format <paramref name="version"/> (the header's): an
        /// <see cref="ExportRecord"/>, an <see cref="ExportEvent"/>, or an <see cref="ExportEnd"/>; ExportFormatException
        /// for anything else. Version 1 is the only one so far; a later version gets its own reading here.
        /// </summary>
        public static object ReadLine(string line, int version)
        {
            if (version < 1 || version > Version)
            {
                throw new ArgumentOutOfRangeException(nameof(version), version, $"This module reads versions 1 to {Version} of the format.");
            }

            using var document = Parse(line);
            var root = document.RootElement;
            var kind = RequiredString(root, "kind");
            switch (kind)
            {
                case "event":
                    return ReadEvent(root);
                case "session":
                    return ReadRecord(root);
                case "end":
                    return new ExportEnd((int)Math.Min(int.MaxValue, WholeNumber(root, "sessions")), WholeNumber(root, "events"));
                default:
                    throw new ExportFormatException($"its \"kind\" is \"{kind}\", which is not session, event or end");
            }
        }

        private static ExportEvent ReadEvent(JsonElement root)
        {
            var seen = _eventStrings ??= new SharedStrings(slots: 16, maxLength: 256);
            var session = RequiredString(root, "session", seen: seen);
            var id = RequiredString(root, "id");
            ulong? duration = null;
            if (root.TryGetProperty("durationMs", out var d) && d.ValueKind != JsonValueKind.Null)
            {
                duration = d.ValueKind == JsonValueKind.Number && d.TryGetUInt64(out var ms)
                    ? ms
                    : throw new ExportFormatException("\"durationMs\" is not a whole number of 0 or more");
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (var field in Member(root, "fields", JsonValueKind.Object).EnumerateObject())
            {
                fields.Add(field.Value.ValueKind == JsonValueKind.String
                    ? new KeyValuePair<string, string>(seen.Name(field), field.Value.GetString()!)
                    : throw new ExportFormatException($"the field \"{field.Name}\" is not a string (Cortex's events hold string fields only)"));
            }

            var e = new CortexEvent(
                id,
                RequiredString(root, "type", allowEmpty: true, seen),
                RequiredString(root, "agent", allowEmpty: true, seen),
                RequiredString(root, "timestamp", allowEmpty: true),
                session,
                OptionalString(root, "parent"),
                duration,
                FieldDictionary.From(fields));
            return new ExportEvent(session, e);
        }

        private static ExportRecord ReadRecord(JsonElement root)
        {
            var key = RequiredString(root, "key");
            var values = new List<ExportRecordValue>();
            foreach (var item in Member(root, "values", JsonValueKind.Array).EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new ExportFormatException("\"values\" holds something other than objects");
                }

                var field = OptionalString(item, "field");
                var predicate = OptionalString(item, "predicate");
                if ((field == null) == (predicate == null) || (field ?? predicate)!.Length == 0)
                {
                    throw new ExportFormatException("a record value needs exactly one of \"field\" and \"predicate\"");
                }

                if (!item.TryGetProperty("value", out var value))
                {
                    throw new ExportFormatException($"the record value of \"{field ?? predicate}\" has no \"value\"");
                }

                values.Add(new ExportRecordValue(field, predicate, Value(value, field ?? predicate!)));
            }

            return new ExportRecord(key, values);
        }

        /// <summary>A value as Cortex's untagged ValueDto spells it: a string, {"node": name}, an integer, a float, a boolean.</summary>
        private static CortexValue Value(JsonElement value, string name)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return CortexValue.String(value.GetString()!);
                case JsonValueKind.True:
                    return CortexValue.FromBoolean(true);
                case JsonValueKind.False:
                    return CortexValue.FromBoolean(false);
                case JsonValueKind.Number:
                    var raw = value.GetRawText();
                    if (raw.IndexOfAny(FloatMarks) < 0 && value.TryGetInt64(out var integer))
                    {
                        return CortexValue.FromInteger(integer);
                    }

                    return value.TryGetDouble(out var number) && !double.IsInfinity(number)
                        ? CortexValue.FromFloat(number)
                        : throw new ExportFormatException($"the value of \"{name}\" is a number Cortex cannot store");
                case JsonValueKind.Object:
                    if (value.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String && node.GetString()!.Length > 0)
                    {
                        return CortexValue.Node(node.GetString()!);
                    }

                    break;
            }

            throw new ExportFormatException($"the value of \"{name}\" is not a string, a node ({{\"node\": name}}), a number or a boolean");
        }

        private static JsonDocument Parse(string line)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new ExportFormatException($"it is not JSON ({FirstSentence(ex.Message)})");
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new ExportFormatException("it is not a JSON object");
            }

            return document;
        }

        private static JsonElement Member(JsonElement root, string name, JsonValueKind kind)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == kind)
            {
                return value;
            }

            var what = kind == JsonValueKind.Object ? "an object" : kind == JsonValueKind.Array ? "an array" : kind.ToString();
            throw new ExportFormatException($"\"{name}\" is missing or not {what}");
        }

        private static string RequiredString(JsonElement root, string name, bool allowEmpty = false, SharedStrings? seen = null)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                var text = seen != null ? seen.Read(value) : value.GetString()!;
                if (allowEmpty || text.Length > 0)
                {
                    return text;
                }
            }

            throw new ExportFormatException($"\"{name}\" is missing or not a{(allowEmpty ? string.Empty : " non-empty")} string");
        }

        private static string? OptionalString(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ExportFormatException($"\"{name}\" is not a string");
        }

        private static long WholeNumber(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0
                ? n
                : throw new ExportFormatException($"\"{name}\" is missing or not a whole number");

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message.TrimEnd('.')).Trim();
        }

        private static string Line(Action<Utf8JsonWriter> members)
        {
            var bytes = JsonText.Write(w =>
            {
                w.WriteStartObject();
                members(w);
                w.WriteEndObject();
            });
            return JsonText.Utf8(bytes);
        }

        /// <summary>An instant as the header writes it.</summary>
        public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
