using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Every event of a namespace, grouped by session, read in a constant number of requests: one GET /api/v1/events
    /// (Cortex has no session filter), plus one listing of {ns}:event:session only when some event's session is not a
    /// node (a plain literal, which the events API does not report).
    /// </summary>
    internal sealed class EventIndex
    {
        private readonly ICortexApi _api;
        private readonly SessionLayout _layout;
        private readonly Dictionary<string, List<CortexEvent>> _bySession;
        private Dictionary<string, CortexEvent>? _byId;
        private readonly Dictionary<string, IReadOnlyList<SessionEvent>> _materialized = new Dictionary<string, IReadOnlyList<SessionEvent>>(StringComparer.Ordinal);

        private EventIndex(ICortexApi api, SessionLayout layout, Dictionary<string, List<CortexEvent>> bySession)
        {
            _api = api;
            _layout = layout;
            _bySession = bySession;
        }

        public static EventIndex Load(ICortexApi api, SessionLayout layout)
        {
            var events = api.ListEvents(layout.Namespace);
            Dictionary<string, string>? literalSessions = null;
            if (events.Any(e => e.Session == null))
            {
                literalSessions = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var triple in api.ListTriples(null, layout.EventPredicate("session")))
                {
                    var id = layout.EventIdFromSubject(triple.Subject);
                    var key = layout.KeyFromValue(triple.Object);
                    if (id != null && key != null)
                    {
                        literalSessions[id] = key;
                    }
                }
            }

            // Group by session only; a session's events become SessionEvents (and are sorted) when someone asks.
            var bySession = new Dictionary<string, List<CortexEvent>>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                // An event with two type triples is listed twice by Cortex; it is one event.
                if (!seen.Add(e.Id))
                {
                    continue;
                }

                var session = e.Session;
                if (session == null && literalSessions != null)
                {
                    literalSessions.TryGetValue(e.Id, out session);
                }

                if (session == null)
                {
                    continue;
                }

                if (!bySession.TryGetValue(session, out var list))
                {
                    list = new List<CortexEvent>();
                    bySession[session] = list;
                }

                list.Add(session == e.Session ? e : new CortexEvent(e.Id, e.Type, e.Agent, e.Timestamp, session, e.ParentEvent, e.DurationMs, e.Fields));
            }

            return new EventIndex(api, layout, bySession);
        }

        /// <summary>The session's events, hidden ones included, in time order.</summary>
        public IReadOnlyList<SessionEvent> ForSession(string key)
        {
            if (_materialized.TryGetValue(key, out var done))
            {
                return done;
            }

            if (!_bySession.TryGetValue(key, out var raw))
            {
                return Array.Empty<SessionEvent>();
            }

            var events = raw.Select(e => new SessionEvent(e.Id, key, e.Type, e.Agent, e.Timestamp, e.ParentEvent, e.DurationMs, e.Fields)).ToArray();
            SortByTime(events);
            _materialized[key] = events;
            return events;
        }

        /// <summary>
        /// The id an event's history starts from: followed back through copiedFrom (a fork's copy names its source) and
        /// restoredFrom (an undo's copy names the event it restores), across every session of the namespace. Two
        /// events with the same origin are the same moment of history, wherever they now live.
        /// </summary>
        public string Origin(string id)
        {
            if (_byId == null)
            {
                _byId = new Dictionary<string, CortexEvent>(StringComparer.Ordinal);
                foreach (var e in _bySession.Values.SelectMany(list => list))
                {
                    _byId[e.Id] = e;
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal) { id };
            var current = id;
            while (_byId.TryGetValue(current, out var e)
                && (e.Fields.TryGetValue(SessionLayout.CopiedFromField, out var next) || e.Fields.TryGetValue(SessionLayout.RestoredFromField, out next))
                && seen.Add(next))
            {
                current = next;
            }

            return current;
        }

        /// <summary>
        /// Fills in agents that Cortex's events API could not report (stored as a plain literal instead of a node),
        /// with one listing of {ns}:event:agent, and only when some of these events need it.
        /// </summary>
        public void ResolveAgents(IEnumerable<SessionEvent> events)
        {
            var missing = events.Where(e => e.Agent.Length == 0).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            var agents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var triple in _api.ListTriples(null, _layout.EventPredicate("agent")))
            {
                var id = _layout.EventIdFromSubject(triple.Subject);
                var agent = _layout.AgentFromValue(triple.Object);
                if (id != null && agent != null)
                {
                    agents[id] = agent;
                }
            }

            foreach (var e in missing)
            {
                if (agents.TryGetValue(e.Id, out var agent))
                {
                    e.SetAgent(agent);
                }
            }
        }

        /// <summary>
        /// A session's record and the namespace's events as one consistent view. The record is read first; if the
        /// events then show markers of a rewind that record did not know, a rewind started or finished in between,
        /// so both are read again. Since a large rewind announces itself (its "started" record) before its first
        /// marker, and a small one writes all its markers in one atomic request, the view never shows a rewind half
        /// done. This costs no request unless a rewind is under way.
        /// </summary>
        public static (EventIndex Index, SessionRecord Record) LoadConsistent(SessionContext context, string key, SessionRecord? knownRecord = null)
        {
            var record = knownRecord ?? context.ReadRecord(key);
            for (var attempt = 0; ; attempt++)
            {
                var index = Load(context.Api, context.Layout);
                // Markers of a rewind the record does not know, or events restored by an undo it does not know.
                var known = new HashSet<string>(record.AllRewinds.Select(r => r.Id), StringComparer.Ordinal);
                var undos = new HashSet<string>(
                    record.AllRewinds.Where(r => r.State == RewindState.Undoing || r.State == RewindState.Undone).Select(r => r.Id), StringComparer.Ordinal);
                var unknown = index.ForSession(key).Any(e => (e.Rewound && e.RewoundBy is string rewind && !known.Contains(rewind))
                    || (e.RestoredBy is string undo && !undos.Contains(undo)));
                if (!unknown || attempt >= 4)
                {
                    return (index, record);
                }

                record = context.ReadRecord(key);
            }
        }

        /// <summary>
        /// LoadConsistent for a session a command works on, with the session's events (hidden ones included, in time
        /// order); SessionNotFound when Cortex holds neither events nor a record for it.
        /// </summary>
        public static (EventIndex Index, SessionRecord Record, IReadOnlyList<SessionEvent> Events) LoadSession(SessionContext context, string key, SessionRecord? knownRecord = null)
        {
            var (index, record) = LoadConsistent(context, key, knownRecord);
            var events = index.ForSession(key);
            if (events.Count == 0 && !record.Exists)
            {
                throw context.SessionNotFound(key);
            }

            return (index, record, events);
        }

        /// <summary>
        /// Cortex lists events in no time order (grouped by type, arbitrary within one), so every session is sorted:
        /// on the parsed instant as a number first, then each run of equal instants by the full EventOrder.
        /// </summary>
        private static void SortByTime(SessionEvent[] events)
        {
            var keys = new long[events.Length];
            for (var i = 0; i < events.Length; i++)
            {
                keys[i] = events[i].Timestamp?.UtcTicks ?? long.MinValue;
            }

            Array.Sort(keys, events);
            for (var start = 0; start < events.Length;)
            {
                var end = start + 1;
                while (end < events.Length && keys[end] == keys[start])
                {
                    end++;
                }

                if (end - start > 1)
                {
                    Array.Sort(events, start, end - start, EventOrder.Instance);
                }

                start = end;
            }
        }

        /// <summary>The latest of these events by timestamp (null when there are none).</summary>
        public static SessionEvent? Latest(IEnumerable<SessionEvent> events)
        {
            SessionEvent? latest = null;
            foreach (var e in events)
            {
                if (latest == null || EventOrder.Instance.Compare(e, latest) > 0)
                {
                    latest = e;
                }
            }

            return latest;
        }
    }
}
