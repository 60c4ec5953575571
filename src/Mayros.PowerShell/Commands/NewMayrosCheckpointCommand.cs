using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>New-MayrosCheckpoint: records a session's live event count and latest event (mayros session checkpoint).</summary>
    [Cmdlet(VerbsCommon.New, "MayrosCheckpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MayrosCheckpoint))]
    public sealed class NewMayrosCheckpointCommand : MayrosSessionCmdlet
    {
        /// <summary>The session to checkpoint. Binds from the pipeline as a string or by the SessionKey property.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = "default";

        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = CheckpointOperation.Plan(context, Session);
                var last = plan.Last == null ? "no events" : $"{plan.EventCount:N0} live events, the last '{plan.Last.Id}'";
                if (ShouldProcess($"{Describe(Session)} ({last})", "Create checkpoint"))
                {
                    WriteObject(CheckpointOperation.Apply(context, plan));
                }
            });
        }
    }
}
