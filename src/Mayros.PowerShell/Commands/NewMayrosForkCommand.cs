using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>New-MayrosFork: copies a session's live events into a new session (mayros session fork).</summary>
    [Cmdlet(VerbsCommon.New, "MayrosFork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MayrosForkResult))]
    public sealed class NewMayrosForkCommand : MayrosSessionCmdlet
    {
        /// <summary>The session to fork. Binds from the pipeline as a string or by the SessionKey property.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = "default";

        /// <summary>The new session's key; fork- and 8 hex digits when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = ForkOperation.Plan(context, Session, Name);
                var action = $"Fork into '{plan.Name}' ({plan.Events.Count:N0} events in {plan.EventWrites.RequestCount:N0} write requests{(plan.Resume ? ", finishing an interrupted fork" : string.Empty)})";
                if (ShouldProcess(Describe(Session), action))
                {
                    WriteObject(ForkOperation.Apply(context, plan));
                }
            });
        }
    }
}
