using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// The events of the sessions a command works on, grouped by session, read in a constant number of requests: one
    /// GET /api/v1/events (Cortex has no session filter, so the listing is read as it arrives and every other session's
    /// events are dropped as they pass), plus one listing of {ns}:event:session only when some event's session is not
    /// a node (a plain literal, which the events API does not report), itself read the same way.
    /// </summary>
    internal sealed class EventIndex : IDisposable
    {
        private readonly ICortexApi _api;
        private readonly SessionLayout _layout;
        private readonly Dictionary<string, List<SessionEvent>> _bySession;
        private readonly Dictionary<string, EventSpool> _spools = new Dictionary<string, EventSpool>(StringComparer.Ordinal);
        private readonly HashSet<string> _sorted = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedSet<string>> _removals = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _removedCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        private Dictionary<string, SessionEvent>? _byId;

        private EventIndex(ICortexApi api, SessionLayout layout, Dictionary<string, List<SessionEvent>> bySession)
        {
            _api = api;
            _layout = layout;
            _bySession = bySession;
        }

        /// <summary>The events of these sessions (and of no other).</summary>
        /// <param name="api">The client.</param>
        /// <param name="layout">The namespace's layout.</param>
        /// <param name="sessions">The sessions to keep.</param>
        /// <param name="withoutSessionBudget">How many events without a node session to keep apart while reading.</param>
        /// <param name="spooled">Sessions (among <paramref name="sessions"/>) whose events go to a temporary file, not memory.</param>
        public static EventIndex Load(ICortexApi api, SessionLayout layout, IEnumerable<string> sessions, int withoutSessionBudget = EventSelection.DefaultWithoutSessionBudget,
            IEnumerable<string>? spooled = null)
        {
            var index = new EventIndex(api, layout, new Dictionary<string, List<SessionEvent>>(StringComparer.Ordinal));
            try
            {
                foreach (var key in spooled ?? Array.Empty<string>())
                {
                    index._spools[key] = new EventSpool(key);
                }

                // Each kept event becomes the session's as it is read: no list of the listing's events is held besides.
                Visit(api, layout, sessions, index.Add, withoutSessionBudget);
                foreach (var spool in index._spools.Values)
                {
                    spool.Seal();
                }

                return index;
            }
            catch
            {
                index.Dispose();
                throw;
            }
        }

        /// <summary>Deletes the spools' files.</summary>
        public void Dispose()
        {
            foreach (var spool in _spools.Values)
            {
                spool.Dispose();
            }
        }

        /// <summary>A spooled session's events (Load's <c>spooled</c>).</summary>
        public EventSpool Spooled(string key) => _spools[key];

        /// <summary>
        /// Hands every event of these sessions (removed ones included) to <paramref name="onEvent"/> with its session, as
        /// it is read: what Load keeps, and what an export writes straight to its file.
        /// </summary>
        public static void Visit(ICortexApi api, SessionLayout layout, IEnumerable<string> sessions, Action<CortexEvent, string> onEvent,
            int withoutSessionBudget = EventSelection.DefaultWithoutSessionBudget)
        {
            var wanted = new HashSet<string>(sessions, StringComparer.Ordinal);
            var listing = api.ListEvents(layout.Namespace, EventSelection.OfSessions(wanted, withoutSessionBudget), e => onEvent(e, e.Session!));
            if (listing.WithoutSessionCount > 0)
            {
                VisitLiteralSessions(api, layout, listing, wanted, onEvent);
            }
        }

        /// <summary>
        /// Events whose session is a plain literal: the {ns}:event:session listing says which of them are the wanted
        /// sessions'. They were kept while reading (up to a budget); when there were more, the ones needed are read again
        /// by id (one more request, only then).
        /// </summary>
        private static void VisitLiteralSessions(ICortexApi api, SessionLayout layout, CortexEventListing listing, HashSet<string> wanted, Action<CortexEvent, string> onEvent)
        {
            var literalSessions = new Dictionary<string, string>(StringComparer.Ordinal);
            bool Named(CortexTriple t) => t.Object.Kind == CortexValueKind.String && layout.KeyFromValue(t.Object) is string key && wanted.Contains(key);
            foreach (var triple in api.ListTriples(null, layout.EventSession, Named))
            {
                if (layout.EventIdFromSubject(triple.Subject) is string id)
                {
                    literalSessions[id] = layout.KeyFromValue(triple.Object)!;
                }
            }

            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in listing.WithoutSession)
            {
                if (literalSessions.TryGetValue(e.Id, out var key))
                {
                    onEvent(e, key);
                    found.Add(e.Id);
                }
            }

            var missing = literalSessions.Keys.Where(id => !found.Contains(id)).ToList();
            if (listing.WithoutSessionDropped && missing.Count > 0)
            {
                api.ListEvents(layout.Namespace, EventSelection.WithIds(missing), e => onEvent(e, literalSessions[e.Id]));
            }
        }

        /// <summary>One event of a session (a repeat, which Cortex lists for an event with two type triples, goes when the session is sorted).</summary>
        private void Add(CortexEvent e, string session)
        {
            // An event of a removed session is no session's: only which removals the key has seen is kept.
            if (e.Fields.TryGetValue(SessionLayout.RemovedByField, out var removal))
            {
                if (!_removals.TryGetValue(session, out var seen))
                {
                    seen = new SortedSet<string>(StringComparer.Ordinal);
                    _removals[session] = seen;
                }

                seen.Add(removal);
                _removedCounts[session] = _removedCounts.TryGetValue(session, out var removed) ? removed + 1 : 1;
                return;
            }

            if (_spools.TryGetValue(session, out var spool))
            {
                spool.Add(e);
                return;
            }

            if (!_bySession.TryGetValue(session, out var list))
            {
                list = new List<SessionEvent>();
                _bySession[session] = list;
            }

            list.Add(new SessionEvent(e.Id, session, e.Type, e.Agent, e.Timestamp, e.ParentEvent, e.DurationMs, e.Fields));
        }

        /// <summary>
        /// The removals (Remove-MayrosSession) whose events still carry this key, in order: empty for a key never
        /// removed. A new session under a removed key derives its copies' ids from them, so they never meet the old ones.
        /// </summary>
        public IReadOnlyCollection<string> RemovalsOf(string key) =>
            _removals.TryGetValue(key, out var seen) ? (IReadOnlyCollection<string>)seen : Array.Empty<string>();

        /// <summary>The session's events, hidden ones included, in time order (empty for a session the index was not loaded for).</summary>
        public IReadOnlyList<SessionEvent> ForSession(string key)
        {
            if (_spools.ContainsKey(key))
            {
                throw new InvalidOperationException($"Session '{key}' was spooled; read it with Spooled.");
            }

            if (!_bySession.TryGetValue(key, out var events))
            {
                return Array.Empty<SessionEvent>();
            }

            if (_sorted.Add(key))
            {
                SortByTime(events);
            }

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
                _byId = new Dictionary<string, SessionEvent>(StringComparer.Ordinal);
                foreach (var e in _bySession.Values.SelectMany(list => list))
                {
                    _byId[e.Id] = e;
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal) { id };
            var current = id;
            while (_byId.TryGetValue(current, out var e) && (e.CopiedFrom ?? e.RestoredFrom) is string next && seen.Add(next))
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

            var agents = AgentsOf(missing.Select(e => e.Id));
            foreach (var e in missing)
            {
                if (agents.TryGetValue(e.Id, out var agent))
                {
                    e.SetAgent(agent);
                }
            }
        }

        /// <summary>The agents of these events from one listing of {ns}:event:agent (ids Cortex holds none for are left out).</summary>
        public IReadOnlyDictionary<string, string> AgentsOf(IEnumerable<string> eventIds)
        {
            var agents = new Dictionary<string, string>(StringComparer.Ordinal);
            var ids = new HashSet<string>(eventIds, StringComparer.Ordinal);
            bool Wanted(CortexTriple t) => _layout.EventIdFromSubject(t.Subject) is string id && ids.Contains(id);
            foreach (var triple in _api.ListTriples(null, _layout.EventPredicate("agent"), Wanted))
            {
                var id = _layout.EventIdFromSubject(triple.Subject);
                var agent = _layout.AgentFromValue(triple.Object);
                if (id != null && agent != null)
                {
                    agents[id] = agent;
                }
            }

            return agents;
        }

        /// <summary>
        /// A session's record and the namespace's events as one consistent view. The record is read first; if the
        /// events then show markers of a rewind that record did not know, a rewind started or finished in between,
        /// so both are read again. Since a large rewind announces itself (its "started" record) before its first
        /// marker, and a small one writes all its markers in one atomic request, the view never shows a rewind half
        /// done. This costs no request unless a rewind is under way.
        /// </summary>
        /// <param name="context">The command's context.</param>
        /// <param name="key">The session the command works on.</param>
        /// <param name="knownRecord">Its record, when the command has read it already.</param>
        /// <param name="alsoSessions">Other sessions whose events the command needs (a fork's target, a comparison's other side and ancestors).</param>
        /// <param name="spooled">Sessions whose events go to a temporary file (Spooled), not memory.</param>
        public static (EventIndex Index, SessionRecord Record) LoadConsistent(SessionContext context, string key, SessionRecord? knownRecord = null,
            IEnumerable<string>? alsoSessions = null, IReadOnlyCollection<string>? spooled = null)
        {
            var record = knownRecord ?? context.ReadRecord(key);
            var sessions = new[] { key }.Concat(alsoSessions ?? Array.Empty<string>()).ToList();
            var removedBefore = -1;
            for (var attempt = 0; ; attempt++)
            {
                var index = Load(context.Api, context.Layout, sessions, spooled: spooled);
                // Markers of a rewind the record does not know, or events restored by an undo it does not know.
                var known = new HashSet<string>(record.AllRewinds.Select(r => r.Id), StringComparer.Ordinal);
                var undos = new HashSet<string>(
                    record.AllRewinds.Where(r => r.State == RewindState.Undoing || r.State == RewindState.Undone).Select(r => r.Id), StringComparer.Ordinal);
                // An event listing need not be one snapshot (the local Cortex reads each event on its own), so one that
                // meets a removal's atomic marker batch can show part of it. Removed events beside live ones are read
                // again until two listings agree (a session written anew under a removed key costs one listing more).
                var removed = index._removedCounts.TryGetValue(key, out var count) ? count : 0;
                var partlyRemoved = removed > 0 && removed != removedBefore && index.HasEvents(key);
                removedBefore = removed;
                if ((!partlyRemoved && !index.NamesUnknown(key, known, undos)) || attempt >= 4)
                {
                    return (index, record);
                }

                index.Dispose();
                record = context.ReadRecord(key);
            }
        }

        /// <summary>Whether the listing held any event of the session that is not removed.</summary>
        private bool HasEvents(string key) => _spools.TryGetValue(key, out var spool) ? spool.Count > 0 : _bySession.TryGetValue(key, out var list) && list.Count > 0;

        /// <summary>Whether the session's markers name a rewind that is not <paramref name="known"/> or an undo that is not among <paramref name="undos"/>.</summary>
        private bool NamesUnknown(string key, HashSet<string> known, HashSet<string> undos)
        {
            if (_spools.TryGetValue(key, out var spool))
            {
                return spool.RewoundBy.Any(r => !known.Contains(r)) || spool.RestoredBy.Any(u => !undos.Contains(u));
            }

            return ForSession(key).Any(e => (e.Rewound && e.RewoundBy is string rewind && !known.Contains(rewind))
                || (e.RestoredBy is string undo && !undos.Contains(undo)));
        }

        /// <summary>
        /// LoadConsistent for a session a command works on, with the session's events (hidden ones included, in time
        /// order); SessionNotFound when Cortex holds neither events nor a record for it.
        /// </summary>
        public static (EventIndex Index, SessionRecord Record, IReadOnlyList<SessionEvent> Events) LoadSession(SessionContext context, string key,
            SessionRecord? knownRecord = null, IEnumerable<string>? alsoSessions = null)
        {
            var (index, record) = LoadConsistent(context, key, knownRecord, alsoSessions);
            var events = index.ForSession(key);
            if (events.Count == 0 && !record.Exists)
            {
                throw context.SessionNotFound(key);
            }

            return (index, record, events);
        }

        /// <summary>
        /// LoadSession with the session's events, and those of <paramref name="alsoSpooled"/>, in temporary files (a fork:
        /// memory that does not grow with the session); the caller disposes the index, which deletes them.
        /// </summary>
        public static (EventIndex Index, SessionRecord Record, EventSpool Events) LoadSpooled(SessionContext context, string key, SessionRecord? knownRecord,
            IReadOnlyCollection<string> alsoSpooled)
        {
            var (index, record) = LoadConsistent(context, key, knownRecord, alsoSpooled, spooled: new[] { key }.Concat(alsoSpooled).ToList());
            var events = index.Spooled(key);
            if (events.Count == 0 && !record.Exists)
            {
                index.Dispose();
                throw context.SessionNotFound(key);
            }

            return (index, record, events);
        }

        /// <summary>
        /// Cortex lists events in no time order (grouped by type, arbitrary within one), so every session is sorted:
        /// on the parsed instant as a number first, then each run of equal instants by the full EventOrder.
        /// </summary>
        private static void SortByTime(List<SessionEvent> list)
        {
            var events = list.ToArray();
            var keys = new long[events.Length];
            for (var i = 0; i < events.Length; i++)
            {
                keys[i] = events[i].Ticks;
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

            // An event listed twice (two type triples) is one event: its copies sort next to each other.
            list.Clear();
            for (var i = 0; i < events.Length; i++)
            {
                if (i == 0 || !string.Equals(events[i].Id, events[i - 1].Id, StringComparison.Ordinal) || events[i].Ticks != events[i - 1].Ticks)
                {
                    list.Add(events[i]);
                }
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
