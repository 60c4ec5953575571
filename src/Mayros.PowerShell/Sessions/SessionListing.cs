using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Get-MayrosFork: every session with a status, or one session and its direct forks. Six requests (one listing per
    /// record field), whatever the number of sessions.
    /// </summary>
    internal static class SessionListing
    {
        public static IReadOnlyDictionary<string, SessionRecord> ReadAll(SessionContext context)
        {
            var layout = context.Layout;
            var triples = new List<CortexTriple>();
            foreach (var predicate in new[] { layout.Status, layout.ParentSession, layout.ForkedFrom, layout.ForkedAt, layout.Checkpoint, layout.RewindPoint })
            {
                triples.AddRange(context.Api.ListTriples(null, predicate));
            }

            return SessionRecord.Group(triples, layout);
        }

        public static IReadOnlyList<MayrosSession> List(SessionContext context, string? key)
        {
            if (key != null)
            {
                SessionKeys.Validate(key, "Session");
            }

            var records = ReadAll(context);
            var withStatus = records.Values.Where(r => r.Status != null).ToList();
            List<SessionRecord> chosen;
            if (key == null)
            {
                chosen = withStatus.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            }
            else
            {
                chosen = withStatus.Where(r => r.Key == key).ToList();
                chosen.AddRange(withStatus.Where(r => r.ParentSession == key && r.Key != key)
                    .OrderBy(r => r.ForkedAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.Key, StringComparer.Ordinal));
                if (chosen.Count == 0)
                {
                    throw context.SessionNotFound(key, "it has no session record with a status, and no forks");
                }
            }

            foreach (var record in chosen.Where(r => r.MalformedCheckpoints > 0))
            {
                context.Reporter.Warning($"Session '{record.Key}' has {record.MalformedCheckpoints} checkpoint(s) that are not the checkpoint JSON the mayros CLI writes; they are left out.");
            }

            return chosen.Select(ToModel).ToList();
        }

        public static MayrosSession ToModel(SessionRecord record) =>
            new MayrosSession(record.Key, record.ParentSession, record.ForkedAt, record.Status ?? "active", record.Checkpoints, record.RewindPoint);
    }
}
