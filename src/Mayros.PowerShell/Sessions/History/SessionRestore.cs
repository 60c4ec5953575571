using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What a restore will write, read before its first write.</summary>
    internal sealed class RestorePlan
    {
        public RestorePlan(string sourceKey, string key, RestorePoint point, GraphSnapshot snapshot, long actions)
        {
            SourceKey = sourceKey;
            Key = key;
            Point = point;
            Snapshot = snapshot;
            Actions = actions;
        }

        public string SourceKey { get; }

        /// <summary>The key it is restored under.</summary>
        public string Key { get; }

        public RestorePoint Point { get; }

        public GraphSnapshot Snapshot { get; }

        /// <summary>The DAG's actions when planned: at most this many are replayed, twice.</summary>
        public long Actions { get; }

        /// <summary>The events as they will be written (under the key, with their final ids).</summary>
        public List<CortexEvent> Events { get; } = new List<CortexEvent>();

        public long Copied { get; set; }

        public List<CortexTripleInput> Values { get; } = new List<CortexTripleInput>();

        public string? Status { get; set; }

        public int Checkpoints { get; set; }

        public int Requests { get; set; }

        /// <summary>Restored, Resumed or Unchanged.</summary>
        public string Result { get; set; } = "Restored";
    }

    /// <summary>
    /// Restore-MayrosSession: a session as it was right after a DAG action, written back without an export file. The
    /// state comes from Cortex's replay of that moment (GraphSnapshot); it is written as an import writes (the events,
    /// then the record without its status, then the status), every request idempotent, nothing else touched. An event
    /// whose id Cortex still holds (a removal without -Purge keeps its events, marked removed) is written under a new id
    /// derived from the key, the action and the event, with restoredFrom naming the original, as an undo restores.
    /// </summary>
    internal static class SessionRestore
    {
        /// <summary>The DAG's size above which a restore asks for -Force: Cortex replays it whole for each read.</summary>
        public const long DefaultMaxActions = 100_000;

        /// <summary>The payload type of the note a restore leaves in the session's history.</summary>
        public const string NoteType = "mayros:restore";

        public static RestorePlan Plan(SessionContext context, string key, string? at, DateTimeOffset? before, string? name, long maxActions, bool force)
        {
            SessionKeys.Validate(key, "Session");
            if (name != null)
            {
                SessionKeys.Validate(name, "Name");
            }

            var history = SessionHistory.Read(context, key).Where(h => h.Action != null).Select(h => h.Action!).ToList();
            var point = RestorePoint.Find(context, key, at, before, history);
            var actions = context.Api.DagStats().ActionCount;
            if (actions > maxActions && !force)
            {
                throw new MayrosException(ErrorIds.DagReplayTooLarge, ErrorCategory.LimitsExceeded,
                    $"Restoring '{key}' reads the graph as it was at {point}, which Cortex replays from its genesis, twice: its DAG holds {actions:N0} actions, more than " +
                        $"-MaxActions {maxActions:N0}. Nothing was read or written.",
                    key, "Add -Force to replay it anyway (the server does the work, and the answer is the whole graph), or raise -MaxActions.");
            }

            var snapshot = GraphSnapshot.Read(context, key, point);
            var record = new SessionRecord(key, Dated(context.Layout, key, snapshot.Record, history, point), context.Layout);
            if (!record.Exists && snapshot.Events.Count == 0)
            {
                throw context.SessionNotFound(key, $"at {point} it had no record and no events; Get-MayrosSessionHistory -Session '{key}' lists the moments it had");
            }

            var plan = new RestorePlan(key, name ?? key, point, snapshot, actions)
            {
                Status = record.Status,
                Checkpoints = record.Checkpoints.Count,
            };
            PlanEvents(context, plan);
            PlanValues(context, plan, record);
            Decide(context, plan, at == null && before == null);
            var data = plan.Values.Where(v => v.Predicate != context.Layout.Status).ToList();
            plan.Requests = Chunks(plan.Events).Sum(c => context.Api.PlanEvents(context.Layout.Namespace, c).RequestCount)
                + (data.Count > 0 ? context.Api.PlanTriples(data).RequestCount : 0)
                + (plan.Values.Count > data.Count ? 1 : 0);
            return plan;
        }

        /// <summary>
        /// The record's triples with the time the history says each was written (a replay gives none): a value replaced
        /// by a later one of the same field is then told apart as a listing's created_at tells it.
        /// </summary>
        private static List<CortexTriple> Dated(SessionLayout layout, string key, IReadOnlyList<CortexTriple> triples, List<CortexDagAction> history, RestorePoint point)
        {
            var subject = layout.SessionSubject(key);
            var written = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var action in history.Where(a => a.When <= point.When))
            {
                foreach (var t in DagPayloadReader.Read(action.PayloadJson).Inserted.Where(t => t.Subject == subject))
                {
                    written[TripleContentId.Compute(t.Subject, t.Predicate, t.Object)] = action.When;
                }
            }

            return triples.Select(t => new CortexTriple(null, t.Subject, t.Predicate, t.Object,
                written.TryGetValue(TripleContentId.Compute(t.Subject, t.Predicate, t.Object), out var when) ? when : (DateTimeOffset?)null)).ToList();
        }

        /// <summary>What -WhatIf and -Confirm say.</summary>
        public static string Describe(RestorePlan plan)
        {
            var what = $"session '{plan.SourceKey}'" + (plan.Key != plan.SourceKey ? $" as '{plan.Key}'" : string.Empty) + $" as it was at {plan.Point}: "
                + $"{Wording.Count(plan.Events.Count, "event")}"
                + (plan.Copied > 0 ? $" ({plan.Copied:N0} under new ids: Cortex still holds the originals, marked removed)" : string.Empty)
                + $", {Wording.Count(plan.Checkpoints, "checkpoint")}, status {(plan.Status == null ? "none" : "'" + plan.Status + "'")}";
            var read = $"read from Cortex's replay of its DAG to that action (twice; {plan.Snapshot.Triples:N0} triples then, at most {plan.Actions:N0} actions replayed)";
            return plan.Result == "Unchanged"
                ? what + $"; it is restored already, nothing to write; {read}"
                : what + $"; {Wording.Count(plan.Requests, "write request")}{(plan.Result == "Resumed" ? ", finishing an interrupted restore" : string.Empty)}; {read}";
        }

        public static MayrosRestoreResult Apply(SessionContext context, RestorePlan plan)
        {
            var layout = context.Layout;
            if (plan.Result != "Unchanged")
            {
                var activity = $"Restoring session '{plan.Key}'";
                long written = 0;
                foreach (var chunk in Chunks(plan.Events))
                {
                    context.Api.Write(context.Api.PlanEvents(layout.Namespace, chunk));
                    written += chunk.Count;
                    context.Reporter.Progress(activity, $"Wrote {written:N0} of {plan.Events.Count:N0} events", (int)(100 * written / plan.Events.Count));
                }

                var data = plan.Values.Where(v => v.Predicate != layout.Status).ToList();
                var statuses = plan.Values.Where(v => v.Predicate == layout.Status).ToList();
                if (data.Count > 0)
                {
                    context.Api.Write(context.Api.PlanTriples(data));
                }

                if (statuses.Count > 0)
                {
                    context.Api.Write(context.Api.PlanTriples(statuses));
                }

                // Last, a signed note in the session's history: an audit then reads the restore as what it was.
                context.Api.DagNote(layout.SessionSubject(plan.Key), NoteType, $"restored from {plan.Point}"
                    + (plan.Key != plan.SourceKey ? $" of session '{plan.SourceKey}'" : string.Empty)
                    + $": {Wording.Count(plan.Events.Count, "event")} ({plan.Copied:N0} under new ids), {Wording.Count(plan.Checkpoints, "checkpoint")}");
                context.Reporter.ProgressCompleted(activity);
                context.Reporter.Verbose($"Restored session '{plan.Key}' as it was at {plan.Point}: {plan.Events.Count:N0} events ({plan.Copied:N0} under new ids), " +
                    $"{data.Count:N0} record values and its status.");
            }

            var s = plan.Snapshot;
            return new MayrosRestoreResult(plan.Key, plan.SourceKey, plan.Point.Hash, plan.Point.When, plan.Events.Count, plan.Copied, plan.Checkpoints, plan.Status, plan.Result,
                s.Triples);
        }

        /// <summary>
        /// Each event under the key; under its own id when Cortex holds nothing there (a purge deleted it) or holds this
        /// very event (an earlier run wrote it), else under a new id, with restoredFrom naming the original.
        /// </summary>
        private static void PlanEvents(SessionContext context, RestorePlan plan)
        {
            var layout = context.Layout;
            using var sha = SHA256.Create();
            var restoreId = "rs-" + plan.Point.Hash.Substring(0, 12);
            var fresh = plan.Snapshot.Events.ToDictionary(e => e.Id, e => UndoOperation.RestoreId(sha, layout.Namespace, plan.Key, restoreId, e.Id), StringComparer.Ordinal);
            var stored = new Dictionary<string, CortexEvent>(StringComparer.Ordinal);
            context.Api.ListEvents(layout.Namespace, EventSelection.WithIds(fresh.Keys.Concat(fresh.Values)), e => stored[e.Id] = e);

            var newId = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in plan.Snapshot.Events)
            {
                var own = new CortexEvent(e.Id, e.Type, e.Agent, e.Timestamp, plan.Key, e.ParentEvent, e.DurationMs, e.Fields);
                if (stored.TryGetValue(e.Id, out var there) && !Same(there, own, plan.Key))
                {
                    newId[e.Id] = fresh[e.Id];
                }
            }

            foreach (var e in plan.Snapshot.Events)
            {
                var parent = e.ParentEvent != null && newId.TryGetValue(e.ParentEvent, out var p) ? p : e.ParentEvent;
                if (!newId.TryGetValue(e.Id, out var id))
                {
                    plan.Events.Add(new CortexEvent(e.Id, e.Type, e.Agent, e.Timestamp, plan.Key, parent, e.DurationMs, e.Fields));
                    continue;
                }

                var fields = e.Fields.Where(f => f.Key != SessionLayout.RestoredFromField && f.Key != SessionLayout.RestoredByField)
                    .Append(new KeyValuePair<string, string>(SessionLayout.RestoredFromField, e.Id))
                    .Append(new KeyValuePair<string, string>(SessionLayout.RestoredByField, restoreId))
                    .OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
                plan.Events.Add(new CortexEvent(id, e.Type, e.Agent, e.Timestamp, plan.Key, parent, e.DurationMs, FieldDictionary.From(fields)));
                plan.Copied++;
            }
        }

        private static bool Same(CortexEvent stored, CortexEvent wanted, string key) =>
            stored.Session == key && !stored.Fields.ContainsKey(SessionLayout.RemovedByField) && ImportComparison.Hash(stored) == ImportComparison.Hash(wanted);

        /// <summary>The record's values under the key; under another key (-Name), references to the key and its checkpoints follow, as an import's do.</summary>
        private static void PlanValues(SessionContext context, RestorePlan plan, SessionRecord record)
        {
            var layout = context.Layout;
            // A field the module reads one value of keeps the newest: a replaced value the replay still held (it is
            // deleted after its successor is written) is not written back beside it.
            var single = new HashSet<string>(StringComparer.Ordinal)
            {
                layout.Status, layout.RewindPoint, layout.ParentSession, layout.ForkedFrom, layout.ForkedAt, layout.ForkPoint, layout.ForkCheckpoint,
            };
            var kept = record.Triples.Where(t => !single.Contains(t.Predicate)).Concat(single.Select(p => SessionRecord.NewestTriple(record.Values(p))).OfType<CortexTriple>())
                .ToList();
            record = new SessionRecord(record.Key, kept, layout);
            var values = SessionExport.Values(layout, record);
            if (plan.Key == plan.SourceKey)
            {
                plan.Values.AddRange(RecordPlacement.Place(layout, plan.Key,
                    record.Triples.Select(t => new CortexTripleInput(layout.SessionSubject(plan.Key), t.Predicate, t.Object)).ToList()));
                return;
            }

            var header = new ExportHeader(SessionExportFormat.Version, "Mayros.PowerShell", string.Empty, context.Api.Server.GetLeftPart(UriPartial.Authority), layout.Namespace,
                plan.SourceKey, new[] { plan.SourceKey });
            var sessions = new Dictionary<string, SessionToImport>(StringComparer.Ordinal) { [plan.SourceKey] = new SessionToImport(plan.SourceKey, plan.Key) };
            var mapper = new EventMapper(layout.Namespace, header, sessions, new EventKeySet(), new[] { new ExportRecord(plan.SourceKey, values) });
            plan.Values.AddRange(RecordPlacement.Place(layout, plan.Key, values.Select(v => mapper.Value(plan.Key, v)).ToList()));
        }

        /// <summary>What the key holds now: nothing or part of this restore (Restored, Resumed), all of it (Unchanged), or another session (refused).</summary>
        private static void Decide(SessionContext context, RestorePlan plan, bool afterRemoval)
        {
            var layout = context.Layout;
            var record = context.ReadRecord(plan.Key);
            var live = EventIndex.Load(context.Api, layout, new[] { plan.Key }).ForSession(plan.Key);
            var planned = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (var e in plan.Events)
            {
                planned[e.Id] = ImportComparison.Hash(e);
            }

            var foreign = live.Count(e => !planned.TryGetValue(e.Id, out var h) || h != ImportComparison.Hash(new CortexEvent(e.Id, e.Type, e.Agent, e.TimestampText, plan.Key,
                e.ParentEvent, e.DurationMs, e.Fields)));
            var stored = new HashSet<(string, CortexValue)>(record.Triples.Select(t => (t.Predicate, t.Object)));
            var wanted = new HashSet<(string, CortexValue)>(plan.Values.Select(v => (v.Predicate, v.Object)));
            var complete = stored.SetEquals(wanted) && live.Count == plan.Events.Count;
            string? why = foreign > 0 ? $"it holds {foreign:N0} event(s) that are not the restored session's"
                : !stored.IsSubsetOf(wanted) ? $"its record holds {stored.Count(v => !wanted.Contains(v)):N0} value(s) the restored one does not"
                : record.Status != null && !complete ? $"it is a visible session (status '{record.Status}') holding part of it"
                : null;
            if (why != null && afterRemoval && record.Status != null && plan.Key == plan.SourceKey)
            {
                throw RestorePoint.NotRemoved(context, plan.Key);
            }

            if (why != null)
            {
                throw new MayrosException(ErrorIds.SessionAlreadyExists, ErrorCategory.ResourceExists,
                    $"Session '{plan.Key}' exists in {context.Where} and is not the one to restore: {why}. Nothing was written.",
                    plan.Key,
                    "Restore it beside the existing one with -Name, or remove the existing session first (Remove-MayrosSession).");
            }

            plan.Result = complete ? "Unchanged" : record.Exists || live.Count > 0 ? "Resumed" : "Restored";
        }

        private static IEnumerable<List<CortexEvent>> Chunks(List<CortexEvent> events)
        {
            for (var i = 0; i < events.Count; i += SessionImport.EventsPerChunk)
            {
                yield return events.GetRange(i, Math.Min(SessionImport.EventsPerChunk, events.Count - i));
            }
        }
    }
}
