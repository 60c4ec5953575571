using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Get-MayrosSessionEvent: a session's events in timestamp order, live ones only unless asked. Two requests (the
    /// record, then every event of the namespace, since Cortex's events API has no session filter), plus one when
    /// some agent is stored as a plain literal.
    /// </summary>
    internal static class EventListing
    {
        public static IReadOnlyList<MayrosSessionEvent> List(SessionContext context, string key, DateTimeOffset? after, DateTimeOffset? before, bool includeRewound)
        {
            SessionKeys.Validate(key, "Session");
            var (index, record, events) = EventIndex.LoadSession(context, key);

            var chosen = events
                .Where(e => includeRewound || record.IsLive(e))
                .Where(e => after == null || (e.Timestamp.HasValue && e.Timestamp.Value > after.Value))
                .Where(e => before == null || (e.Timestamp.HasValue && e.Timestamp.Value < before.Value))
                .ToList();
            index.ResolveAgents(chosen);
            return chosen.Select(e => ToModel(e, !record.IsLive(e))).ToList();
        }

        public static MayrosSessionEvent ToModel(SessionEvent e, bool hidden)
        {
            // In key order (Cortex reports fields in no order), so views and ConvertTo-Json read the same every time.
            var fields = new MayrosFields();
            foreach (var field in e.Fields.Where(f => !SessionLayout.IsBookkeeping(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                fields[field.Key] = field.Value;
            }

            return new MayrosSessionEvent(e.Session, e.Id, e.Type, e.Agent, e.Timestamp, e.TimestampText, e.ParentEvent, e.DurationMs, fields, hidden, e.RewoundBy, e.CopiedFrom,
                e.RestoredFrom);
        }
    }
}
