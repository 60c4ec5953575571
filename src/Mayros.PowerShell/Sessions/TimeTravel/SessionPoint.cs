using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// A point in a session's history that a rewind goes back to or a fork copies up to: a moment (-To, -At), or a
    /// checkpoint (-Checkpoint), which means exactly the events up to and including its last event.
    /// </summary>
    internal sealed class SessionPoint
    {
        private SessionPoint(DateTimeOffset time, MayrosCheckpoint? checkpoint)
        {
            Time = time;
            Checkpoint = checkpoint;
        }

        /// <summary>The moment: given, or the timestamp of the checkpoint's last event once resolved.</summary>
        public DateTimeOffset Time { get; private set; }

        public MayrosCheckpoint? Checkpoint { get; }

        /// <summary>The live event the point ends at, when a checkpoint named one that is stored and live.</summary>
        public SessionEvent? LastEvent { get; private set; }

        public static SessionPoint At(DateTimeOffset time) => new SessionPoint(time.ToUniversalTime(), null);

        public static SessionPoint From(MayrosCheckpoint checkpoint) => new SessionPoint(checkpoint.Timestamp, checkpoint);

        /// <summary>"2026-05-01T10:00:00.000Z" or "checkpoint cp-1a2b (label)", for messages.</summary>
        public string Describe() => Checkpoint == null
            ? Timestamps.Format(Time)
            : $"checkpoint {Checkpoint.Id}{(Checkpoint.Label == null ? string.Empty : " (" + Checkpoint.Label + ")")}";

        /// <summary>
        /// Splits a session's live events (in time order) into those at or before the point and those after it, by
        /// <see cref="Cut"/>.
        /// </summary>
        public (List<SessionEvent> UpTo, List<SessionEvent> After) Split(SessionContext context, string key, IReadOnlyList<SessionEvent> allInOrder, Func<SessionEvent,
            bool> isLive)
        {
            var atOrBefore = Cut(context, key, () => allInOrder, isLive);
            var upTo = new List<SessionEvent>();
            var after = new List<SessionEvent>();
            foreach (var e in allInOrder)
            {
                if (isLive(e))
                {
                    (atOrBefore(e) ? upTo : after).Add(e);
                }
            }

            return (upTo, after);
        }

        /// <summary>
        /// Where the point falls among a session's events: a test of whether a live event is at or before it. For a
        /// checkpoint, that is its last event (in time order) and every live event before it; the last event is found
        /// by id, or through the event an undo restored in its place. A checkpoint whose last event is hidden cannot be
        /// reached by hiding more; one whose last event Cortex never stored (the mayros CLI counts its own buffer) falls
        /// back to the checkpoint's moment. <paramref name="events"/> gives every event once, in any order, each time it
        /// is called (a spool is read from its file), and is called at most twice.
        /// </summary>
        public Func<SessionEvent, bool> Cut(SessionContext context, string key, Func<IEnumerable<SessionEvent>> events, Func<SessionEvent, bool> isLive)
        {
            if (Checkpoint?.LastEventId is string lastId)
            {
                SessionEvent? last = null;
                SessionEvent? hidden = null;
                Dictionary<string, string>? restoredFrom = null;
                foreach (var e in events())
                {
                    if (e.Id == lastId)
                    {
                        if (isLive(e))
                        {
                            last = e;
                        }
                        else
                        {
                            hidden ??= e;
                        }
                    }

                    if (e.RestoredFrom is string from)
                    {
                        (restoredFrom ??= new Dictionary<string, string>(StringComparer.Ordinal))[e.Id] = from;
                    }
                }

                if (last == null && restoredFrom != null)
                {
                    foreach (var e in events())
                    {
                        if (isLive(e) && RestoresFrom(restoredFrom, e, lastId) && (last == null || EventOrder.Instance.Compare(e, last) < 0))
                        {
                            last = e;
                        }
                    }
                }

                if (last != null)
                {
                    LastEvent = last;
                    Time = last.Timestamp ?? Checkpoint.Timestamp;
                    return e => EventOrder.Instance.Compare(e, last) <= 0;
                }

                if (hidden != null)
                {
                    throw new MayrosException(
                        ErrorIds.CheckpointUnreachable,
                        ErrorCategory.InvalidOperation,
                        HiddenLastEvent(key, lastId, hidden.RewoundBy),
                        Checkpoint,
                        $"Bring the hidden events back first with Undo-MayrosRewind -Session '{key}', or fork from the checkpoint as it is with New-MayrosFork.");
                }

                context.Reporter.Warning(LastEventNotStored(key, lastId));
            }

            var unreadable = events().Count(e => !e.Timestamp.HasValue && isLive(e));
            if (unreadable > 0)
            {
                context.Reporter.Warning($"{unreadable:N0} events of session '{key}' have timestamps that are not dates; they count as before {Timestamps.Format(Time)}.");
            }

            var time = Time;
            return e => !e.Timestamp.HasValue || e.Timestamp.Value <= time;
        }

        private string HiddenLastEvent(string key, string lastId, string? rewoundBy) =>
            $"The last event of checkpoint {Checkpoint!.Id} of session '{key}', '{lastId}', is hidden by rewind {rewoundBy ?? "(unknown)"}, "
            + "so hiding more events cannot bring the session back to that checkpoint. Nothing was written.";

        private string LastEventNotStored(string key, string lastId) =>
            $"Checkpoint {Checkpoint!.Id} names the last event '{lastId}', which is not stored in Cortex for session '{key}' "
            + $"(checkpoints the mayros CLI writes count its own buffer); using the checkpoint's moment, {Timestamps.Format(Checkpoint.Timestamp)}, instead.";

        /// <summary>Whether an event is the one an undo wrote in place of the given (hidden) event, however many undos ago.</summary>
        /// <param name="restoredFrom">For each restored event, the event it restores.</param>
        /// <param name="e">The event.</param>
        /// <param name="originalId">The hidden event.</param>
        private static bool RestoresFrom(Dictionary<string, string> restoredFrom, SessionEvent e, string originalId)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var from = e.RestoredFrom;
            while (from != null && seen.Add(from))
            {
                if (from == originalId)
                {
                    return true;
                }

                from = restoredFrom.TryGetValue(from, out var earlier) ? earlier : null;
            }

            return false;
        }
    }
}
