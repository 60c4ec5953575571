using System;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>Where a rewind is in its life. Each step is one more JSON record under {ns}:session:rewind with the same id.</summary>
    internal enum RewindState
    {
        /// <summary>Written with its first markers: the rewind is under way (or was interrupted).</summary>
        Started,

        /// <summary>Every marker is stored and the session's status and rewind point say so.</summary>
        Completed,

        /// <summary>Written before an undo's first restored event: the undo is under way (or was interrupted).</summary>
        Undoing,

        /// <summary>Its events are back (as restored copies) and the session's previous status and point with them.</summary>
        Undone,
    }

    /// <summary>What one rewind did, stored as a JSON literal under {ns}:session:rewind so that it can be undone.</summary>
    internal sealed class RewindRecord
    {
        public RewindRecord(string id, string sessionKey, DateTimeOffset point, DateTimeOffset at, int eventsRemoved, string? previousStatus, string? previousRewindPoint,
            RewindState state, CortexTriple? triple = null, string? checkpointId = null, DateTimeOffset? readAt = null)
        {
            ReadAt = readAt;
            Id = id;
            SessionKey = sessionKey;
            Point = point;
            At = at;
            EventsRemoved = eventsRemoved;
            PreviousStatus = previousStatus;
            PreviousRewindPoint = previousRewindPoint;
            State = state;
            Triple = triple;
            CheckpointId = checkpointId;
        }

        public string Id { get; }

        public string SessionKey { get; }

        public DateTimeOffset Point { get; }

        /// <summary>When this record was written.</summary>
        public DateTimeOffset At { get; }

        public int EventsRemoved { get; }

        public string? PreviousStatus { get; }

        public string? PreviousRewindPoint { get; }

        public RewindState State { get; }

        /// <summary>The checkpoint the rewind went back to, when it was given one.</summary>
        public string? CheckpointId { get; }

        /// <summary>When the rewind began to read the session (null in older records): from then on it may race another.</summary>
        public DateTimeOffset? ReadAt { get; }

        public CortexTriple? Triple { get; }

        public RewindRecord With(RewindState state, DateTimeOffset at) =>
            new RewindRecord(Id, SessionKey, Point, at, EventsRemoved, PreviousStatus, PreviousRewindPoint, state, null, CheckpointId, ReadAt);

        public string ToJson() => RewindJson.Write(new StoredRewind(
            Id,
            SessionKey,
            Timestamps.Format(Point),
            Timestamps.Format(At),
            EventsRemoved,
            PreviousStatus,
            PreviousRewindPoint,
            CheckpointId,
            State == RewindState.Completed ? null : StateText(State),
            readAt: ReadAt is DateTimeOffset read ? Timestamps.Format(read) : null));

        public static RewindRecord? Parse(CortexTriple triple)
        {
            if (triple.Object.Kind != CortexValueKind.String
                || !(RewindJson.TryRead(triple.Object.Text!) is StoredRewind stored)
                || !(Timestamps.ParseStored(stored.RewindPoint) is DateTimeOffset point)
                || !(Timestamps.ParseStored(stored.At) is DateTimeOffset at))
            {
                return null;
            }

            RewindState? state = stored.State switch
            {
                "started" => RewindState.Started,
                "undoing" => RewindState.Undoing,
                "undone" => RewindState.Undone,
                null => stored.LegacyUndone ? RewindState.Undone : RewindState.Completed,
                _ => null,
            };
            if (state == null)
            {
                return null;
            }

            return new RewindRecord(stored.Id, stored.SessionKey, point, at, stored.EventsRemoved, stored.PreviousStatus, stored.PreviousRewindPoint, state.Value, triple,
                stored.Checkpoint, Timestamps.ParseStored(stored.ReadAt));
        }

        private static string StateText(RewindState state) => state switch
        {
            RewindState.Started => "started",
            RewindState.Undoing => "undoing",
            RewindState.Undone => "undone",
            _ => "completed",
        };
    }
}
