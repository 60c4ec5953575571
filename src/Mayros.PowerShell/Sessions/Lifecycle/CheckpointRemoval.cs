using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Remove-MayrosCheckpoint: a checkpoint is one JSON value of its session's record, so removing it is one delete
    /// (two, should the same checkpoint be stored twice); one read of the record serves every checkpoint of a session.
    /// Nothing else changes: forks made from it keep their events and say the checkpoint is gone, and rewinds to it
    /// can still be undone.
    /// </summary>
    internal static class CheckpointRemoval
    {
        /// <summary>A checkpoint to remove, with the stored values it is made of.</summary>
        internal sealed class Target
        {
            public Target(MayrosCheckpoint checkpoint, IReadOnlyList<CortexTriple> values)
            {
                Checkpoint = checkpoint;
                Values = values;
            }

            public MayrosCheckpoint Checkpoint { get; }

            public IReadOnlyList<CortexTriple> Values { get; }
        }

        /// <summary>The session's checkpoints, each with its stored values, as one read of the record gives them.</summary>
        public static IReadOnlyList<Target> Read(SessionContext context, string key)
        {
            SessionKeys.Validate(key, "Session");
            var record = context.ReadRecord(key);
            return record.Values(context.Layout.Checkpoint)
                .Select(t => (Triple: t, Checkpoint: SessionRecord.ParseCheckpoint(key, t.Object)))
                .Where(x => x.Checkpoint != null)
                .GroupBy(x => x.Checkpoint!.Id, StringComparer.Ordinal)
                .Select(g => new Target(g.First().Checkpoint!, g.Select(x => x.Triple).ToList()))
                .OrderBy(t => t.Checkpoint.Timestamp)
                .ToList();
        }

        /// <summary>The checkpoints with this id (as Get-MayrosCheckpoint shows it; not case-sensitive), or CheckpointNotFound.</summary>
        public static Target ById(SessionContext context, string key, IReadOnlyList<Target> checkpoints, string id)
        {
            return checkpoints.FirstOrDefault(t => string.Equals(t.Checkpoint.Id, id, StringComparison.OrdinalIgnoreCase))
                ?? throw NotFound(context, key, id, "id");
        }

        /// <summary>The checkpoints whose label matches (wildcards; not case-sensitive); CheckpointNotFound for a plain label that matches none.</summary>
        public static IReadOnlyList<Target> ByLabel(SessionContext context, string key, IReadOnlyList<Target> checkpoints, string label)
        {
            var pattern = new WildcardPattern(label, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            var found = checkpoints.Where(t => t.Checkpoint.Label != null && pattern.IsMatch(t.Checkpoint.Label)).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(label))
            {
                throw NotFound(context, key, label, "label");
            }

            return found;
        }

        public static void Remove(SessionContext context, Target target)
        {
            var ids = target.Values.Where(t => t.Id != null).Select(t => t.Id!).ToList();
            context.Api.DeleteTriples(ids);
            context.Reporter.Verbose($"Removed checkpoint {target.Checkpoint.Id} of session '{target.Checkpoint.SessionKey}' ({ids.Count} stored value(s)).");
        }

        /// <summary>"checkpoint cp-… ('label', 2026-…, 12 events)", for ShouldProcess.</summary>
        public static string Describe(MayrosCheckpoint checkpoint) =>
            $"checkpoint {checkpoint.Id} ({(checkpoint.Label != null ? $"'{checkpoint.Label}', " : string.Empty)}{Timestamps.Format(checkpoint.Timestamp)}, " +
                $"{checkpoint.EventCount:N0} events)";

        private static MayrosException NotFound(SessionContext context, string key, string reference, string what) => new MayrosException(
            ErrorIds.CheckpointNotFound,
            ErrorCategory.ObjectNotFound,
            $"Checkpoint '{reference}' was not found: session '{key}' in {context.Where} has no checkpoint with that {what}. Nothing was removed.",
            reference,
            $"Get-MayrosCheckpoint -Session '{key}' lists its checkpoints with their ids and labels.");
    }
}
