using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Get-MayrosFork: sessions with their fork relationships, statuses and checkpoints (mayros session forks).</summary>
    [Cmdlet(VerbsCommon.Get, "MayrosFork")]
    [OutputType(typeof(MayrosSession))]
    public sealed class GetMayrosForkCommand : MayrosSessionCmdlet
    {
        /// <summary>A session whose record and direct forks to list; every session with a status when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string? Session { get; set; }

        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                foreach (var session in SessionListing.List(CreateContext(), Session))
                {
                    WriteObject(session);
                }
            });
        }
    }
}
