using System;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Invoke-MayrosRewind: hides a session's events after a point in time or a checkpoint (mayros session rewind).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MayrosRewind", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ToTime)]
    [OutputType(typeof(MayrosRewindResult))]
    public sealed class InvokeMayrosRewindCommand : MayrosSessionKeyCmdlet
    {
        private const string ToTime = "ToTime";
        private const string ToCheckpoint = "ToCheckpoint";

        /// <summary>The rewind point: events after it are hidden, events at or before it stay. ISO 8601; no offset means UTC.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ToTime)]
        [TimestampTransformation]
        public DateTimeOffset To { get; set; }

        /// <summary>
        /// A checkpoint to go back to exactly: its last event and everything before it stay, everything after is hidden.
        /// An id, a label (the newest checkpoint with it), or a checkpoint object.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ToCheckpoint, ValueFromPipelineByPropertyName = true)]
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
                var plan = ParameterSetName == ToCheckpoint
                    ? RewindOperation.PlanToCheckpoint(context, SessionGiven ? Session : null, Checkpoint)
                    : RewindOperation.Plan(context, Session, To);
                var what = plan.AlreadyDone
                    ? "already rewound there; nothing to change"
                    : $"{plan.ToHide.Count:N0} events after {Timestamps.Format(plan.Point)} hidden, {plan.Retained:N0} kept";
                var to = plan.CheckpointId == null ? string.Empty : $" to checkpoint {plan.CheckpointId}";
                if (ShouldProcess($"{Describe(plan.Key)} ({what})", "Rewind" + to))
                {
                    WriteObject(RewindOperation.Apply(context, plan));
                }
            });
        }
    }
}
