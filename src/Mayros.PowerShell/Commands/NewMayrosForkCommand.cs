using System;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>New-MayrosFork: copies a session's live events, now or up to a past point, into a new session (mayros session fork).</summary>
    [Cmdlet(VerbsCommon.New, "MayrosFork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = Present)]
    [OutputType(typeof(MayrosForkResult))]
    public sealed class NewMayrosForkCommand : MayrosSessionKeyCmdlet
    {
        private const string Present = "Present";
        private const string AtTime = "AtTime";
        private const string FromCheckpoint = "FromCheckpoint";

        /// <summary>The new session's key; fork- and 8 hex digits when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public string? Name { get; set; }

        /// <summary>Fork the session as it was at this moment: only its live events at or before it are copied. ISO 8601; no offset means UTC.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AtTime)]
        [TimestampTransformation]
        public DateTimeOffset At { get; set; }

        /// <summary>
        /// Fork the session as it was at a checkpoint: its live events up to and including the checkpoint's last event
        /// are copied. An id, a label (the newest checkpoint with it), or a checkpoint object.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = FromCheckpoint, ValueFromPipelineByPropertyName = true)]
        [Alias("CheckpointId")]
        [CheckpointTransformation]
        [ArgumentCompleter(typeof(CheckpointCompleter))]
        public string Checkpoint { get; set; } = string.Empty;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                using var plan = ParameterSetName switch
                {
                    FromCheckpoint => ForkOperation.PlanFromCheckpoint(context, SessionGiven ? Session : null, Name, Checkpoint),
                    AtTime => ForkOperation.Plan(context, Session, Name, SessionPoint.At(At), null),
                    _ => ForkOperation.Plan(context, Session, Name),
                };
                var from = plan.CheckpointId != null ? $" from checkpoint {plan.CheckpointId}" : plan.ForkPointText != null ? $" as of {plan.ForkPointText}" : string.Empty;
                var action = $"Fork into '{plan.Name}'{from} ({plan.EventCount:N0} events in {plan.EventWrites.RequestCount:N0} write " +
                    $"requests{(plan.Resume ? ", finishing an interrupted fork" : string.Empty)})";
                if (ShouldProcess(Describe(plan.Source), action))
                {
                    WriteObject(ForkOperation.Apply(context, plan));
                }
            });
        }
    }
}
