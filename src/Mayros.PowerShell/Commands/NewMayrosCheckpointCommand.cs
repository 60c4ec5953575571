using System.Management.Automation;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>New-MayrosCheckpoint: records a session's live event count and latest event (mayros session checkpoint).</summary>
    [Cmdlet(VerbsCommon.New, "MayrosCheckpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MayrosCheckpoint))]
    public sealed class NewMayrosCheckpointCommand : MayrosSessionKeyCmdlet
    {
        /// <summary>A name for the checkpoint, to find it again (Get-MayrosCheckpoint -Label) and to go back to it (-Checkpoint).</summary>
        [Parameter]
        [ValidateNotNull]
        public string? Label { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = CheckpointOperation.Plan(context, Session, Label);
                var last = plan.Last == null ? "no events" : $"{plan.EventCount:N0} live events, the last '{plan.Last.Id}'";
                if (ShouldProcess($"{Describe(Session)} ({last})", Label == null ? "Create checkpoint" : $"Create checkpoint '{Label}'"))
                {
                    WriteObject(CheckpointOperation.Apply(context, plan));
                }
            });
        }
    }
}
