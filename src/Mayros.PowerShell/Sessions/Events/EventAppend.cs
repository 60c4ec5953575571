using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>One event as Add-MayrosSessionEvent was given it (before defaults).</summary>
    internal sealed class EventInput
    {
        public string Session { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public IDictionary? Fields { get; set; }

        public DateTimeOffset? Timestamp { get; set; }

        public string? Agent { get; set; }

        public string? Id { get; set; }

        public string? ParentId { get; set; }

        public ulong? DurationMs { get; set; }
    }

    /// <summary>What a chunk of events comes to once compared with what Cortex holds.</summary>
    internal sealed class AppendPlan
    {
        public AppendPlan(IReadOnlyList<CortexEvent> toWrite, int unchanged, CortexWritePlan writes)
        {
            ToWrite = toWrite;
            Unchanged = unchanged;
            Writes = writes;
        }

        /// <summary>The events Cortex does not hold yet.</summary>
        public IReadOnlyList<CortexEvent> ToWrite { get; }

        /// <summary>Events Cortex holds already with the same content (a re-run): not written again.</summary>
        public int Unchanged { get; }

        public CortexWritePlan Writes { get; }
    }

    /// <summary>
    /// Add-MayrosSessionEvent: events written through POST /api/v1/events exactly as Mayros agents write them (so the
    /// mayros CLI's event reader sees them), in bodies under 1 MiB. Each event is checked alone first; a chunk of
    /// them is then compared with Cortex in one events listing, so that an id Cortex holds with other content is an
    /// error and the same content is not written twice.
    /// </summary>
    internal static class EventAppend
    {
        /// <summary>How many events are compared and written together: 100,000 events cost one listing.</summary>
        public const int ChunkEvents = 100_000;

        /// <summary>The events API's own names, which a field must not take (a second value would make reads pick one).</summary>
        private static readonly HashSet<string> CoreNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "type", "agent", "timestamp", "session", "parent_event", "duration_ms",
        };

        /// <summary>The event to write, with the defaults filled in; a clear error for anything Cortex would store wrong.</summary>
        public static CortexEvent Build(EventInput input, DateTimeOffset now)
        {
            SessionKeys.Validate(input.Session, "Session");
            Require(input.Type, "Type", "event type", 256);
            var id = input.Id ?? Guid.NewGuid().ToString();
            Require(id, "Id", "event id", SessionKeys.MaxKeyLength);
            var agent = input.Agent ?? DefaultAgent;
            Require(agent, "Agent", "agent id", SessionKeys.MaxKeyLength);
            if (input.ParentId != null)
            {
                Require(input.ParentId, "ParentId", "parent event id", SessionKeys.MaxKeyLength);
            }

            var fields = Fields(input.Fields, id);
            // Now to the millisecond, as an agent's clock (JavaScript's) writes it.
            var timestamp = Timestamps.Format(input.Timestamp ?? new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero));
            return new CortexEvent(id, input.Type, agent, timestamp, input.Session, input.ParentId, input.DurationMs, fields);
        }

        /// <summary>The agent an event is written by when -Agent is not given.</summary>
        public const string DefaultAgent = "operator";

        /// <summary>
        /// Compares the chunk with what Cortex holds under the same ids (one events listing): an id held with other
        /// content stops the chunk before anything is written; one held with the same content is left alone.
        /// </summary>
        public static AppendPlan Plan(SessionContext context, IReadOnlyList<CortexEvent> events)
        {
            var wanted = events.ToDictionary(e => e.Id, StringComparer.Ordinal);
            var stored = new Dictionary<string, CortexEvent>(StringComparer.Ordinal);
            var listing = context.Api.ListEvents(context.Layout.Namespace, EventSelection.WithIds(wanted.Keys), e => stored[e.Id] = e);
            foreach (var e in listing.WithoutSession)
            {
                stored[e.Id] = e;
            }

            var unchanged = 0;
            foreach (var pair in stored)
            {
                var mine = wanted[pair.Key];
                var why = Difference(mine, pair.Value);
                if (why != null)
                {
                    throw Conflict(context, mine, why);
                }

                unchanged++;
            }

            var toWrite = events.Where(e => !stored.ContainsKey(e.Id)).ToList();
            return new AppendPlan(toWrite, unchanged, context.Api.PlanEvents(context.Layout.Namespace, toWrite));
        }

        public static void Apply(SessionContext context, AppendPlan plan, string activity) =>
            context.WriteWithProgress(
                plan.Writes,
                activity,
                $"Writing {Wording.Count(plan.ToWrite.Count, "event")}",
                (done, total) => $"Wrote {done:N0} of {total:N0} events");

        /// <summary>Why two events under one id are not the same event, or null when they are.</summary>
        public static string? Difference(CortexEvent mine, CortexEvent other)
        {
            if (other.Fields.ContainsKey(SessionLayout.RemovedByField))
            {
                return "it belongs to a removed session (Remove-MayrosSession without -Purge keeps its events)";
            }

            if (other.Session != null && other.Session != mine.Session)
            {
                return $"it is an event of session '{other.Session}'";
            }

            var theirs = other.Fields.Where(f => !SessionLayout.IsBookkeeping(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            var same = other.Type == mine.Type
                && (other.Agent.Length == 0 || other.Agent == mine.Agent)
                && Timestamps.ParseStored(other.Timestamp) == Timestamps.ParseStored(mine.Timestamp)
                && other.ParentEvent == mine.ParentEvent
                && other.DurationMs == mine.DurationMs
                && theirs.Count == mine.Fields.Count
                && mine.Fields.All(f => theirs.TryGetValue(f.Key, out var value) && value == f.Value);
            return same ? null : $"it is stored with other content ({other.Type} by '{other.Agent}' at {other.Timestamp})";
        }

        public static MayrosException Conflict(SessionContext context, CortexEvent e, string why) => new MayrosException(
            ErrorIds.SessionEventConflict,
            ErrorCategory.ResourceExists,
            $"Event '{e.Id}' cannot be added to session '{e.Session}' in {context.Where}: {why}. Nothing of this batch was written.",
            e.Id,
            "Leave -Id out to get a new id, or pass the stored event's exact content to make the add a no-op.");

        private static Dictionary<string, string> Fields(IDictionary? given, string id)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (given == null)
            {
                return fields;
            }

            foreach (DictionaryEntry entry in given)
            {
                var name = Unwrap(entry.Key) as string ?? throw Invalid(
                    $"a field name of event '{id}' is a {Unwrap(entry.Key)?.GetType().Name ?? "null"}, not a string", "Fields");
                if (Names.Problem(name, 256) is string problem)
                {
                    throw Invalid($"the field name '{name}' of event '{id}' is not usable: {problem}", "Fields");
                }

                if (CoreNames.Contains(name) || SessionLayout.IsBookkeeping(name))
                {
                    throw Invalid(
                        $"the field '{name}' of event '{id}' has a name that " +
                        (CoreNames.Contains(name) ? "the events API uses itself" : "the module keeps for rewinds, forks and removals"),
                        "Fields");
                }

                fields[name] = Unwrap(entry.Value) as string ?? throw Invalid(
                    $"the field '{name}' of event '{id}' is a {Unwrap(entry.Value)?.GetType().Name ?? "null"}; "
                    + "Cortex's events API stores only string values", "Fields", "Pass the value as a string, for example [string]$value or \"$value\".");
            }

            return fields;
        }

        private static void Require(string? value, string parameter, string what, int maxLength)
        {
            if (Names.Problem(value, maxLength) is string problem)
            {
                throw Invalid($"the {what} given to -{parameter} is not usable: {problem}", parameter);
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static MayrosException Invalid(string why, string parameter, string? action = null) => new MayrosException(
            ErrorIds.InvalidSessionEvent,
            ErrorCategory.InvalidArgument,
            $"The event was not added: {why}.",
            parameter,
            action ?? $"Correct -{parameter} and run the command again; nothing was written for this event.");
    }
}
