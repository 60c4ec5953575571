using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>An answer that is JSON, but not in the shape of Cortex's API.</summary>
    internal sealed class ShapeException : Exception
    {
        public ShapeException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Reads the two large answers (triple listings and event listings) in one forward pass with Utf8JsonReader, so
    /// that a namespace of 100,000 events costs one parse and no document tree. Unknown properties are skipped.
    /// </summary>
    internal static class ListingReader
    {
        /// <summary>{"triples":[TripleDto...],"total":N,...}; returns the triples and "total" when present.</summary>
        public static List<CortexTriple> Triples(byte[] json, out long? total)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            var triples = new List<CortexTriple>();
            total = null;
            var sawTriples = false;
            StartObject(ref reader, "the body");
            while (NextProperty(ref reader, out var name))
            {
                switch (name)
                {
                    case "triples":
                        Expect(ref reader, JsonTokenType.StartArray, "'triples' is not an array");
                        var subjects = new Known(JsonText.Unbracket);
                        var predicates = new Known(JsonText.Unbracket);
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            triples.Add(Triple(ref reader, subjects, predicates));
                        }

                        sawTriples = true;
                        break;
                    case "total":
                        reader.Read();
                        total = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) ? count : throw new ShapeException("'total' is not a number");
                        break;
                    default:
                        reader.Read();
                        reader.Skip();
                        break;
                }
            }

            return sawTriples ? triples : throw new ShapeException("'triples' is not an array");
        }

        /// <summary>{"events":[{id,event_type,agent_id,timestamp,session,parent_event,duration_ms,fields}...],"total":N}.</summary>
        public static List<CortexEvent> Events(byte[] json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            var events = new List<CortexEvent>();
            var sawEvents = false;
            StartObject(ref reader, "the body");
            while (NextProperty(ref reader, out var name))
            {
                if (name != "events")
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                Expect(ref reader, JsonTokenType.StartArray, "'events' is not an array");
                var repeats = new Repeats();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    events.Add(Event(ref reader, repeats));
                }

                sawEvents = true;
            }

            return sawEvents ? events : throw new ShapeException("'events' is not an array");
        }

        private static CortexTriple Triple(ref Utf8JsonReader reader, Known subjects, Known predicates)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ShapeException("a triple is not a JSON object");
            }

            string? id = null, subject = null, predicate = null, createdAt = null;
            CortexValue? value = null;
            while (NextPropertyToken(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.Null ? null : String(ref reader, "a triple's 'id'");
                }
                else if (reader.ValueTextEquals("subject"u8))
                {
                    reader.Read();
                    subject = subjects.Read(ref reader, "a triple's 'subject'");
                }
                else if (reader.ValueTextEquals("predicate"u8))
                {
                    reader.Read();
                    predicate = predicates.Read(ref reader, "a triple's 'predicate'");
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    value = Value(ref reader);
                }
                else if (reader.ValueTextEquals("created_at"u8))
                {
                    reader.Read();
                    createdAt = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new CortexTriple(
                id,
                subject ?? throw new ShapeException("a triple's 'subject' is not a string"),
                predicate ?? throw new ShapeException("a triple's 'predicate' is not a string"),
                value ?? throw new ShapeException("a triple's 'object' is not a Cortex value"),
                createdAt);
        }

        private static CortexEvent Event(ref Utf8JsonReader reader, Repeats repeats)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ShapeException("an event is not a JSON object");
            }

            string? id = null, type = null, agent = null, timestamp = null, session = null, parent = null;
            ulong? duration = null;
            FieldDictionary? fields = null;
            while (NextPropertyToken(ref reader))
            {
                // Names are compared as UTF-8, not read into strings: 100,000 events have 800,000 of them.
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = String(ref reader, "an event's 'id'");
                }
                else if (reader.ValueTextEquals("event_type"u8))
                {
                    reader.Read();
                    type = repeats.Type.Read(ref reader, "an event's 'event_type'");
                }
                else if (reader.ValueTextEquals("agent_id"u8))
                {
                    reader.Read();
                    agent = repeats.Agent.Read(ref reader, "an event's 'agent_id'");
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    timestamp = String(ref reader, "an event's 'timestamp'");
                }
                else if (reader.ValueTextEquals("session"u8))
                {
                    reader.Read();
                    session = reader.TokenType == JsonTokenType.Null ? null : repeats.Session.Read(ref reader, "an event's 'session'");
                }
                else if (reader.ValueTextEquals("parent_event"u8))
                {
                    reader.Read();
                    parent = reader.TokenType == JsonTokenType.Null ? null : String(ref reader, "an event's 'parent_event'");
                }
                else if (reader.ValueTextEquals("duration_ms"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        duration = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var ms) ? ms : throw new ShapeException("an event's 'duration_ms' is not a number");
                    }
                }
                else if (reader.ValueTextEquals("fields"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new ShapeException("an event's 'fields' is not an object");
                    }

                    var pairs = repeats.Pairs;
                    pairs.Clear();
                    while (NextPropertyToken(ref reader))
                    {
                        var key = repeats.FieldName(ref reader);
                        reader.Read();
                        pairs.Add(new KeyValuePair<string, string>(key, String(ref reader, $"an event's field '{key}'")));
                    }

                    fields = FieldDictionary.From(pairs);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new CortexEvent(
                id ?? throw new ShapeException("an event's 'id' is not a string"),
                type ?? throw new ShapeException("an event's 'event_type' is not a string"),
                agent ?? throw new ShapeException("an event's 'agent_id' is not a string"),
                timestamp ?? throw new ShapeException("an event's 'timestamp' is not a string"),
                session,
                parent,
                duration,
                fields ?? FieldDictionary.Empty);
        }

        /// <summary>
        /// The strings that repeat from one event to the next (its type, agent, session and field names), read once
        /// and shared, so a large listing holds one copy of each rather than one per event.
        /// </summary>
        private sealed class Repeats
        {
            private readonly List<Known> _fieldNames = new List<Known>();

            /// <summary>Scratch space for one event's fields, reused from event to event.</summary>
            public List<KeyValuePair<string, string>> Pairs { get; } = new List<KeyValuePair<string, string>>();

            public Known Type { get; } = new Known();

            public Known Agent { get; } = new Known();

            public Known Session { get; } = new Known();

            public string FieldName(ref Utf8JsonReader reader)
            {
                foreach (var known in _fieldNames)
                {
                    if (known.Matches(ref reader))
                    {
                        return known.Text!;
                    }
                }

                var name = reader.GetString()!;
                if (_fieldNames.Count < 32)
                {
                    var added = new Known();
                    added.Remember(name);
                    _fieldNames.Add(added);
                }

                return name;
            }
        }

        /// <summary>
        /// The last string read at one place (as its raw UTF-8, to compare the next value with) and what it became after
        /// an optional transformation such as unbracketing.
        /// </summary>
        private sealed class Known
        {
            private readonly Func<string, string>? _transform;
            private byte[]? _utf8;

            public Known(Func<string, string>? transform = null)
            {
                _transform = transform;
            }

            public string? Text { get; private set; }

            public bool Matches(ref Utf8JsonReader reader) => _utf8 != null && reader.ValueTextEquals(_utf8);

            public void Remember(string raw)
            {
                Text = _transform == null ? raw : _transform(raw);
                _utf8 = System.Text.Encoding.UTF8.GetBytes(raw);
            }

            public string Read(ref Utf8JsonReader reader, string what)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new ShapeException(what + " is not a string");
                }

                if (Matches(ref reader))
                {
                    return Text!;
                }

                Remember(reader.GetString()!);
                return Text!;
            }
        }

        private static CortexValue Value(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return CortexValue.String(reader.GetString()!);
                case JsonTokenType.Number:
                    var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
                    var isFloat = raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
                    if (!isFloat && reader.TryGetInt64(out var integer))
                    {
                        return CortexValue.FromInteger(integer);
                    }

                    return CortexValue.FromFloat(reader.GetDouble());
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return CortexValue.FromBoolean(reader.TokenType == JsonTokenType.True);
                case JsonTokenType.StartObject:
                    string? node = null;
                    while (NextProperty(ref reader, out var name))
                    {
                        reader.Read();
                        if (name == "node" && reader.TokenType == JsonTokenType.String)
                        {
                            node = JsonText.Unbracket(reader.GetString()!);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    return node != null ? CortexValue.Node(node) : throw new ShapeException("a triple's 'object' is not a Cortex value");
                default:
                    throw new ShapeException("a triple's 'object' is not a Cortex value");
            }
        }

        private static void StartObject(ref Utf8JsonReader reader, string what)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ShapeException($"{what} is not a JSON object");
            }
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string problem)
        {
            if (!reader.Read() || reader.TokenType != token)
            {
                throw new ShapeException(problem);
            }
        }

        /// <summary>Moves to the next property name of the current object without reading it; false at its end.</summary>
        private static bool NextPropertyToken(ref Utf8JsonReader reader)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
            {
                return false;
            }

            return reader.TokenType == JsonTokenType.PropertyName ? true : throw new ShapeException("an object is malformed");
        }

        /// <summary>Moves to the next property of the current object; false at its end.</summary>
        private static bool NextProperty(ref Utf8JsonReader reader, out string name)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
            {
                name = string.Empty;
                return false;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new ShapeException("an object is malformed");
            }

            name = reader.GetString()!;
            return true;
        }

        private static string String(ref Utf8JsonReader reader, string what) =>
            reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new ShapeException(what + " is not a string");
    }
}
