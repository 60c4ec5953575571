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
        /// Splits a session's live events (in time order) into those at or before the point and those after it. For
        /// a checkpoint, the split falls right after its last event, found by id, or through the event an undo
        /// restored in its place. A checkpoint whose last event is hidden cannot be reached by hiding more; one whose
        /// last event Cortex never stored (the mayros CLI counts its own buffer) falls back to the checkpoint's moment.
        /// </summary>
        public (List<SessionEvent> UpTo, List<SessionEvent> After) Split(SessionContext context, string key, IReadOnlyList<SessionEvent> allInOrder, Func<SessionEvent,
            bool> isLive)
        {
            var live = allInOrder.Where(isLive).ToList();
            if (Checkpoint?.LastEventId is string lastId)
            {
                var at = live.FindIndex(e => e.Id == lastId);
                if (at < 0)
                {
                    var byId = new Dictionary<string, SessionEvent>(StringComparer.Ordinal);
                    foreach (var e in allInOrder)
                    {
                        byId[e.Id] = e;
                    }

                    at = live.FindIndex(e => RestoresFrom(byId, e, lastId));
                }

                if (at >= 0)
                {
                    LastEvent = live[at];
                    Time = live[at].Timestamp ?? Checkpoint.Timestamp;
                    return (live.Take(at + 1).ToList(), live.Skip(at + 1).ToList());
                }

                if (allInOrder.FirstOrDefault(e => e.Id == lastId) is { } hidden)
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

            var upTo = live.Where(e => !e.Timestamp.HasValue || e.Timestamp.Value <= Time).ToList();
            var after = live.Where(e => e.Timestamp.HasValue && e.Timestamp.Value > Time).ToList();
            var unreadable = upTo.Count(e => !e.Timestamp.HasValue);
            if (unreadable > 0)
            {
                context.Reporter.Warning($"{unreadable:N0} events of session '{key}' have timestamps that are not dates; they count as before {Timestamps.Format(Time)}.");
            }

            return (upTo, after);
        }

        private string HiddenLastEvent(string key, string lastId, string? rewoundBy) =>
            $"The last event of checkpoint {Checkpoint!.Id} of session '{key}', '{lastId}', is hidden by rewind {rewoundBy ?? "(unknown)"}, "
            + "so hiding more events cannot bring the session back to that checkpoint. Nothing was written.";

        private string LastEventNotStored(string key, string lastId) =>
            $"Checkpoint {Checkpoint!.Id} names the last event '{lastId}', which is not stored in Cortex for session '{key}' "
            + $"(checkpoints the mayros CLI writes count its own buffer); using the checkpoint's moment, {Timestamps.Format(Checkpoint.Timestamp)}, instead.";

        /// <summary>Whether an event is the one an undo wrote in place of the given (hidden) event, however many undos ago.</summary>
        private static bool RestoresFrom(Dictionary<string, SessionEvent> byId, SessionEvent e, string originalId)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var current = e;
            while (current?.RestoredFrom is string from && seen.Add(from))
            {
                if (from == originalId)
                {
                    return true;
                }

                byId.TryGetValue(from, out current);
            }

            return false;
        }
    }
}
