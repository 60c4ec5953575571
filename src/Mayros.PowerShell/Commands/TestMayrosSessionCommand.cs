using System.Management.Automation;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Test-MayrosSession -Verify: checks, here and not on the server, every action of a session's history against its
    /// hash, its Ed25519 signature and its parents, and says which fail.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MayrosSession")]
    [OutputType(typeof(MayrosSessionVerification), typeof(bool))]
    public sealed class TestMayrosSessionCommand : MayrosSessionKeyCmdlet
    {
        /// <summary>Check the session's signed history (the only test there is; required so that others can come).</summary>
        [Parameter(Mandatory = true)]
        public SwitchParameter Verify { get; set; }

        /// <summary>The node's Ed25519 public key (64 hex), pinned out of band; the node's published key when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PublicKey { get; set; }

        /// <summary>Only $true or $false: whether every action holds.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                if (PublicKey != null && !Cortex.DagVerifier.IsHex32(PublicKey))
                {
                    throw new MayrosException(ErrorIds.InvalidPublicKey, ErrorCategory.InvalidArgument,
                        $"-PublicKey '{PublicKey}' is not an Ed25519 public key: it must be 64 hexadecimal characters (32 bytes).", PublicKey,
                        "Copy the node's key from signing_public_key in GET /api/v1/dag/stats, or leave -PublicKey out to use the key the node publishes.", terminating: true);
                }

                var result = HistoryVerification.Verify(CreateContext(), Session, PublicKey?.ToLowerInvariant());
                foreach (var failure in result.Failures)
                {
                    CommonStreams.Warning(this, $"Session '{Session}': action {failure.Hash} fails: {failure.Problem}.");
                }

                WriteVerbose(result.Verified
                    ? $"Session '{Session}': all {result.Actions} actions of its history hold (hash, signature, parents) with key {result.PublicKey} ({result.KeySource})."
                    : $"Session '{Session}': {result.Failures.Count} of {result.Actions} actions fail.");
                if (Quiet)
                {
                    WriteObject(result.Verified);
                }
                else
                {
                    WriteObject(result);
                }
            });
        }
    }
}
