using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>Where a session of an import stands in the target, before anything is written.</summary>
    internal enum ImportState
    {
        /// <summary>The key is free: the import writes the session.</summary>
        New,

        /// <summary>The target holds exactly this session already: nothing is written for it.</summary>
        Unchanged,

        /// <summary>The target holds part of it and no status (an interrupted import): the import finishes it.</summary>
        Resumed,
    }

    /// <summary>One session of an import.</summary>
    internal sealed class SessionToImport
    {
        public SessionToImport(string sourceKey, string key)
        {
            SourceKey = sourceKey;
            Key = key;
        }

        public string SourceKey { get; }

        /// <summary>The key it gets in the target (its own, or the one -Name or -Rename gives it).</summary>
        public string Key { get; }

        public long Events { get; set; }

        public int Checkpoints { get; set; }

        public string? Status { get; set; }

        public List<CortexTripleInput> Values { get; } = new List<CortexTripleInput>();

        public ImportState State { get; set; }
    }

    /// <summary>What an import will write, decided (and the file checked from end to end) before anything is written.</summary>
    internal sealed class ImportPlan
    {
        public ImportPlan(string source, ExportHeader header, IReadOnlyList<SessionToImport> sessions, Func<IEnumerable<string>> lines, EventKeySet ids)
        {
            Ids = ids;
            Source = source;
            Header = header;
            Sessions = sessions;
            Lines = lines;
        }

        /// <summary>The file, as messages name it.</summary>
        public string Source { get; }

        public ExportHeader Header { get; }

        public IReadOnlyList<SessionToImport> Sessions { get; }

        public Func<IEnumerable<string>> Lines { get; }

        /// <summary>The file's event ids: references to them follow a rename.</summary>
        public EventKeySet Ids { get; }

        public long Events => Sessions.Sum(s => s.Events);

        public int EventRequests { get; set; }

        public int RecordRequests { get; set; }

        /// <summary>Every session is already in the target exactly as in the file.</summary>
        public bool NothingToWrite => Sessions.All(s => s.State == ImportState.Unchanged);
    }

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

        public static ImportPlan Plan(SessionContext context, string source, Func<IEnumerable<string>> lines, string? name, IReadOnlyDictionary<string, string>? rename)
        {
            if (name != null)
            {
                SessionKeys.Validate(name, "Name");
            }

            // 1. The whole file, checked; its event ids kept (references to them follow a rename).
            var (header, records, ids) = Check(source, lines);
            var sessions = MapKeys(context, source, header, name, rename);
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
            }

            // 2. Every event as it will be written: its content (to compare with what the target holds) and the
            //    requests it takes (an event too large for any request fails here).
            // Keyed by 128-bit id keys, not strings: a large import holds one entry per event here.
            var content = new Dictionary<EventKey, ulong>();
            var plan = new ImportPlan(source, header, sessions, lines, ids);
            var byKey = sessions.ToDictionary(s => s.Key, StringComparer.Ordinal);
            foreach (var chunk in Chunks(lines, mapper, bySource))
            {
                foreach (var e in chunk)
                {
                    var hash = Hash(e);
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
            Compare(context, plan, content);
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
                foreach (var chunk in Chunks(plan.Lines, mapper, bySource))
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

        /// <summary>
        /// Reads the file from end to end: the header first, then sessions, events and the end line. Any line that
        /// breaks the format stops here with the line's number, before a single request.
        /// </summary>
        private static (ExportHeader Header, List<ExportRecord> Records, EventKeySet Ids) Check(string source, Func<IEnumerable<string>> lines)
        {
            ExportHeader? header = null;
            var records = new List<ExportRecord>();
            var ids = new EventKeySet();
            ExportEnd? end = null;
            long events = 0;
            var number = 0;
            HashSet<string>? sessions = null;
            foreach (var text in lines())
            {
                number++;
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    if (header == null)
                    {
                        header = SessionExportFormat.ReadHeader(text);
                        sessions = new HashSet<string>(header.Sessions, StringComparer.Ordinal);
                        if (sessions.Count != header.Sessions.Count)
                        {
                            throw new ExportFormatException("\"sessions\" names a session twice");
                        }

                        continue;
                    }

                    if (end != null)
                    {
                        throw new ExportFormatException("it comes after the end line");
                    }

                    switch (SessionExportFormat.ReadLine(text))
                    {
                        case ExportRecord record:
                            if (!sessions!.Contains(record.Session))
                            {
                                throw new ExportFormatException($"its session '{record.Session}' is not among the header's sessions");
                            }

                            if (records.Any(r => r.Session == record.Session))
                            {
                                throw new ExportFormatException($"session '{record.Session}' has a record line already");
                            }

                            records.Add(record);
                            break;
                        case ExportEvent e:
                            if (!sessions!.Contains(e.Session))
                            {
                                throw new ExportFormatException($"its session '{e.Session}' is not among the header's sessions");
                            }

                            ids.Add(e.Event.Id);
                            events++;
                            break;
                        case ExportEnd last:
                            if (last.Sessions != records.Count || last.Events != events)
                            {
                                throw new ExportFormatException($"the end line counts {last.Sessions:N0} sessions and {last.Events:N0} events, but the file holds {records.Count:N0} and {events:N0}");
                            }

                            end = last;
                            break;
                    }
                }
                catch (ExportFormatException ex)
                {
                    throw Invalid(source, number, ex);
                }
            }

            if (header == null)
            {
                throw Invalid(source, Math.Max(1, number), new ExportFormatException("the file is empty"));
            }

            if (end == null)
            {
                throw Invalid(source, number, new ExportFormatException($"the file ends here without its end line, so it was cut short ({events:N0} events read)"));
            }

            var missing = header.Sessions.Where(k => records.All(r => r.Session != k)).ToList();
            if (missing.Count > 0)
            {
                throw Invalid(source, number, new ExportFormatException($"the header names session '{missing[0]}', but the file has no record line for it"));
            }

            return (header, records, ids);
        }

        /// <summary>The file's sessions and the keys they get: -Name for the root, -Rename for any, their own otherwise.</summary>
        private static List<SessionToImport> MapKeys(SessionContext context, string source, ExportHeader header, string? name, IReadOnlyDictionary<string, string>? rename)
        {
            var map = header.Sessions.ToDictionary(k => k, k => k, StringComparer.Ordinal);
            foreach (var pair in rename ?? new Dictionary<string, string>())
            {
                if (!map.ContainsKey(pair.Key))
                {
                    throw new MayrosException(
                        ErrorIds.InvalidSessionKey,
                        ErrorCategory.InvalidArgument,
                        $"-Rename names session '{pair.Key}', which {source} does not hold (it holds {string.Join(", ", header.Sessions.Select(k => "'" + k + "'"))}). Nothing was written.",
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

        /// <summary>
        /// What the target holds under each key: nothing (New), exactly the file's session (Unchanged), or part of it
        /// with no status (an interrupted import: Resumed). Anything else is another session, refused. One read of each
        /// record, and one events listing for all.
        /// </summary>
        private static void Compare(SessionContext context, ImportPlan plan, Dictionary<EventKey, ulong> content)
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

                if (content.TryGetValue(EventKey.Of(e.Id), out var hash) && hash == Hash(new CortexEvent(e.Id, e.Type, e.Agent, e.Timestamp, key, e.ParentEvent, e.DurationMs, e.Fields)))
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
                    $"{removedCollisions:N0} of the file's events are still stored in {context.Where} as events of a removed session (Remove-MayrosSession without -Purge keeps them, marked removed), and an event cannot be written twice under one id. Nothing was written.",
                    plan.Sessions[0].Key,
                    "Import under new keys with -Name (the events then get ids of their own), or delete the removed session's triples first with Remove-MayrosSession -Purge.");
            }

            foreach (var session in plan.Sessions)
            {
                var record = context.ReadRecord(session.Key);
                var stored = new HashSet<(string, CortexValue)>(record.Triples.Select(t => (t.Predicate, t.Object)));
                var wanted = new HashSet<(string, CortexValue)>(session.Values.Select(v => (v.Predicate, v.Object)));
                var events = matched[session.Key] + foreign[session.Key];
                if (!record.Exists && events == 0)
                {
                    session.State = ImportState.New;
                    continue;
                }

                string? why = null;
                if (foreign[session.Key] > 0)
                {
                    why = $"{foreign[session.Key]:N0} of its {events:N0} events are not the file's";
                }
                else if (!stored.IsSubsetOf(wanted))
                {
                    why = $"its record holds {stored.Count(v => !wanted.Contains(v)):N0} value(s) the file's does not";
                }
                var complete = stored.Count == wanted.Count && matched[session.Key] == session.Events;
                if (record.Status != null && !complete)
                {
                    why = $"it holds {matched[session.Key]:N0} of the file's {session.Events:N0} events and {stored.Count:N0} of its {wanted.Count:N0} record values";
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
        }

        /// <summary>The file's events as they will be written, a chunk at a time.</summary>
        private static IEnumerable<List<CortexEvent>> Chunks(Func<IEnumerable<string>> lines, EventMapper mapper, Dictionary<string, SessionToImport> bySource)
        {
            var chunk = new List<CortexEvent>();
            long characters = 0;
            var first = true;
            foreach (var text in lines())
            {
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                if (first)
                {
                    first = false;
                    continue;
                }

                if (SessionExportFormat.ReadLine(text) is ExportEvent e)
                {
                    chunk.Add(mapper.Event(bySource[e.Session].Key, e.Event));
                    characters += text.Length;
                    if (chunk.Count == EventsPerChunk || characters >= CharactersPerChunk)
                    {
                        yield return chunk;
                        chunk = new List<CortexEvent>();
                        characters = 0;
                    }
                }
            }

            if (chunk.Count > 0)
            {
                yield return chunk;
            }
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

        private static MayrosException Invalid(string source, int line, ExportFormatException why) => new MayrosException(
            why.NewerVersion ? ErrorIds.ImportFileVersionUnsupported : ErrorIds.ImportFileInvalid,
            ErrorCategory.InvalidData,
            $"Line {line:N0} of {source} cannot be imported: {why.Message}. Nothing was written.",
            source,
            why.NewerVersion
                ? "Import it with the module version that wrote it, or a later one (Update-Module Mayros)."
                : "Import a file that Export-MayrosSession wrote, whole and unchanged (docs/EXPORT-FORMAT.md describes the format).");

        /// <summary>
        /// How the file's events and record values are written into the target: the target's namespace, the keys the
        /// sessions get and, when any is renamed, new ids for the events (derived from the old ones, the same on
        /// every run), with every reference to them in the file following.
        /// </summary>
        private sealed class EventMapper
        {
            private readonly string _namespace;
            private readonly ExportHeader _header;
            private readonly Dictionary<string, SessionToImport> _sessions;
            private readonly EventKeySet _ids;
            private readonly bool _renamed;
            private readonly SHA256 _sha = SHA256.Create();
            private readonly string _sourcePrefix;
            private readonly string _root;
            private readonly HashSet<string> _checkpoints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public EventMapper(string @namespace, ExportHeader header, Dictionary<string, SessionToImport> sessions, EventKeySet ids, IEnumerable<ExportRecord>? records = null)
            {
                // The file's checkpoints, by id: renamed, they get ids of their own too (an id names one checkpoint
                // in a namespace), and what refers to them follows.
                foreach (var value in (records ?? Enumerable.Empty<ExportRecord>()).SelectMany(r => r.Values))
                {
                    if (value.Field == "checkpoint" && value.Value.IsString && CheckpointJson.TryRead(value.Value.Text!) is StoredCheckpoint stored)
                    {
                        _checkpoints.Add(stored.Id ?? SessionRecord.DerivedId("cp-", value.Value.Text!));
                    }
                }

                _namespace = @namespace;
                _header = header;
                _sessions = sessions;
                _ids = ids;
                _renamed = sessions.Values.Any(s => s.Key != s.SourceKey);
                _sourcePrefix = header.Namespace + ":";
                _root = sessions[header.Root].Key;
            }

            /// <summary>A checkpoint's id in the target.</summary>
            public string? CheckpointId(string? id) =>
                id == null || !_renamed || !_checkpoints.Contains(id) ? id : SessionRecord.DerivedId("cp-", string.Join("\n", "mayros-import-checkpoint", _namespace, _root, id));

            /// <summary>An event's id in the target.</summary>
            public string Id(string id) =>
                !_renamed || !_ids.Contains(id) ? id : EventCopies.DerivedId(_sha, "mayros-import-event", _namespace, _root, id);

            public CortexEvent Event(string key, CortexEvent e)
            {
                var fields = e.Fields;
                if (_renamed && (e.Fields.ContainsKey(SessionLayout.CopiedFromField) || e.Fields.ContainsKey(SessionLayout.RestoredFromField)))
                {
                    fields = FieldDictionary.From(e.Fields.Select(f => f.Key == SessionLayout.CopiedFromField || f.Key == SessionLayout.RestoredFromField
                        ? new KeyValuePair<string, string>(f.Key, Id(f.Value))
                        : f).ToList());
                }

                return new CortexEvent(Id(e.Id), e.Type, e.Agent, e.Timestamp, key, e.ParentEvent == null ? null : Id(e.ParentEvent), e.DurationMs, fields);
            }

            /// <summary>A record value as the target stores it.</summary>
            public CortexTripleInput Value(string key, ExportRecordValue value)
            {
                var layout = new SessionLayout(_namespace);
                var predicate = value.Field != null ? layout.SessionPredicate(value.Field) : Name(value.Predicate!);
                var v = value.Value;
                if (v.Kind == CortexValueKind.Node)
                {
                    v = CortexValue.Node(Name(v.Text!));
                }
                else if (v.Kind == CortexValueKind.String)
                {
                    v = CortexValue.String(Text(value.Field, v.Text!));
                }

                return new CortexTripleInput(layout.SessionSubject(key), predicate, v);
            }

            /// <summary>A name of the source namespace ({ns}:session:key, {ns}:event:id, ...) in the target's.</summary>
            private string Name(string name)
            {
                if (!name.StartsWith(_sourcePrefix, StringComparison.Ordinal))
                {
                    return name;
                }

                var rest = name.Substring(_sourcePrefix.Length);
                if (rest.StartsWith("session:", StringComparison.Ordinal) && _sessions.TryGetValue(rest.Substring(8), out var session))
                {
                    return _namespace + ":session:" + session.Key;
                }

                if (rest.StartsWith("event:", StringComparison.Ordinal))
                {
                    return _namespace + ":event:" + Id(rest.Substring(6));
                }

                return _namespace + ":" + rest;
            }

            /// <summary>A literal: session references and the module's JSON records follow the new keys and ids.</summary>
            private string Text(string? field, string text)
            {
                switch (field)
                {
                    case "parentSession":
                    case "forkedFrom":
                        return _sessions.TryGetValue(text, out var parent) ? parent.Key : Name(text);
                    case "forkCheckpoint":
                        return CheckpointId(text)!;
                    case "checkpoint" when _renamed && CheckpointJson.TryRead(text) is StoredCheckpoint c:
                        return CheckpointJson.Write(new StoredCheckpoint(
                            c.SessionKey != null && _sessions.TryGetValue(c.SessionKey, out var own) ? own.Key : c.SessionKey,
                            c.Timestamp,
                            c.EventCount,
                            c.LastEventId == null ? null : Id(c.LastEventId),
                            CheckpointId(c.Id ?? SessionRecord.DerivedId("cp-", text)),
                            c.Label));
                    case "rewind" when _renamed && RewindJson.TryRead(text) is StoredRewind r && _sessions.TryGetValue(r.SessionKey, out var rewound):
                        return RewindJson.Write(new StoredRewind(r.Id, rewound.Key, r.RewindPoint, r.At, r.EventsRemoved, r.PreviousStatus, r.PreviousRewindPoint, CheckpointId(r.Checkpoint), r.State, r.LegacyUndone));
                    case "forkIntent" when _renamed && ForkIntentJson.TryRead(text) is StoredForkIntent i && _sessions.TryGetValue(i.Source, out var from):
                        return ForkIntentJson.Write(new StoredForkIntent(from.Key, i.ForkedAt, i.ForkPoint, CheckpointId(i.ForkCheckpoint)));
                    default:
                        return text;
                }
            }
        }
    }
}
