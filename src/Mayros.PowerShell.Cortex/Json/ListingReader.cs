using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
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
    /// Reads the two large answers (triple listings and event listings) as they arrive, one element at a time with
    /// Utf8JsonReader (see <see cref="ListingStream"/>): no document tree, no whole body in memory, and only the
    /// elements the caller keeps survive. Names are compared as UTF-8; unknown properties are skipped.
    /// </summary>
    internal static class ListingReader
    {
        /// <summary>
        /// {"triples":[TripleDto...],"total":N,...}: the triples kept (all without a filter), how many there were, and
        /// "total". A triple the sieve passes over is counted and never parsed.
        /// </summary>
        public static (List<CortexTriple> Kept, long Seen, long? Total) Triples(Stream stream, long cap, Func<CortexTriple, bool>? keep, TripleSieve? sieve = null)
        {
            var kept = new List<CortexTriple>();
            long seen = 0;
            var subjects = new SharedStrings(transform: JsonText.Unbracket);
            var predicates = new SharedStrings(transform: JsonText.Unbracket);
            var total = ListingStream.Read(stream, "triples", cap, [MethodImpl(HotPath.Optimized)] (ReadOnlySpan<byte> element) =>
            {
                seen++;
                if (sieve != null && !sieve.MayHold(element))
                {
                    return;
                }

                var triple = Triple(element, subjects, predicates);
                if (keep == null || keep(triple))
                {
                    kept.Add(triple);
                }
            });
            return (kept, seen, total);
        }

        /// <summary>{"triples":[...]} in memory (tests, small answers).</summary>
        public static List<CortexTriple> Triples(byte[] json, out long? total)
        {
            using var stream = new MemoryStream(json, writable: false);
            var (kept, _, listed) = Triples(stream, long.MaxValue, null);
            total = listed;
            return kept;
        }

        /// <summary>
        /// {"events":[{id,event_type,agent_id,timestamp,session,parent_event,duration_ms,fields}...],"total":N}: the
        /// events the selection keeps. An event is looked at for its session (or id) first, and read in full only when
        /// it is kept, so the others cost a scan and no memory.
        /// </summary>
        public static CortexEventListing Events(Stream stream, long cap, EventSelection selection, Action<CortexEvent>? onEvent = null)
        {
            var kept = new List<CortexEvent>();
            var handedOver = 0;
            var withoutSession = new List<CortexEvent>();
            var withoutSessionCount = 0;
            long seen = 0;
            var repeats = new ListingRepeats();
            ListingStream.Read(stream, "events", cap, [MethodImpl(HotPath.Optimized)] (ReadOnlySpan<byte> element) =>
            {
                seen++;
                if (element[0] != (byte)'{')
                {
                    throw new ShapeException("an event is not a JSON object");
                }

                switch (selection.Decide(element, withoutSessionCount))
                {
                    case EventSelection.Choice.Keep:
                        var e = Event(element, repeats);
                        if (onEvent != null)
                        {
                            onEvent(e);
                            handedOver++;
                        }
                        else
                        {
                            kept.Add(e);
                        }

                        break;
                    case EventSelection.Choice.KeepWithoutSession:
                        withoutSessionCount++;
                        withoutSession.Add(Event(element, repeats));
                        break;
                    case EventSelection.Choice.CountWithoutSession:
                        withoutSessionCount++;
                        break;
                }
            });
            return new CortexEventListing(kept, handedOver + kept.Count, withoutSession, withoutSessionCount, seen);
        }

        /// <summary>Every event of {"events":[...]} in memory (tests, small answers).</summary>
        public static List<CortexEvent> Events(byte[] json)
        {
            using var stream = new MemoryStream(json, writable: false);
            var listing = Events(stream, long.MaxValue, EventSelection.All);
            var all = new List<CortexEvent>(listing.Events);
            all.AddRange(listing.WithoutSession);
            return all;
        }

        [MethodImpl(HotPath.Optimized)]
        internal static CortexTriple Triple(ReadOnlySpan<byte> element, SharedStrings subjects, SharedStrings predicates)
        {
            var reader = ListingStream.ElementReader(element);
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
                    Whole(ref reader);
                }
                else
                {
                    reader.Read();
                    Whole(ref reader);
                }
            }

            return new CortexTriple(
                id,
                subject ?? throw new ShapeException("a triple's 'subject' is not a string"),
                predicate ?? throw new ShapeException("a triple's 'predicate' is not a string"),
                value ?? throw new ShapeException("a triple's 'object' is not a Cortex value"),
                createdAt);
        }

        [MethodImpl(HotPath.Optimized)]
        internal static CortexEvent Event(ReadOnlySpan<byte> element, ListingRepeats repeats)
        {
            var reader = ListingStream.ElementReader(element);
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
                    id = ListingRepeats.Reuse(ref reader, repeats.LastParent) ?? String(ref reader, "an event's 'id'");
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
                    parent = reader.TokenType == JsonTokenType.Null
                        ? null
                        : ListingRepeats.Reuse(ref reader, repeats.LastId) ?? String(ref reader, "an event's 'parent_event'");
                }
                else if (reader.ValueTextEquals("duration_ms"u8))
                {
                    reader.Read();
                    duration = Duration(ref reader);
                }
                else if (reader.ValueTextEquals("fields"u8))
                {
                    reader.Read();
                    fields = FieldsOrNull(ref reader, element, repeats);
                }
                else
                {
                    reader.Read();
                    Whole(ref reader);
                }
            }

            repeats.LastId = id;
            repeats.LastParent = parent;
            return new CortexEvent(
                id ?? throw new ShapeException("an event's 'id' is not a string"),
                type ?? throw new ShapeException("an event's 'event_type' is not a string"),
                agent ?? throw new ShapeException("an event's 'agent_id' is not a string"),
                timestamp ?? throw new ShapeException("an event's 'timestamp' is not a string"),
                session,
                parent,
                duration,
                fields ?? FieldDictionary.Empty)
            {
                ListedBytes = element.Length,
            };
        }

        /// <summary>An event's duration_ms, the reader on its value: null, or a whole number of milliseconds.</summary>
        private static ulong? Duration(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var ms)
                ? ms
                : throw new ShapeException("an event's 'duration_ms' is not a number");
        }

        /// <summary>An event's fields, the reader on its value: null, or an object of string values.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static FieldDictionary? FieldsOrNull(ref Utf8JsonReader reader, ReadOnlySpan<byte> element, ListingRepeats repeats)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ShapeException("an event's 'fields' is not an object");
            }

            return Fields(ref reader, element, repeats);
        }

        /// <summary>
        /// An event's fields, the reader (of <paramref name="element"/>) on the fields object's start: every value must
        /// be a string. They are kept as the listing sent them (see <see cref="FieldArena"/>), unless a name repeats,
        /// when the last value wins.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static FieldDictionary Fields(ref Utf8JsonReader reader, ReadOnlySpan<byte> element, ListingRepeats repeats)
        {
            var start = (int)reader.TokenStartIndex;
            var names = repeats.Names;
            names.Clear();
            var repeated = false;
            while (NextPropertyToken(ref reader))
            {
                var (name, _) = repeats.Field(ref reader);
                repeated |= names.Contains(name);
                names.Add(name);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new ShapeException($"an event's field '{name}' is not a string");
                }
            }

            var json = element.Slice(start, (int)reader.BytesConsumed - start);
            if (!repeated)
            {
                return repeats.Arena.Add(json, names.Count);
            }

            var pairs = new List<KeyValuePair<string, string>>(names.Count);
            var again = new Utf8JsonReader(json);
            again.Read();
            while (NextPropertyToken(ref again))
            {
                var (name, values) = repeats.Field(ref again);
                again.Read();
                pairs.Add(new KeyValuePair<string, string>(name, values.Read(ref again, $"an event's field '{name}'")));
            }

            return FieldDictionary.From(pairs);
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
                            Whole(ref reader);
                        }
                    }

                    return node != null ? CortexValue.Node(node) : throw new ShapeException("a triple's 'object' is not a Cortex value");
                default:
                    throw new ShapeException("a triple's 'object' is not a Cortex value");
            }
        }

        /// <summary>Moves to the next property name of the current object without reading it; false at its end.</summary>
        [MethodImpl(HotPath.Optimized)]
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

        /// <summary>
        /// Skips the value the reader is on. Elements are handed over whole, so the value is all there; the reader is
        /// not on the final block of the answer, where only TrySkip may be used.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Whole(ref Utf8JsonReader reader)
        {
            if (!reader.TrySkip())
            {
                throw new ShapeException("an element ends early");
            }
        }

        private static string String(ref Utf8JsonReader reader, string what) =>
            reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new ShapeException(what + " is not a string");
    }
}
