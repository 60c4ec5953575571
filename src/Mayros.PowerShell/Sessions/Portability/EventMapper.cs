using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// How the file's events and record values are written into the target: the target's namespace, the keys the
    /// sessions get and, when any is renamed, new ids for the events (derived from the old ones, the same on
    /// every run), with every reference to them in the file following.
    /// </summary>
    internal sealed class EventMapper
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
                    return RewindJson.Write(new StoredRewind(r.Id, rewound.Key, r.RewindPoint, r.At, r.EventsRemoved, r.PreviousStatus, r.PreviousRewindPoint,
                        CheckpointId(r.Checkpoint), r.State, r.LegacyUndone));
                case "forkIntent" when _renamed && ForkIntentJson.TryRead(text) is StoredForkIntent i && _sessions.TryGetValue(i.Source, out var from):
                    return ForkIntentJson.Write(new StoredForkIntent(from.Key, i.ForkedAt, i.ForkPoint, CheckpointId(i.ForkCheckpoint)));
                default:
                    return text;
            }
        }
    }
}
