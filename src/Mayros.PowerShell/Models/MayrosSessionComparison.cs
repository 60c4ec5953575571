using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Models
{
    /// <summary>Where two sessions share history and where they part, as Compare-MayrosSession reports it.</summary>
    public sealed class MayrosSessionComparison
    {
        /// <summary>A comparison as Compare-MayrosSession emits it.</summary>
        public MayrosSessionComparison(
            string referenceSession,
            string differenceSession,
            string relationship,
            string? commonAncestor,
            int sharedEventCount,
            string? lastCommonEventId,
            DateTimeOffset? divergedAt,
            IReadOnlyList<MayrosSessionEvent> onlyInReference,
            IReadOnlyList<MayrosSessionEvent> onlyInDifference)
        {
            ReferenceSession = referenceSession;
            DifferenceSession = differenceSession;
            Relationship = relationship;
            CommonAncestor = commonAncestor;
            SharedEventCount = sharedEventCount;
            LastCommonEventId = lastCommonEventId;
            DivergedAt = divergedAt;
            OnlyInReference = onlyInReference;
            OnlyInDifference = onlyInDifference;
        }

        /// <summary>The session compared against (-ReferenceSession).</summary>
        public string ReferenceSession { get; }

        /// <summary>The session compared with it (-DifferenceSession).</summary>
        public string DifferenceSession { get; }

        /// <summary>
        /// Same; DifferenceDescendsFromReference (a fork of it, or of one of its forks); ReferenceDescendsFromDifference;
        /// Siblings (forks of the same session); Related (both descend from CommonAncestor further up); or Unrelated.
        /// </summary>
        public string Relationship { get; }

        /// <summary>The nearest session both descend from (or the one the other descends from); null when unrelated.</summary>
        public string? CommonAncestor { get; }

        /// <summary>Live events of the reference session that the difference session also holds (itself, or as a copy).</summary>
        public int SharedEventCount { get; }

        /// <summary>The reference session's id for the last event of the history both share from the start; null when their first events differ.</summary>
        public string? LastCommonEventId { get; }

        /// <summary>The timestamp of that event: the sessions are the same up to here and differ after it.</summary>
        public DateTimeOffset? DivergedAt { get; }

        /// <summary>Live events only the reference session holds, in time order.</summary>
        public IReadOnlyList<MayrosSessionEvent> OnlyInReference { get; }

        /// <summary>Live events only the difference session holds, in time order.</summary>
        public IReadOnlyList<MayrosSessionEvent> OnlyInDifference { get; }

        /// <summary>
        /// True when both sessions hold the same live history, event for event in the same order, and nothing else (a
        /// session and its unchanged fork, or a session and its copy imported elsewhere).
        /// </summary>
        public bool Identical { get; internal set; }

        /// <summary>How many live events only the reference session holds.</summary>
        public int OnlyInReferenceCount => OnlyInReference.Count;

        /// <summary>How many live events only the difference session holds.</summary>
        public int OnlyInDifferenceCount => OnlyInDifference.Count;

        /// <summary>Both keys, as "reference &lt;&gt; difference".</summary>
        public override string ToString() => $"{ReferenceSession} <> {DifferenceSession}";
    }
}
