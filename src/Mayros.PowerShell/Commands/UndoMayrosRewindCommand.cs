using System.Management.Automation;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Undo-MayrosRewind: brings back the events the session's latest rewind hid, with its status and rewind point from before.</summary>
    [Cmdlet(VerbsCommon.Undo, "MayrosRewind", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MayrosUndoResult))]
    public sealed class UndoMayrosRewindCommand : MayrosSessionKeyCmdlet
    {
        /// <summary>
        /// The rewind to undo (the RewindId Invoke-MayrosRewind returned): it must be the newest not yet undone, and one
        /// already undone is left as it is, so a command that names it can safely run twice.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? RewindId { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = UndoOperation.Plan(context, Session, RewindId, MyInvocation.BoundParameters.ContainsKey(nameof(RewindId)));
                string what;
                if (plan.AlreadyUndone)
                {
                    // Only what an interrupted run may have left is tidied, and -WhatIf leaves even that alone.
                    CommonStreams.Verbose(this, $"Rewind {plan.Rewind.Id} of session '{Session}' is undone already; nothing to change.");
                    what = $"rewind {plan.Rewind.Id} is undone already; nothing to bring back";
                }
                else
                {
                    what = $"bring back {plan.ToRestore.Count:N0} events hidden by rewind {plan.Rewind.Id} to {Timestamps.Format(plan.Rewind.Point)}"
                        + (plan.StatusAfter != null ? $"; status back to '{plan.StatusAfter}'" : string.Empty)
                        + (plan.Resume ? "; finishing an interrupted undo" : string.Empty);
                }

                if (ShouldProcess($"{Describe(Session)} ({what})", "Undo rewind"))
                {
                    WriteObject(UndoOperation.Apply(context, plan));
                }
            });
        }
    }
}
