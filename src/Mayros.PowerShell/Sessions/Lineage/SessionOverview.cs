using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Get-MayrosSession: every session of a namespace, found from its events and from the session records, as agents
    /// write them (most sessions only have events). One listing per record field and one events listing (plus one of
    /// {ns}:event:session when some event's session is a plain literal), however many sessions and events there are;
    /// memory grows with the sessions, and by 16 bytes per event (the ids, so that an event listed twice counts once).
    /// </summary>
    internal static class SessionOverview
    {
        /// <summary>The sessions whose key <paramref name="wanted"/> accepts, in key order.</summary>
        /// <param name="context">The command's context.</param>
        /// <param name="wanted">Which keys to describe (the others' events are passed over).</param>
        /// <param name="exactKeys">When every wanted key is known (no wildcard): only their events are read closely.</param>
        public static IReadOnlyList<MayrosSessionInfo> List(SessionContext context, Func<string, bool> wanted, IReadOnlyCollection<string>? exactKeys = null)
        {
            var records = SessionListing.ReadAll(context, withRewinds: true)
                .Where(r => wanted(r.Key))
                .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
            var seen = new EventKeySet();
            var literal = new List<CortexEvent>();
            var selection = exactKeys == null ? EventSelection.All : EventSelection.OfSessions(exactKeys, int.MaxValue);
            var listing = context.Api.ListEvents(context.Layout.Namespace, selection, e =>
            {
                if (e.Session == null)
                {
                    literal.Add(e);
                }
                else if (wanted(e.Session) && seen.AddNew(e.Id))
                {
                    Count(tallies, records, e, e.Session);
                }
            });

            literal.AddRange(listing.WithoutSession);
            if (literal.Count > 0)
            {
                CountLiteralSessions(context, literal, wanted, seen, tallies, records);
            }

            return records.Keys.Concat(tallies.Keys)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => ToModel(k, records.TryGetValue(k, out var r) ? r : null, tallies.TryGetValue(k, out var t) ? t : null))
                .Where(s => s.HasRecord || s.EventCount > 0)
                .ToList();
        }

        /// <summary>Events whose session Cortex stores as a plain literal, which the events API reports without one.</summary>
        private static void CountLiteralSessions(
            SessionContext context,
            List<CortexEvent> events,
            Func<string, bool> wanted,
            EventKeySet seen,
            Dictionary<string, Tally> tallies,
            Dictionary<string, SessionRecord> records)
        {
            var layout = context.Layout;
            var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
            bool Literal(CortexTriple t) => t.Object.Kind == CortexValueKind.String;
            foreach (var triple in context.Api.ListTriples(null, layout.EventSession, Literal))
            {
                if (layout.EventIdFromSubject(triple.Subject) is string id && layout.KeyFromValue(triple.Object) is string key)
                {
                    sessions[id] = key;
                }
            }

            foreach (var e in events)
            {
                if (sessions.TryGetValue(e.Id, out var key) && wanted(key) && seen.AddNew(e.Id))
                {
                    Count(tallies, records, e, key);
                }
            }
        }

        private static void Count(Dictionary<string, Tally> tallies, Dictionary<string, SessionRecord> records, CortexEvent e, string key)
        {
            // An event of a removed session is no session's (Remove-MayrosSession without -Purge keeps it, marked).
            if (e.Fields.ContainsKey(SessionLayout.RemovedByField))
            {
                return;
            }

            if (!tallies.TryGetValue(key, out var tally))
            {
                tally = new Tally(records.TryGetValue(key, out var record) ? record : null);
                tallies[key] = tally;
            }

            tally.Add(e, key);
        }

        private static MayrosSessionInfo ToModel(string key, SessionRecord? record, Tally? tally)
        {
            var status = record?.Status
                ?? (record != null && record.Exists && record.ParentSession != null ? "incomplete" : "active");
            var lastEvent = tally?.Last;
            var lastChanged = record?.LastChanged;
            return new MayrosSessionInfo(key, status, record != null && record.Exists)
            {
                EventCount = tally?.Events ?? 0,
                LiveEventCount = tally?.Live ?? 0,
                FirstEvent = tally?.First,
                LastEvent = lastEvent,
                LastChanged = lastEvent > lastChanged || lastChanged == null ? lastEvent : lastChanged,
                ParentSession = record?.ParentSession,
                ForkedAt = record?.ForkedAt,
                CheckpointCount = record?.Checkpoints.Count ?? 0,
                Agents = new MayrosList<string>(tally?.Agents.OrderBy(a => a, StringComparer.Ordinal) ?? Enumerable.Empty<string>()),
                StoredBytes = tally?.Bytes ?? 0,
            };
        }

        /// <summary>What one session's events add up to.</summary>
        private sealed class Tally
        {
            private readonly SessionRecord? _record;
            private readonly bool _rewindUnderWay;

            public Tally(SessionRecord? record)
            {
                _record = record;
                _rewindUnderWay = record != null && (record.RewindsInProgress.Count > 0 || record.UndosInProgress.Count > 0);
            }

            public int Events { get; private set; }

            public int Live { get; private set; }

            public DateTimeOffset? First { get; private set; }

            public DateTimeOffset? Last { get; private set; }

            public HashSet<string> Agents { get; } = new HashSet<string>(StringComparer.Ordinal);

            public long Bytes { get; private set; }

            public void Add(CortexEvent e, string key)
            {
                Events++;
                Bytes += e.ListedBytes;
                if (IsLive(e, key))
                {
                    Live++;
                }

                if (e.Agent.Length > 0)
                {
                    Agents.Add(e.Agent);
                }

                if (Timestamps.ParseStored(e.Timestamp) is DateTimeOffset time)
                {
                    First = First == null || time < First ? time : First;
                    Last = Last == null || time > Last ? time : Last;
                }
            }

            /// <summary>Live as every reader sees it: no rewound marker, and not in the way of a rewind or undo under way.</summary>
            private bool IsLive(CortexEvent e, string key)
            {
                if (!_rewindUnderWay)
                {
                    return !(e.Fields.TryGetValue(SessionLayout.RewoundField, out var marker) && string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase));
                }

                return _record!.IsLive(new SessionEvent(e.Id, key, e.Type, e.Agent, e.Timestamp, e.ParentEvent, e.DurationMs, e.Fields));
            }
        }
    }
}
