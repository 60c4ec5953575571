using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// Which events of a namespace's listing a command keeps: those of some sessions (an event's session is looked at
    /// before the event is read), or those with some ids, or all. Events whose session Cortex does not report as a node
    /// (a plain literal, which only the {ns}:event:session triples tell) are kept apart, up to a budget, until their
    /// sessions are known.
    /// </summary>
    public sealed class EventSelection
    {
        /// <summary>Events without a node session kept apart by default: a namespace may hold many that belong to no session.</summary>
        public const int DefaultWithoutSessionBudget = 20_000;

        private readonly byte[][]? _sessions;
        private readonly HashSet<string>? _ids;
        private readonly int _budget;

        private EventSelection(byte[][]? sessions, HashSet<string>? ids, int budget)
        {
            _sessions = sessions;
            _ids = ids;
            _budget = budget;
        }

        /// <summary>What the reader does with one event.</summary>
        internal enum Choice
        {
            Skip,
            Keep,
            KeepWithoutSession,
            CountWithoutSession,
        }

        /// <summary>Every event (tests, and readers of a whole namespace).</summary>
        public static EventSelection All { get; } = new EventSelection(null, null, int.MaxValue);

        /// <summary>The events of these sessions (bare keys), and up to <paramref name="withoutSessionBudget"/> events without a node session.</summary>
        public static EventSelection OfSessions(IEnumerable<string> keys, int withoutSessionBudget = DefaultWithoutSessionBudget) =>
            new EventSelection(keys.Distinct(StringComparer.Ordinal).Select(k => Encoding.UTF8.GetBytes(k)).ToArray(), null, withoutSessionBudget);

        /// <summary>The events with these ids, whatever their session.</summary>
        public static EventSelection WithIds(IEnumerable<string> ids) =>
            new EventSelection(null, new HashSet<string>(ids, StringComparer.Ordinal), 0);

        /// <summary>
        /// Looks at a complete event object's bytes for its session (or id), stepping over its other members without
        /// reading them. A name or value with a backslash escape is left to <see cref="DecideByReader"/>, which reads
        /// it as any JSON reader would.
        /// </summary>
        [MethodImpl(Json.HotPath.Optimized)]
        internal Choice Decide(ReadOnlySpan<byte> element, int withoutSessionSoFar)
        {
            if (_sessions == null && _ids == null)
            {
                return Choice.Keep;
            }

            var i = Json.RawJson.SkipWhitespace(element, 1);
            while (i < element.Length && element[i] == (byte)'"')
            {
                var nameEnd = Json.RawJson.StringEnd(element, i, out var escaped);
                if (nameEnd < 0 || escaped)
                {
                    return DecideByReader(element, withoutSessionSoFar);
                }

                var name = element.Slice(i + 1, nameEnd - i - 2);
                i = Json.RawJson.SkipWhitespace(element, nameEnd);
                if (i >= element.Length || element[i] != (byte)':')
                {
                    return DecideByReader(element, withoutSessionSoFar);
                }

                i = Json.RawJson.SkipWhitespace(element, i + 1);
                if (i >= element.Length)
                {
                    return DecideByReader(element, withoutSessionSoFar);
                }

                var isId = _ids != null && name.SequenceEqual("id"u8);
                if (isId || (_sessions != null && name.SequenceEqual("session"u8)))
                {
                    if (element[i] != (byte)'"')
                    {
                        return isId ? Choice.Skip : WithoutSession(withoutSessionSoFar);
                    }

                    var valueEnd = Json.RawJson.StringEnd(element, i, out escaped);
                    if (valueEnd < 0 || escaped)
                    {
                        return DecideByReader(element, withoutSessionSoFar);
                    }

                    var value = element.Slice(i + 1, valueEnd - i - 2);
                    if (isId)
                    {
                        return _ids!.Contains(Encoding.UTF8.GetString(value.ToArray())) ? Choice.Keep : Choice.Skip;
                    }

                    foreach (var key in _sessions!)
                    {
                        if (value.SequenceEqual(key))
                        {
                            return Choice.Keep;
                        }
                    }

                    return Choice.Skip;
                }

                var end = Json.RawJson.ValueEnd(element, i);
                if (end < 0)
                {
                    return DecideByReader(element, withoutSessionSoFar);
                }

                i = Json.RawJson.SkipWhitespace(element, end);
                if (i < element.Length && element[i] == (byte)',')
                {
                    i = Json.RawJson.SkipWhitespace(element, i + 1);
                }
            }

            // No session member at all: an event whose session is not a node.
            return _sessions != null ? WithoutSession(withoutSessionSoFar) : Choice.Skip;
        }

        /// <summary>What <see cref="Decide"/> says, read with Utf8JsonReader: for names and values with escapes.</summary>
        private Choice DecideByReader(ReadOnlySpan<byte> element, int withoutSessionSoFar)
        {
            var scan = Json.ListingStream.ElementReader(element);
            var depth = scan.CurrentDepth;
            while (scan.Read() && !(scan.TokenType == JsonTokenType.EndObject && scan.CurrentDepth == depth))
            {
                if (scan.TokenType != JsonTokenType.PropertyName || scan.CurrentDepth != depth + 1)
                {
                    continue;
                }

                if (_ids != null && scan.ValueTextEquals("id"u8))
                {
                    scan.Read();
                    return scan.TokenType == JsonTokenType.String && _ids.Contains(scan.GetString()!) ? Choice.Keep : Choice.Skip;
                }

                if (_sessions != null && scan.ValueTextEquals("session"u8))
                {
                    scan.Read();
                    if (scan.TokenType != JsonTokenType.String)
                    {
                        return WithoutSession(withoutSessionSoFar);
                    }

                    foreach (var key in _sessions)
                    {
                        if (scan.ValueTextEquals(key))
                        {
                            return Choice.Keep;
                        }
                    }

                    return Choice.Skip;
                }

                scan.Read();
                scan.TrySkip();
            }

            // No session member at all: an event whose session is not a node.
            return _sessions != null ? WithoutSession(withoutSessionSoFar) : Choice.Skip;
        }

        private Choice WithoutSession(int soFar) => soFar < _budget ? Choice.KeepWithoutSession : Choice.CountWithoutSession;
    }

    /// <summary>What a namespace's event listing held, as far as the selection kept it.</summary>
    public sealed class CortexEventListing
    {
        /// <summary>A listing read with a selection.</summary>
        public CortexEventListing(IReadOnlyList<CortexEvent> events, int kept, IReadOnlyList<CortexEvent> withoutSession, int withoutSessionCount, long seen)
        {
            Events = events;
            Kept = kept;
            WithoutSession = withoutSession;
            WithoutSessionCount = withoutSessionCount;
            Seen = seen;
        }

        /// <summary>The events the selection asked for (none when they were handed over one by one as they were read).</summary>
        public IReadOnlyList<CortexEvent> Events { get; }

        /// <summary>How many events the selection kept, collected or handed over.</summary>
        public int Kept { get; }

        /// <summary>Events whose session Cortex did not report as a node, kept apart (up to the selection's budget).</summary>
        public IReadOnlyList<CortexEvent> WithoutSession { get; }

        /// <summary>How many events without a node session the listing held, kept or not.</summary>
        public int WithoutSessionCount { get; }

        /// <summary>Whether some events without a node session were not kept (more than the budget).</summary>
        public bool WithoutSessionDropped => WithoutSessionCount > WithoutSession.Count;

        /// <summary>Every event the listing held.</summary>
        public long Seen { get; }
    }
}
