using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Test-MayrosSession -Verify: every action of a session's history checked here, not by the server: its hash
    /// rebuilt from the signed bytes, its Ed25519 signature against the key, and each parent present in the DAG with
    /// a hash that holds; a history with no action is an error, not a verdict. Five requests whatever the session's
    /// size (stats, two history listings, a sync for the actions and one for the parents that are not the session's own).
    /// </summary>
    internal static class HistoryVerification
    {
        public static MayrosSessionVerification Verify(SessionContext context, string key, string? publicKey)
        {
            string keySource;
            if (publicKey != null)
            {
                keySource = "Parameter";
            }
            else
            {
                publicKey = context.Api.DagStats().SigningPublicKey
                    ?? throw new MayrosException(ErrorIds.DagKeyUnknown, System.Management.Automation.ErrorCategory.ObjectNotFound,
                        $"Cortex at {context.Api.Server.GetLeftPart(UriPartial.Authority)} publishes no signing key in /api/v1/dag/stats, "
                        + $"so the signatures of session '{key}' cannot be checked.",
                        key,
                        "Pass the node's Ed25519 public key with -PublicKey.");
                keySource = "Node";
            }

            var history = SessionHistory.Read(context, key);
            if (history.Count == 0)
            {
                throw new MayrosException(ErrorIds.SessionHistoryNotFound, System.Management.Automation.ErrorCategory.ObjectNotFound,
                    SessionHistory.NothingFiled(context, key) + ". There is nothing to verify.", key,
                    $"Get-MayrosSession -Session '{key}' says whether it exists and HasRecord whether it has a record to verify.");
            }

            var failures = new List<MayrosActionCheck>();
            var known = new Dictionary<string, CortexDagAction>(StringComparer.Ordinal);
            foreach (var (_, action) in history)
            {
                if (action != null)
                {
                    known[action.Hash] = action;
                }
            }

            var parentHashes = known.Values.SelectMany(a => a.Parents).Distinct(StringComparer.Ordinal).Where(h => !known.ContainsKey(h)).ToList();
            if (parentHashes.Count > 0)
            {
                foreach (var parent in context.Api.DagActions(parentHashes))
                {
                    known[parent.Hash] = parent;
                }
            }

            foreach (var (entry, action) in history)
            {
                var problem = action == null
                    ? "Cortex lists it in the session's history but hands out no action that hashes to it: the action stored there was changed after it was recorded"
                    : Check(action, publicKey, known);
                if (problem != null)
                {
                    failures.Add(new MayrosActionCheck(entry.Hash, action != null ? TryWhen(action) : null, problem));
                }
            }

            return new MayrosSessionVerification(key, history.Count, new MayrosList<MayrosActionCheck>(failures), publicKey, keySource);
        }

        private static string? Check(CortexDagAction action, string publicKey, Dictionary<string, CortexDagAction> known)
        {
            if (action.Signature == null)
            {
                return action.Parents.Count == 0 ? null : "it carries no signature";
            }

            if (!DagVerifier.SignatureHolds(action, publicKey))
            {
                return $"its signature does not verify with key {publicKey.Substring(0, 16)}…";
            }

            foreach (var parent in action.Parents)
            {
                if (!known.ContainsKey(parent))
                {
                    return $"its parent {parent} is not in the DAG as it was recorded (missing, or changed after it was recorded)";
                }
            }

            return null;
        }

        private static DateTimeOffset? TryWhen(CortexDagAction action)
        {
            try
            {
                return action.When.ToUniversalTime();
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
