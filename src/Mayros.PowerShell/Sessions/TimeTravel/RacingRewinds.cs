using System;
using System.Collections.Generic;
using System.Linq;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Which hidden events an undo brings back when rewinds of the session may have raced. Two rewinds that both read
    /// the session before either stored its markers both mark the events after both points, and Cortex's event listing
    /// gives one rewoundBy value of such an event: by the listing alone, the undo of either could bring it back while
    /// the other still hides it, or neither's could once the other was undone. An event comes back with the undo of the
    /// last standing rewind that marked it. Every rewoundBy value is read for that (one request more), and only when
    /// another rewind's run, from its first read of the session to its last record, overlapped this one's.
    /// </summary>
    internal static class RacingRewinds
    {
        /// <summary>The clock difference between two machines that the overlap allows for.</summary>
        private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);

        /// <summary>The events the undo of <paramref name="rewind"/> brings back, in the order given.</summary>
        public static List<SessionEvent> Restorable(SessionContext context, SessionRecord record, RewindRecord rewind, IReadOnlyList<SessionEvent> events)
        {
            var hidden = events.Where(e => e.Rewound).ToList();
            var racing = Racing(record, rewind.Id);
            if (racing.Count == 0)
            {
                return hidden.Where(e => e.RewoundBy == rewind.Id).ToList();
            }

            var ids = new HashSet<string>(hidden.Select(e => e.Id), StringComparer.Ordinal);
            var marks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            context.Api.VisitTriples(null, context.Layout.RewoundBy, t =>
            {
                if (context.Layout.EventIdFromSubject(t.Subject) is string id && ids.Contains(id) && t.Object.ToText() is string by)
                {
                    if (!marks.TryGetValue(id, out var list))
                    {
                        list = new List<string>();
                        marks[id] = list;
                    }

                    list.Add(by);
                }
            });
            var standing = new HashSet<string>(racing.Where(r => !record.Reached(r, RewindState.Undone)), StringComparer.Ordinal);
            return hidden.Where(e => marks.TryGetValue(e.Id, out var by) ? by.Contains(rewind.Id) && !by.Any(standing.Contains) : e.RewoundBy == rewind.Id).ToList();
        }

        /// <summary>The session's other completed rewinds whose run overlapped this one's.</summary>
        private static List<string> Racing(SessionRecord record, string id)
        {
            var (from, to) = Run(record, id);
            return record.Rewinds.Select(r => r.Id).Where(other => other != id).Distinct(StringComparer.Ordinal)
                .Where(other => Run(record, other) is var run && run.From <= to + Skew && run.To >= from - Skew).ToList();
        }

        /// <summary>From a rewind's first read of the session (its first record, in older records) to its completed record.</summary>
        private static (DateTimeOffset From, DateTimeOffset To) Run(SessionRecord record, string id)
        {
            var steps = record.AllRewinds.Where(r => r.Id == id && (r.State == RewindState.Started || r.State == RewindState.Completed)).ToList();
            return (steps.Min(r => r.ReadAt ?? r.At), steps.Max(r => r.At));
        }
    }
}
