using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Compare-MayrosSession: the history two sessions share, where they diverge, and the events only in each.</summary>
    [Cmdlet(VerbsData.Compare, "MayrosSession")]
    [OutputType(typeof(MayrosSessionComparison))]
    public sealed class CompareMayrosSessionCommand : MayrosSessionCmdlet
    {
        /// <summary>The session to compare against, often the original.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string ReferenceSession { get; set; } = string.Empty;

        /// <summary>The session compared with it, often a fork. Binds from the pipeline (a fork result, a session, a key).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string DifferenceSession { get; set; } = string.Empty;

        /// <summary>
        /// Where the reference session is, when it is not where the difference session is (a connection from
        /// Connect-MayrosCortex): to compare a session with its copy on another server or in another namespace.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [ConnectionTransformation]
        public Models.MayrosConnection? ReferenceConnection { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(DifferenceSession, () =>
            {
                var context = CreateContext();
                var reference = ReferenceConnection == null ? null : CreateContext(ReferenceConnection, nameof(ReferenceConnection));
                WriteObject(SessionComparison.Compare(reference, context, ReferenceSession, DifferenceSession));
            });
        }
    }
}
