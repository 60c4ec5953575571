using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Get-MayrosCheckpoint: a session's checkpoints, or every session's, newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "MayrosCheckpoint")]
    [OutputType(typeof(MayrosCheckpoint))]
    public sealed class GetMayrosCheckpointCommand : MayrosSessionCmdlet
    {
        /// <summary>The session whose checkpoints to list; every session's when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string? Session { get; set; }

        /// <summary>Only checkpoints whose label matches (wildcards allowed; not case-sensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Label { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                foreach (var checkpoint in CheckpointListing.List(CreateContext(), Session, Label))
                {
                    WriteObject(checkpoint);
                }
            });
        }
    }
}
