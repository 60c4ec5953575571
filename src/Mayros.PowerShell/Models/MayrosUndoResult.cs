using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>What Undo-MayrosRewind did: the rewind it reversed, the events it brought back, and the session's state now.</summary>
    public sealed class MayrosUndoResult
    {
        /// <summary>An undo result as Undo-MayrosRewind emits it.</summary>
        public MayrosUndoResult(string sessionKey, string undoneRewindId, DateTimeOffset undoneRewindPoint, int eventsRestored, string status, DateTimeOffset? rewindPoint)
        {
            SessionKey = sessionKey;
            UndoneRewindId = undoneRewindId;
            UndoneRewindPoint = undoneRewindPoint;
            EventsRestored = eventsRestored;
            Status = status;
            RewindPoint = rewindPoint;
        }

        /// <summary>The session whose rewind was undone.</summary>
        public string SessionKey { get; }

        /// <summary>The id of the rewind that was undone.</summary>
        public string UndoneRewindId { get; }

        /// <summary>The point that rewind had gone back to.</summary>
        public DateTimeOffset UndoneRewindPoint { get; }

        /// <summary>Events the rewind had hidden, now live again (as restored copies that name their original).</summary>
        public int EventsRestored { get; }

        /// <summary>The session's status now: the one it had before the rewind.</summary>
        public string Status { get; }

        /// <summary>The session's rewind point now: the one before the undone rewind, or null.</summary>
        public DateTimeOffset? RewindPoint { get; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
