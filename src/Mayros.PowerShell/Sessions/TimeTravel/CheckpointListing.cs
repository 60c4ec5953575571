using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Get-MayrosCheckpoint: a session's checkpoints (one request for its record), or every session's (one listing of
    /// {ns}:session:checkpoint), newest first. Checkpoints the mayros CLI wrote have no id; they get a stable one
    /// derived from their text.
    /// </summary>
    internal static class CheckpointListing
    {
        public static IReadOnlyList<MayrosCheckpoint> List(SessionContext context, string? key, string? labelPattern)
        {
            IReadOnlyList<MayrosCheckpoint> checkpoints;
            if (key != null)
            {
                SessionKeys.Validate(key, "Session");
                var record = context.ReadRecord(key);
                WarnMalformed(context, key, record.MalformedCheckpoints);
                checkpoints = record.Checkpoints;
            }
            else
            {
                checkpoints = All(context);
            }

            var label = labelPattern == null ? null : new WildcardPattern(labelPattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            return checkpoints
                .Where(c => label == null || (c.Label != null && label.IsMatch(c.Label)))
                .OrderByDescending(c => c.Timestamp)
                .ThenByDescending(c => c.Id, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Every session's checkpoints, in one request.</summary>
        public static IReadOnlyList<MayrosCheckpoint> All(SessionContext context)
        {
            var records = SessionRecord.Group(context.Api.ListTriples(null, context.Layout.Checkpoint), context.Layout);
            foreach (var record in records.Values)
            {
                WarnMalformed(context, record.Key, record.MalformedCheckpoints);
            }

            return records.Values.SelectMany(r => r.Checkpoints).ToList();
        }

        /// <summary>Says that a session holds checkpoints the module cannot read (when it does), since they are left out.</summary>
        internal static void WarnMalformed(SessionContext context, string key, int count)
        {
            if (count > 0)
            {
                context.Reporter.Warning($"Session '{key}' has {count} checkpoint(s) that are not the checkpoint JSON the mayros CLI writes; they are left out.");
            }
        }
    }
}
