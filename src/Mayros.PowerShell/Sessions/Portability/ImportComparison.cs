using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What the target of an import holds under the file's keys already, compared with the file.</summary>
    internal static class ImportComparison
    {
        /// <summary>
        /// What the target holds under each key: nothing (New), exactly the file's session (Unchanged), or part of it
        /// with no status (an interrupted import: Resumed). Anything else is another session, refused. One read of each
        /// record, and one events listing for all.
        /// </summary>
        public static void Compare(SessionContext context, ImportPlan plan, Dictionary<EventKey, ulong> content)
        {
            var layout = context.Layout;
            var byKey = plan.Sessions.ToDictionary(s => s.Key, StringComparer.Ordinal);
            var matched = byKey.Keys.ToDictionary(k => k, k => 0L, StringComparer.Ordinal);
            var foreign = byKey.Keys.ToDictionary(k => k, k => 0L, StringComparer.Ordinal);
            long removedCollisions = 0;
            EventIndex.Visit(context.Api, layout, byKey.Keys, (e, key) =>
            {
                if (e.Fields.ContainsKey(SessionLayout.RemovedByField))
                {
                    if (content.ContainsKey(EventKey.Of(e.Id)))
                    {
                        removedCollisions++;
                    }

                    return;
                }

                if (content.TryGetValue(EventKey.Of(e.Id), out var hash) && hash == Hash(new CortexEvent(e.Id, e.Type, e.Agent, e.Timestamp, key, e.ParentEvent, e.DurationMs,
                    e.Fields)))
                {
                    matched[key]++;
                }
                else
                {
                    foreign[key]++;
                }
            });

            if (removedCollisions > 0)
            {
                throw new MayrosException(
                    ErrorIds.SessionAlreadyExists,
                    ErrorCategory.ResourceExists,
                    $"{removedCollisions:N0} of the file's events are still stored in {context.Where} as events of a removed session (Remove-MayrosSession without -Purge keeps " +
                        $"them, marked removed), and an event cannot be written twice under one id. Nothing was written.",
                    plan.Sessions[0].Key,
                    "Import under new keys with -Name (the events then get ids of their own), or delete the removed session's triples first with Remove-MayrosSession -Purge.");
            }

            foreach (var session in plan.Sessions)
            {
                Decide(context, plan, session, matched[session.Key], foreign[session.Key]);
            }
        }

        /// <summary>What the target holds under one key of the file: New, Unchanged or Resumed, or else a refusal.</summary>
        private static void Decide(SessionContext context, ImportPlan plan, SessionToImport session, long matchedEvents, long foreignEvents)
        {
            var record = context.ReadRecord(session.Key);
            var stored = new HashSet<(string, CortexValue)>(record.Triples.Select(t => (t.Predicate, t.Object)));
            var wanted = new HashSet<(string, CortexValue)>(session.Values.Select(v => (v.Predicate, v.Object)));
            var events = matchedEvents + foreignEvents;
            if (!record.Exists && events == 0)
            {
                session.State = ImportState.New;
                return;
            }

            string? why = null;
            if (foreignEvents > 0)
            {
                why = $"{foreignEvents:N0} of its {events:N0} events are not the file's";
            }
            else if (!stored.IsSubsetOf(wanted))
            {
                why = $"its record holds {stored.Count(v => !wanted.Contains(v)):N0} value(s) the file's does not";
            }

            var complete = stored.Count == wanted.Count && matchedEvents == session.Events;
            if (record.Status != null && !complete)
            {
                why = $"it holds {matchedEvents:N0} of the file's {session.Events:N0} events and {stored.Count:N0} of its {wanted.Count:N0} record values";
            }

            if (why != null)
            {
                throw new MayrosException(
                    ErrorIds.SessionAlreadyExists,
                    ErrorCategory.ResourceExists,
                    $"Session '{session.Key}' already exists in {context.Where} and is not the one in {plan.Source}: {why}. Nothing was written.",
                    session.Key,
                    "Import it under another key with -Name (the root) or -Rename @{ old = 'new' }, or remove the existing session first (Remove-MayrosSession).");
            }

            // Complete is Unchanged, with or without a status (a session may have no record at all).
            session.State = complete ? ImportState.Unchanged : ImportState.Resumed;
        }

        /// <summary>An event's content as a number (FNV-1a over every part), to compare the file's with the target's.</summary>
        internal static ulong Hash(CortexEvent e)
        {
            var hash = 14695981039346656037UL;
            void Add(string? text)
            {
                foreach (var c in text ?? "\u0001")
                {
                    hash = (hash ^ c) * 1099511628211UL;
                }

                hash = (hash ^ 0xFFFF) * 1099511628211UL;
            }

            Add(e.Id);
            Add(e.Type);
            Add(e.Agent);
            Add(e.Timestamp);
            Add(e.ParentEvent);
            Add(e.DurationMs?.ToString(CultureInfo.InvariantCulture));
            foreach (var field in e.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                Add(field.Key);
                Add(field.Value);
            }

            return hash;
        }
    }
}
