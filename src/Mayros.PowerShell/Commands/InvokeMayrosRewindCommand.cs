using System;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Invoke-MayrosRewind: hides a session's events after a point in time (mayros session rewind).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MayrosRewind", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MayrosRewindResult))]
    public sealed class InvokeMayrosRewindCommand : MayrosSessionCmdlet
    {
        /// <summary>The session to rewind. Binds from the pipeline as a string or by the SessionKey property.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = "default";

        /// <summary>The rewind point: events after it are hidden, events at or before it stay. ISO 8601; no offset means UTC.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [TimestampTransformation]
        public DateTimeOffset To { get; set; }

        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = RewindOperation.Plan(context, Session, To);
                var what = plan.AlreadyDone
                    ? "already rewound there; nothing to change"
                    : $"{plan.ToHide.Count:N0} events after {Timestamps.Format(plan.Point)} hidden, {plan.Retained:N0} kept";
                if (ShouldProcess($"{Describe(Session)} ({what})", "Rewind"))
                {
                    WriteObject(RewindOperation.Apply(context, plan));
                }
            });
        }
    }
}
