using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Import-MayrosSession: writes the sessions of an export file into the namespace the connection points at. The
    /// file is read three times and never held: to check every line (a malformed, truncated or newer file is refused,
    /// naming the line, before any request), to plan the writes and learn each event's content, and to write. Data
    /// first, visibility last, as a fork writes: the events, then the records without their status, then the statuses
    /// in one request. Every request is idempotent, so an interrupted import is finished by running it again.
    /// </summary>
    internal static class SessionImport
    {
        /// <summary>Events planned and written per chunk, at most: a few MiB at a time, so memory does not grow with the file.</summary>
        internal const int EventsPerChunk = 10000;

        /// <summary>
        /// And at most this many characters of event lines per chunk (about two request bodies of 1 MiB), so that a
        /// chunk of large events is as small in memory as one of small events. 10,000 events and 2 Mi characters
        /// kept a 100,000-event import within 200 MiB where 20,000 and 4 Mi did not (docs/BENCHMARKS.md).
        /// </summary>
        internal const int CharactersPerChunk = 2 << 20;

        public static ImportPlan Plan(SessionContext context, ExportFileReader file, string? name, IReadOnlyDictionary<string, string>? rename)
        {
            if (name != null)
            {
                SessionKeys.Validate(name, "Name");
            }

            // 1. The whole file, checked; its event ids kept (references to them follow a rename).
            var contents = file.Check();
            var (header, records, ids) = (contents.Header, contents.Records, contents.Ids);
            var sessions = MapKeys(file.Source, header, name, rename);
            var bySource = sessions.ToDictionary(s => s.SourceKey, StringComparer.Ordinal);
            var mapper = new EventMapper(context.Layout.Namespace, header, bySource, ids, records);

            foreach (var record in records)
            {
                var session = bySource[record.Session];
                foreach (var value in record.Values)
                {
                    var row = mapper.Value(session.Key, value);
                    session.Values.Add(row);
                    if (row.Predicate == context.Layout.Status)
                    {
                        session.Status = row.Object.ToText();
                    }
                    else if (row.Predicate == context.Layout.Checkpoint)
                    {
                        session.Checkpoints++;
                    }
                }

                // Rewind records and older checkpoints go to the session's log, as the module writes them itself.
                var placed = RecordPlacement.Place(context.Layout, session.Key, session.Values).ToList();
                session.Values.Clear();
                session.Values.AddRange(placed);
            }

            // 2. Every event as it will be written: its content (to compare with what the target holds) and the
            //    requests it takes (an event too large for any request fails here).
            // Keyed by 128-bit id keys, not strings: a large import holds one entry per event here.
            var content = new Dictionary<EventKey, ulong>();
            var plan = new ImportPlan(file, header, sessions, ids);
            var byKey = sessions.ToDictionary(s => s.Key, StringComparer.Ordinal);
            foreach (var chunk in Chunks(file, header, mapper, bySource))
            {
                foreach (var e in chunk)
                {
                    var hash = ImportComparison.Hash(e);
                    var id = EventKey.Of(e.Id);
                    content[id] = content.TryGetValue(id, out var other) && other != hash ? other ^ hash : hash;
                    byKey[e.Session!].Events++;
                }

                plan.EventRequests += context.Api.PlanEvents(context.Layout.Namespace, chunk).RequestCount;
            }

            var rows = sessions.SelectMany(s => s.Values).ToList();
            var data = rows.Where(r => r.Predicate != context.Layout.Status).ToList();
            plan.RecordRequests = (data.Count > 0 ? context.Api.PlanTriples(data).RequestCount : 0) + (rows.Count > data.Count ? 1 : 0);

            // 3. What the target holds under these keys.
            ImportComparison.Compare(context, plan, content);
            return plan;
        }

        /// <summary>What -WhatIf and -Confirm say.</summary>
        public static string Describe(ImportPlan plan)
        {
            var keys = string.Join(", ", plan.Sessions.Select(s => s.Key == s.SourceKey ? $"'{s.Key}'" : $"'{s.SourceKey}' as '{s.Key}'"));
            var what = $"{plan.Sessions.Count} session(s) ({keys}) with {plan.Events:N0} events and {plan.Sessions.Sum(s => s.Checkpoints):N0} checkpoints from {plan.Source}";
            if (plan.NothingToWrite)
            {
                return what + ": the target holds them exactly as the file does already; nothing to write";
            }

            var resumed = plan.Sessions.Where(s => s.State == ImportState.Resumed).Select(s => $"'{s.Key}'").ToList();
            return what + $": {plan.EventRequests + plan.RecordRequests:N0} write requests ({plan.EventRequests:N0} for events, {plan.RecordRequests:N0} for records)"
                + (resumed.Count > 0 ? $", finishing the interrupted import of {string.Join(", ", resumed)}" : string.Empty);
        }

        public static IReadOnlyList<MayrosImportResult> Apply(SessionContext context, ImportPlan plan)
        {
            var layout = context.Layout;
            if (!plan.NothingToWrite)
            {
                var bySource = plan.Sessions.ToDictionary(s => s.SourceKey, StringComparer.Ordinal);
                var mapper = new EventMapper(layout.Namespace, plan.Header, bySource, plan.Ids);
                var activity = $"Importing {plan.Sessions.Count} session(s) from {plan.Source}";
                long written = 0;
                context.Reporter.Progress(activity, $"Writing {plan.Events:N0} events", 0);

                // 1. The events, a chunk at a time; each request is atomic and skips what is stored already.
                foreach (var chunk in Chunks(plan.File, plan.Header, mapper, bySource))
                {
                    context.Api.Write(context.Api.PlanEvents(layout.Namespace, chunk));
                    written += chunk.Count;
                    context.Reporter.Progress(activity, $"Wrote {written:N0} of {plan.Events:N0} events", plan.Events == 0 ? 100 : (int)(100 * written / plan.Events));
                }

                // 2. The records, without what makes them visible; 3. the statuses, together, last.
                var values = plan.Sessions.SelectMany(s => s.Values).ToList();
                var data = values.Where(v => v.Predicate != layout.Status).ToList();
                var statuses = values.Where(v => v.Predicate == layout.Status).ToList();
                if (data.Count > 0)
                {
                    context.Api.Write(context.Api.PlanTriples(data));
                }

                if (statuses.Count > 0)
                {
                    context.Api.Write(context.Api.PlanTriples(statuses));
                }

                context.Reporter.ProgressCompleted(activity);
            }

            return plan.Sessions.Select(s => new MayrosImportResult(
                s.Key,
                s.SourceKey,
                s.Events,
                s.Checkpoints,
                s.Status,
                s.State == ImportState.Unchanged ? "Unchanged" : s.State == ImportState.Resumed ? "Resumed" : "Imported",
                plan.Source)).ToList();
        }

        /// <summary>The file's sessions and the keys they get: -Name for the root, -Rename for any, their own otherwise.</summary>
        private static List<SessionToImport> MapKeys(string source, ExportHeader header, string? name, IReadOnlyDictionary<string, string>? rename)
        {
            var map = header.Sessions.ToDictionary(k => k, k => k, StringComparer.Ordinal);
            foreach (var pair in rename ?? new Dictionary<string, string>())
            {
                if (!map.ContainsKey(pair.Key))
                {
                    throw new MayrosException(
                        ErrorIds.InvalidSessionKey,
                        ErrorCategory.InvalidArgument,
                        $"-Rename names session '{pair.Key}', which {source} does not hold (it holds {string.Join(", ", header.Sessions.Select(k => "'" + k + "'"))}). Nothing " +
                            $"was written.",
                        pair.Key,
                        "Name the file's sessions by their keys in -Rename @{ old = 'new' }.");
                }

                SessionKeys.Validate(pair.Value, "Rename");
                map[pair.Key] = pair.Value;
            }

            if (name != null)
            {
                map[header.Root] = name;
            }

            var taken = map.Values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (taken != null)
            {
                throw new MayrosException(
                    ErrorIds.InvalidSessionKey,
                    ErrorCategory.InvalidArgument,
                    $"Two of the file's sessions would both be imported as '{taken.Key}'. Nothing was written.",
                    taken.Key,
                    "Give each session its own key with -Name and -Rename.");
            }

            return header.Sessions.Select(k => new SessionToImport(k, map[k])).ToList();
        }

        /// <summary>The file's events as they will be written, a chunk at a time.</summary>
        private static IEnumerable<List<CortexEvent>> Chunks(ExportFileReader file, ExportHeader header, EventMapper mapper, Dictionary<string, SessionToImport> bySource)
        {
            var chunk = new List<CortexEvent>();
            long characters = 0;
            foreach (var (e, length) in file.Events(header))
            {
                chunk.Add(mapper.Event(bySource[e.Session].Key, e.Event));
                characters += length;
                if (chunk.Count == EventsPerChunk || characters >= CharactersPerChunk)
                {
                    yield return chunk;
                    chunk = new List<CortexEvent>();
                    characters = 0;
                }
            }

            if (chunk.Count > 0)
            {
                yield return chunk;
            }
        }
    }
}
