using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// One session as the graph held it right after a DAG action, read from Cortex's replay of that moment
    /// (/dag/at). The replay is the whole graph, in no order Cortex promises, so it is read twice as it arrives: once
    /// for the session's record and the ids of its events (their {ns}:event:session), once for those events' triples.
    /// Memory grows with the session, not with the graph; the other triples are stepped over by their bytes (TripleSieve).
    /// </summary>
    internal sealed class GraphSnapshot
    {
        private GraphSnapshot(IReadOnlyList<CortexTriple> record, IReadOnlyList<CortexEvent> events, long triples, long earlierRemovals)
        {
            Record = record;
            Events = events;
            Triples = triples;
            EarlierRemovals = earlierRemovals;
        }

        /// <summary>The record's triples then, its log's with them.</summary>
        public IReadOnlyList<CortexTriple> Record { get; }

        /// <summary>Its events then, live and hidden, as the events API would have listed them.</summary>
        public IReadOnlyList<CortexEvent> Events { get; }

        /// <summary>How many triples the replayed graph held.</summary>
        public long Triples { get; }

        /// <summary>Events under the key that an earlier removal had taken out already (left out).</summary>
        public long EarlierRemovals { get; }

        public static GraphSnapshot Read(SessionContext context, string key, RestorePoint point)
        {
            var layout = context.Layout;
            var subject = layout.SessionSubject(key);
            var log = layout.LogSubject(key);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var (record, seen) = context.Api.DagAt(point.Hash, t =>
            {
                if (t.Predicate == layout.EventSession && layout.KeyFromValue(t.Object) == key && layout.EventIdFromSubject(t.Subject) is string id)
                {
                    ids.Add(id);
                }

                return t.Subject == subject || t.Subject == log;
            }, TripleSieve.Containing(key));
            context.Reporter.Verbose($"The graph at {point} holds {seen:N0} triples: {record.Count:N0} of the record of '{key}', {ids.Count:N0} events of it.");
            if (ids.Count == 0)
            {
                return new GraphSnapshot(record, Array.Empty<CortexEvent>(), seen, 0);
            }

            var (triples, _) = context.Api.DagAt(point.Hash, t => layout.EventIdFromSubject(t.Subject) is string id && ids.Contains(id),
                TripleSieve.WithSubjects(ids.Select(layout.EventSubject)));
            var events = new List<CortexEvent>(ids.Count);
            long removed = 0;
            foreach (var group in triples.GroupBy(t => t.Subject, StringComparer.Ordinal))
            {
                var e = ToEvent(layout, layout.EventIdFromSubject(group.Key)!, key, group.ToList(), point.RemovalId);
                if (e.Fields.ContainsKey(SessionLayout.RemovedByField))
                {
                    removed++;
                    continue;
                }

                events.Add(e);
            }

            return new GraphSnapshot(record, events, seen, removed);
        }

        /// <summary>An event from its triples, as Cortex's events API maps them (CONTRACT.md §10.1), prefixes removed.</summary>
        /// <param name="layout">The namespace's layout.</param>
        /// <param name="id">The event's id.</param>
        /// <param name="key">Its session.</param>
        /// <param name="triples">Its triples.</param>
        /// <param name="removalId">A removal whose markers (removedBy, and the rewound marker where no rewind named itself) are taken off.</param>
        internal static CortexEvent ToEvent(SessionLayout layout, string id, string key, IReadOnlyList<CortexTriple> triples, string? removalId = null)
        {
            if (removalId != null && triples.Any(t => t.Predicate == layout.RemovedBy && t.Object.Text == removalId))
            {
                var rewoundByAnother = triples.Any(t => t.Predicate == layout.RewoundBy);
                triples = triples.Where(t => !(t.Predicate == layout.RemovedBy && t.Object.Text == removalId) && (rewoundByAnother || t.Predicate != layout.RewoundMarker))
                    .ToList();
            }

            string? type = null, agent = null, timestamp = null, parent = null;
            ulong? duration = null;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var t in triples)
            {
                var name = t.Predicate.StartsWith(layout.EventPrefix, StringComparison.Ordinal) ? t.Predicate.Substring(layout.EventPrefix.Length) : null;
                var text = t.Object.ToText();
                switch (name)
                {
                    case null:
                    case "session":
                        break;
                    case "type":
                        type ??= text;
                        break;
                    case "agent":
                        agent ??= layout.AgentFromValue(t.Object) ?? text;
                        break;
                    case "timestamp":
                        timestamp ??= text;
                        break;
                    case "parent_event":
                        parent ??= layout.EventIdFromSubject(text) ?? text;
                        break;
                    case "duration_ms":
                        duration ??= ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : (ulong?)null;
                        break;
                    default:
                        fields.Add(new KeyValuePair<string, string>(name, text));
                        break;
                }
            }

            return new CortexEvent(id, type ?? string.Empty, agent ?? string.Empty, timestamp ?? string.Empty, key, parent, duration,
                FieldDictionary.From(fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList()));
        }
    }
}
