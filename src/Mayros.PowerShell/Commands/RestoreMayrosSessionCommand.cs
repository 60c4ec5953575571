using System;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Restore-MayrosSession: brings back a removed (or damaged) session as it was at a DAG action, from Cortex's
    /// replay of that moment, without an export file; written data first, status last, re-runnable.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "MayrosSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BeforeRemoval)]
    [OutputType(typeof(MayrosRestoreResult))]
    public sealed class RestoreMayrosSessionCommand : MayrosSessionCmdlet
    {
        private const string BeforeRemoval = "BeforeRemoval";
        private const string AtAction = "At";
        private const string BeforeTime = "Before";

        /// <summary>The session to restore: a key, or a session or history change from the pipeline. Never a default.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = string.Empty;

        /// <summary>The DAG action whose state to restore (a Hash from Get-MayrosSessionHistory, or piped with it).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AtAction, ValueFromPipelineByPropertyName = true)]
        [Alias("Hash")]
        [ValidateNotNullOrEmpty]
        public string At { get; set; } = string.Empty;

        /// <summary>Restore the state of the session's last change before this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BeforeTime)]
        [TimestampTransformation]
        public DateTimeOffset Before { get; set; }

        /// <summary>Restore under this key instead (beside a session that still exists); references to the key follow.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The most actions Cortex's DAG may hold for the replay to go ahead without -Force (100,000).</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaxActions { get; set; } = SessionRestore.DefaultMaxActions;

        /// <summary>Replay however large the DAG is.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = SessionRestore.Plan(
                    context,
                    Session,
                    ParameterSetName == AtAction ? At : null,
                    ParameterSetName == BeforeTime ? Before : (DateTimeOffset?)null,
                    Name,
                    MaxActions,
                    Force);
                if (ShouldProcess($"namespace '{Resolved.Namespace}' on {Resolved.EndpointText}", "Restore " + SessionRestore.Describe(plan)))
                {
                    WriteObject(SessionRestore.Apply(context, plan));
                }
            });
        }
    }
}
