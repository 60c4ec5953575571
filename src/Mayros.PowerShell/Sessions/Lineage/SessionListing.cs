using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Get-MayrosFork: every session with a status, or one session and its forks (direct ones, or with -Recurse its
    /// whole lineage). Eight requests (one listing per record field), whatever the number of sessions.
    /// </summary>
    internal static class SessionListing
    {
        /// <summary>
        /// Every session record, from one listing per record field; with <paramref name="withRewinds"/> also the rewind
        /// records (so that a reader can tell a rewind under way).
        /// </summary>
        public static IReadOnlyDictionary<string, SessionRecord> ReadAll(SessionContext context, bool withRewinds = false)
        {
            var layout = context.Layout;
            var triples = new List<CortexTriple>();
            void List(string predicate) => triples.AddRange(context.Api.ListTriples(null, predicate));
            foreach (var predicate in new[] { layout.Status, layout.ParentSession, layout.ForkedFrom, layout.ForkedAt, layout.ForkPoint })
            {
                List(predicate);
            }

            // A fork's checkpoint is written with its forkPoint, in the fork's first (atomic) batch: with no fork taken
            // from the past in the namespace, there is none to list, and a listing is saved.
            if (triples.Any(t => t.Predicate == layout.ForkPoint))
            {
                List(layout.ForkCheckpoint);
            }

            List(layout.Checkpoint);
            List(layout.RewindPoint);
            if (withRewinds)
            {
                List(layout.Rewind);
            }

            return SessionRecord.Group(triples, layout);
        }

        public static IReadOnlyList<MayrosSession> List(SessionContext context, string? key, bool recurse = false)
        {
            if (key != null)
            {
                SessionKeys.Validate(key, "Session");
            }

            var records = ReadAll(context);
            var withStatus = records.Values.Where(r => r.Status != null).ToList();
            var children = withStatus.Where(r => r.ParentSession != null && r.ParentSession != r.Key)
                .GroupBy(r => r.ParentSession!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ForkedAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            List<SessionRecord> chosen;
            if (key == null && !recurse)
            {
                chosen = withStatus.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            }
            else if (key == null)
            {
                // Every lineage: each session whose parent has no status (or that has none), then its descendants;
                // then whatever a loop in the parent links left out.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var keys = new HashSet<string>(withStatus.Select(r => r.Key), StringComparer.Ordinal);
                var roots = withStatus.Where(r => r.ParentSession == null || r.ParentSession == r.Key || !keys.Contains(r.ParentSession))
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Concat(withStatus.OrderBy(r => r.Key, StringComparer.Ordinal));
                chosen = roots.SelectMany(r => Lineage(r, children, seen)).ToList();
            }
            else
            {
                chosen = withStatus.Where(r => r.Key == key).ToList();
                var seen = new HashSet<string>(StringComparer.Ordinal) { key };
                chosen.AddRange(recurse
                    ? (children.TryGetValue(key, out var forks) ? forks.SelectMany(f => Lineage(f, children, seen)) : Enumerable.Empty<SessionRecord>())
                    : (children.TryGetValue(key, out var direct) ? direct : new List<SessionRecord>()));
                if (chosen.Count == 0)
                {
                    // A session Mayros agents wrote has only events: it is the session itself, with no forks yet.
                    // The events listing is read only then, so a listing of a recorded session costs nothing more.
                    if (EventIndex.Load(context.Api, context.Layout, new[] { key }).ForSession(key).Count > 0)
                    {
                        return new[] { new MayrosSession(key, null, null, "active", Array.Empty<MayrosCheckpoint>(), null) };
                    }

                    throw context.SessionNotFound(key, "it has no events, no session record with a status, and no forks");
                }
            }

            foreach (var record in chosen)
            {
                CheckpointListing.WarnMalformed(context, record.Key, record.MalformedCheckpoints);
            }

            return chosen.Select(r => ToModel(r, PathOf(r, records), records)).ToList();
        }

        public static MayrosSession ToModel(SessionRecord record, IReadOnlyList<string>? path = null, IReadOnlyDictionary<string, SessionRecord>? records = null)
        {
            // A fork from a checkpoint names it by id; once Remove-MayrosCheckpoint took it, the fork says so.
            var checkpoint = record.ForkCheckpoint;
            var removed = checkpoint != null && records != null && record.ParentSession is string parent
                && !(records.TryGetValue(parent, out var source) && source.Checkpoints.Any(c => string.Equals(c.Id, checkpoint, StringComparison.Ordinal)));
            return new MayrosSession(record.Key, record.ParentSession, record.ForkedAt, record.Status ?? "active", record.Checkpoints, record.RewindPoint, record.ForkPoint, path)
            {
                LastChanged = record.LastChanged,
                ForkCheckpoint = checkpoint,
                ForkCheckpointRemoved = removed,
            };
        }

        /// <summary>A session, then each of its forks with theirs, depth first (a fork loop in the data is cut where it repeats).</summary>
        private static IEnumerable<SessionRecord> Lineage(SessionRecord root, Dictionary<string, List<SessionRecord>> children, HashSet<string> seen)
        {
            var stack = new Stack<SessionRecord>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var record = stack.Pop();
                if (!seen.Add(record.Key))
                {
                    continue;
                }

                yield return record;
                if (children.TryGetValue(record.Key, out var forks))
                {
                    for (var i = forks.Count - 1; i >= 0; i--)
                    {
                        stack.Push(forks[i]);
                    }
                }
            }
        }

        /// <summary>The session's ancestors, oldest first, then the session: followed through parentSession (or forkedFrom).</summary>
        public static IReadOnlyList<string> PathOf(SessionRecord record, IReadOnlyDictionary<string, SessionRecord> records)
        {
            var path = new List<string> { record.Key };
            var seen = new HashSet<string>(StringComparer.Ordinal) { record.Key };
            var parent = record.ParentSession;
            while (parent != null && seen.Add(parent))
            {
                path.Add(parent);
                parent = records.TryGetValue(parent, out var next) ? next.ParentSession : null;
            }

            path.Reverse();
            return path;
        }
    }
}
