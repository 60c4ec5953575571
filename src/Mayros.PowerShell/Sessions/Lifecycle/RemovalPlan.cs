using System.Collections.Generic;
using System.Linq;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>One session a removal takes out, as read before anything is written.</summary>
    internal sealed class SessionToRemove
    {
        public SessionToRemove(string key, SessionRecord record, IReadOnlyList<SessionEvent> events, IReadOnlyList<string> forks)
        {
            Key = key;
            Record = record;
            Events = events;
            Forks = forks;
        }

        public string Key { get; }

        public SessionRecord Record { get; }

        /// <summary>The session's events, hidden ones included (not those of an earlier removal under the same key).</summary>
        public IReadOnlyList<SessionEvent> Events { get; }

        /// <summary>Its direct forks.</summary>
        public IReadOnlyList<string> Forks { get; }

        /// <summary>The marker triples a removal adds: removedBy on every event, rewound on those not hidden already.</summary>
        public int NewMarkers => Events.Count + Events.Count(e => !e.Rewound);
    }

    /// <summary>What a removal will do, decided before anything is written (and shown by -WhatIf and -Confirm).</summary>
    internal sealed class RemovalPlan
    {
        public RemovalPlan(string key, bool purge, IReadOnlyList<SessionToRemove> sessions, PurgeWork? purgeWork)
        {
            Key = key;
            Purge = purge;
            Sessions = sessions;
            PurgeWork = purgeWork;
        }

        /// <summary>The session asked for.</summary>
        public string Key { get; }

        public bool Purge { get; }

        /// <summary>The sessions to remove, leaves first: the one asked for comes last.</summary>
        public IReadOnlyList<SessionToRemove> Sessions { get; }

        /// <summary>For -Purge: the triples stored now that the purge will delete (the markers the removal adds come on top).</summary>
        public PurgeWork? PurgeWork { get; }

        public int Events => Sessions.Sum(s => s.Events.Count);

        public int Checkpoints => Sessions.Sum(s => s.Record.Checkpoints.Count);

        /// <summary>The record values that go (one delete each).</summary>
        public int RecordValues => Sessions.Sum(s => s.Record.Triples.Count);

        /// <summary>The batch requests that write the removal markers.</summary>
        public int MarkerRequests { get; set; }

        /// <summary>The delete requests a purge sends: what is stored now, plus the markers the removal adds first.</summary>
        public int PurgeDeletes => PurgeWork == null ? 0 : PurgeWork.Deletes.Count - PurgeWork.RecordTriples + Sessions.Sum(s => s.NewMarkers);
    }

    /// <summary>The triples a purge deletes, in the order that keeps every moment of it safe to interrupt.</summary>
    internal sealed class PurgeWork
    {
        public PurgeWork(IReadOnlyList<string> deletes, int recordTriples, int sharedEvents, int withoutId, IReadOnlyDictionary<string, int> perSession)
        {
            PerSession = perSession;
            Deletes = deletes;
            RecordTriples = recordTriples;
            SharedEvents = sharedEvents;
            WithoutId = withoutId;
        }

        /// <summary>
        /// Triple ids: first every event's type (an event without one is listed by no reader), then the rest of the
        /// events' triples, then their links to the session (by which a re-run finds what is left), then the record.
        /// </summary>
        public IReadOnlyList<string> Deletes { get; }

        /// <summary>Of the deletes, the triples of the sessions' records (a removal deletes those itself).</summary>
        public int RecordTriples { get; }

        /// <summary>Events that belong to another session too: only their link to the removed one goes.</summary>
        public int SharedEvents { get; }

        /// <summary>How many of the deletes are each session's.</summary>
        public IReadOnlyDictionary<string, int> PerSession { get; }

        /// <summary>Triples Cortex listed without an id, which cannot be deleted.</summary>
        public int WithoutId { get; }
    }
}
