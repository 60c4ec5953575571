using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Finds a checkpoint by its id or its label: in one session's record when the session is known, else among every
    /// session's checkpoints (one listing), so an id alone is enough.
    /// </summary>
    internal static class CheckpointFinder
    {
        /// <summary>
        /// The checkpoint a command names, with the record of its session when the session was given (read once here
        /// and reused by the command); with no session, the checkpoint's own session, found by its id.
        /// </summary>
        public static (MayrosCheckpoint Checkpoint, SessionRecord? Record) Resolve(SessionContext context, string? key, string reference)
        {
            SessionRecord? record = null;
            if (key != null)
            {
                SessionKeys.Validate(key, "Session");
                record = context.ReadRecord(key);
            }

            return (Find(context, reference, record), record);
        }

        public static MayrosCheckpoint Find(SessionContext context, string reference, SessionRecord? record)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                throw new MayrosException(
                    ErrorIds.CheckpointNotFound,
                    ErrorCategory.InvalidArgument,
                    "The checkpoint given to -Checkpoint is empty.",
                    reference,
                    "Pass a checkpoint's id (Get-MayrosCheckpoint lists them) or label, or a checkpoint object.");
            }

            IReadOnlyList<MayrosCheckpoint> candidates = record?.Checkpoints ?? CheckpointListing.All(context);
            var byId = candidates.Where(c => string.Equals(c.Id, reference, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byId.Count == 1)
            {
                return byId[0];
            }

            var byLabel = candidates.Where(c => string.Equals(c.Label, reference, StringComparison.Ordinal))
                .OrderBy(c => c.Timestamp).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
            if (byLabel.Count > 0 && (record != null || byLabel.Select(c => c.SessionKey).Distinct(StringComparer.Ordinal).Count() == 1))
            {
                var newest = byLabel[byLabel.Count - 1];
                if (byLabel.Count > 1)
                {
                    context.Reporter.Warning($"{byLabel.Count} checkpoints of session '{newest.SessionKey}' have the label '{reference}'; using the newest, {newest.Id} of " +
                        $"{Timestamps.Format(newest.Timestamp)}.");
                }

                return newest;
            }

            var where = record != null ? $"session '{record.Key}'" : "any session";
            var why = byLabel.Count > 0
                ? $"the label '{reference}' belongs to checkpoints of several sessions ({string.Join(", ", byLabel.Select(c => "'" + c.SessionKey + "'").Distinct())})"
                : $"{where} in {context.Where} has no checkpoint with that id or label";
            throw new MayrosException(
                ErrorIds.CheckpointNotFound,
                byLabel.Count > 0 ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound,
                $"Checkpoint '{reference}' was not found: {why}. Nothing was written.",
                reference,
                byLabel.Count > 0 ? "Add -Session to say whose checkpoint it is, or pass its id." : "Get-MayrosCheckpoint lists the checkpoints with their ids and labels.");
        }
    }
}
