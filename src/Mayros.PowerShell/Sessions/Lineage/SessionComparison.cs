using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Compare-MayrosSession: where two sessions share history and where they part. An event of one session and an
    /// event of the other are the same history when both lead back, through copiedFrom and restoredFrom, to the same
    /// event. Five requests: both records, the parentSession and forkedFrom listings that give the sessions' ancestry,
    /// and the namespace's events, of which only the two sessions' and their ancestors' are kept.
    /// </summary>
    internal static class SessionComparison
    {
        public static MayrosSessionComparison Compare(SessionContext context, string reference, string difference) => Compare(null, context, reference, difference);

        /// <summary>
        /// The comparison; with <paramref name="referenceContext"/>, the reference session is read there (another Cortex
        /// or namespace) and the difference session in <paramref name="context"/>. Events are then the same history
        /// when their origins are the same ids, as they are for a session and its export imported elsewhere.
        /// </summary>
        public static MayrosSessionComparison Compare(SessionContext? referenceContext, SessionContext context, string reference, string difference)
        {
            SessionKeys.Validate(reference, "ReferenceSession");
            SessionKeys.Validate(difference, "DifferenceSession");
            var differenceRecord = context.ReadRecord(difference);

            // The sessions' ancestry first: their events are copies of their ancestors', so those are read with theirs.
            var ancestry = ReadAncestry(context);
            var referenceAncestry = referenceContext == null ? ancestry : ReadAncestry(referenceContext);
            var referenceAncestors = Ancestors(reference, referenceAncestry);
            var differenceAncestors = Ancestors(difference, ancestry);
            EventIndex referenceIndex, differenceIndex;
            SessionRecord referenceRecord;
            IReadOnlyList<SessionEvent> referenceEvents;
            if (referenceContext == null)
            {
                (referenceIndex, referenceRecord, referenceEvents) = EventIndex.LoadSession(
                    context, reference, alsoSessions: new[] { difference }.Concat(referenceAncestors).Concat(differenceAncestors));
                differenceIndex = referenceIndex;
            }
            else
            {
                (referenceIndex, referenceRecord, referenceEvents) = EventIndex.LoadSession(referenceContext, reference, alsoSessions: referenceAncestors);
                (differenceIndex, _) = EventIndex.LoadConsistent(context, difference, differenceRecord, differenceAncestors);
            }

            var differenceEvents = differenceIndex.ForSession(difference);
            if (differenceEvents.Count == 0 && !differenceRecord.Exists)
            {
                throw context.SessionNotFound(difference);
            }

            var left = referenceEvents.Where(referenceRecord.IsLive).ToList();
            var right = differenceEvents.Where(differenceRecord.IsLive).ToList();
            var leftOrigins = left.Select(e => referenceIndex.Origin(e.Id)).ToList();
            var rightOrigins = right.Select(e => differenceIndex.Origin(e.Id)).ToList();
            var inLeft = new HashSet<string>(leftOrigins, StringComparer.Ordinal);
            var inRight = new HashSet<string>(rightOrigins, StringComparer.Ordinal);

            var common = 0;
            while (common < left.Count && common < right.Count && leftOrigins[common] == rightOrigins[common])
            {
                common++;
            }

            var onlyLeft = left.Where((e, i) => !inRight.Contains(leftOrigins[i])).ToList();
            var onlyRight = right.Where((e, i) => !inLeft.Contains(rightOrigins[i])).ToList();
            referenceIndex.ResolveAgents(onlyLeft);
            differenceIndex.ResolveAgents(onlyRight);

            // Across two places, the family trees are read side by side: the reference's where it is, the rest here.
            var family = referenceContext == null ? ancestry : Merge(referenceAncestry, ancestry);
            var (relationship, ancestor) = Relate(reference, difference, referenceRecord, differenceRecord, family);
            return new MayrosSessionComparison(
                reference,
                difference,
                relationship,
                ancestor,
                leftOrigins.Count(inRight.Contains),
                common > 0 ? left[common - 1].Id : null,
                common > 0 ? left[common - 1].Timestamp : null,
                onlyLeft.Select(e => EventListing.ToModel(e, false)).ToList(),
                onlyRight.Select(e => EventListing.ToModel(e, false)).ToList())
            {
                Identical = onlyLeft.Count == 0 && onlyRight.Count == 0 && common == left.Count && common == right.Count,
            };
        }

        private static Dictionary<string, SessionRecord> Merge(Dictionary<string, SessionRecord> first, Dictionary<string, SessionRecord> second)
        {
            var merged = new Dictionary<string, SessionRecord>(second, StringComparer.Ordinal);
            foreach (var pair in first)
            {
                merged[pair.Key] = pair.Value;
            }

            return merged;
        }

        /// <summary>Every session's parentSession and forkedFrom values: the family tree of the namespace, in two requests.</summary>
        private static Dictionary<string, SessionRecord> ReadAncestry(SessionContext context)
        {
            var triples = new List<CortexTriple>();
            triples.AddRange(context.Api.ListTriples(null, context.Layout.ParentSession));
            triples.AddRange(context.Api.ListTriples(null, context.Layout.ForkedFrom));
            return SessionRecord.Group(triples, context.Layout).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        /// <summary>A session's ancestors (a loop in the links is cut where it repeats).</summary>
        private static IEnumerable<string> Ancestors(string key, Dictionary<string, SessionRecord> ancestry) =>
            ancestry.TryGetValue(key, out var record) ? SessionListing.PathOf(record, ancestry).Where(k => k != key) : Enumerable.Empty<string>();

        private static (string Relationship, string? Ancestor) Relate(string reference, string difference, SessionRecord referenceRecord, SessionRecord differenceRecord,
            Dictionary<string, SessionRecord> ancestry)
        {
            if (reference == difference)
            {
                return ("Same", reference);
            }

            var records = new Dictionary<string, SessionRecord>(ancestry, StringComparer.Ordinal)
            {
                [reference] = referenceRecord,
                [difference] = differenceRecord,
            };

            // Ancestors nearest first, the session itself excluded.
            var up = SessionListing.PathOf(referenceRecord, records).Reverse().Skip(1).ToList();
            var down = SessionListing.PathOf(differenceRecord, records).Reverse().Skip(1).ToList();
            if (down.Contains(reference))
            {
                return ("DifferenceDescendsFromReference", reference);
            }

            if (up.Contains(difference))
            {
                return ("ReferenceDescendsFromDifference", difference);
            }

            var shared = down.FirstOrDefault(up.Contains);
            if (shared == null)
            {
                return ("Unrelated", null);
            }

            return (up.FirstOrDefault() == shared && down.FirstOrDefault() == shared ? "Siblings" : "Related", shared);
        }
    }
}
