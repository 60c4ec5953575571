using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What a purge deletes, found from what Cortex stores (so an interrupted purge is found again and finished).</summary>
    internal static class PurgeDiscovery
    {
        /// <summary>
        /// Every triple a purge of these sessions deletes, in three listings however large they are: the removal markers
        /// and the events' links to the sessions (which events are theirs, and which a removal of theirs took from
        /// their forks), then every triple Cortex holds, of which only those with one of these events or sessions as
        /// subject are kept, as ids.
        /// </summary>
        public static PurgeWork Discover(SessionContext context, IReadOnlyCollection<string> lineage)
        {
            var keys = new HashSet<string>(lineage, StringComparer.Ordinal);
            var events = EventsOf(context, keys);
            var found = new Found(context.Layout, lineage, keys, events);
            context.Api.VisitTriples(null, null, found.Take);

            // An event that is another session's too keeps everything but its link to these.
            var own = found.EventTriples.Where(t => !found.Shared.Contains(t.Subject)).ToList();
            foreach (var triple in own)
            {
                found.PerSession[events[triple.Subject]]++;
            }

            var deletes = own.Where(t => t.IsType).Select(t => t.Id)
                .Concat(own.Where(t => !t.IsType).Select(t => t.Id))
                .Concat(found.Links)
                .Concat(found.Records)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return new PurgeWork(deletes, found.Records.Count, found.Shared.Count, found.WithoutId, found.PerSession);
        }

        /// <summary>
        /// The events of these sessions, each with its session, from two listings. <paramref name="keys"/> grows by the
        /// forks whose events a removal of one of these sessions marked: a purge of a lineage that was interrupted
        /// after its forks' records were deleted finds their events again by the removal they share with the session's own.
        /// </summary>
        private static Dictionary<string, string> EventsOf(SessionContext context, HashSet<string> keys)
        {
            var layout = context.Layout;
            var removedBy = new Dictionary<string, string>(StringComparer.Ordinal);
            context.Api.VisitTriples(null, layout.RemovedBy, t =>
            {
                if (t.Object.IsString)
                {
                    removedBy[t.Subject] = t.Object.Text!;
                }
            });

            var events = new Dictionary<string, string>(StringComparer.Ordinal);
            var removedElsewhere = new Dictionary<string, string>(StringComparer.Ordinal);
            context.Api.VisitTriples(null, layout.EventSession, t =>
            {
                if (!(layout.KeyFromValue(t.Object) is string key))
                {
                    return;
                }

                if (keys.Contains(key))
                {
                    events[t.Subject] = key;
                }
                else if (removedBy.ContainsKey(t.Subject))
                {
                    removedElsewhere[t.Subject] = key;
                }
            });

            var removals = new HashSet<string>(events.Keys.Where(removedBy.ContainsKey).Select(s => removedBy[s]), StringComparer.Ordinal);
            foreach (var pair in removedElsewhere.Where(p => removals.Contains(removedBy[p.Key])))
            {
                events[pair.Key] = pair.Value;
                keys.Add(pair.Value);
            }

            return events;
        }

        /// <summary>The triples of the whole-graph listing that a purge deletes, sorted by what they are.</summary>
        private sealed class Found
        {
            private readonly SessionLayout _layout;
            private readonly HashSet<string> _keys;
            private readonly Dictionary<string, string> _events;
            private readonly Dictionary<string, string> _recordSubjects;

            public Found(SessionLayout layout, IReadOnlyCollection<string> lineage, HashSet<string> keys, Dictionary<string, string> events)
            {
                _layout = layout;
                _keys = keys;
                _events = events;
                _recordSubjects = lineage.ToDictionary(layout.SessionSubject, k => k, StringComparer.Ordinal);
                foreach (var key in lineage)
                {
                    _recordSubjects[layout.LogSubject(key)] = key;
                }

                PerSession = keys.ToDictionary(k => k, k => 0, StringComparer.Ordinal);
            }

            public Dictionary<string, int> PerSession { get; }

            public List<(string Subject, string Id, bool IsType)> EventTriples { get; } = new List<(string Subject, string Id, bool IsType)>();

            public List<string> Links { get; } = new List<string>();

            public List<string> Records { get; } = new List<string>();

            public HashSet<string> Shared { get; } = new HashSet<string>(StringComparer.Ordinal);

            public int WithoutId { get; private set; }

            public void Take(CortexTriple t)
            {
                var ofEvent = _events.ContainsKey(t.Subject);
                if (!ofEvent && !_recordSubjects.ContainsKey(t.Subject))
                {
                    return;
                }

                if (t.Id == null)
                {
                    WithoutId++;
                    return;
                }

                if (!ofEvent)
                {
                    Records.Add(t.Id);
                    PerSession[_recordSubjects[t.Subject]]++;
                }
                else if (t.Predicate == _layout.EventSession)
                {
                    if (_layout.KeyFromValue(t.Object) is string key && _keys.Contains(key))
                    {
                        Links.Add(t.Id);
                        PerSession[key]++;
                    }
                    else
                    {
                        Shared.Add(t.Subject);
                    }
                }
                else
                {
                    EventTriples.Add((t.Subject, t.Id, t.Predicate == _layout.EventType));
                }
            }
        }
    }
}
