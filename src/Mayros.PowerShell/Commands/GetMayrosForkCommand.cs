using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Get-MayrosFork: sessions with their fork relationships, statuses and checkpoints (mayros session forks), or whole lineages.</summary>
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

        /// <summary>The whole lineage: every fork of the session, their forks, and so on, depth first (every lineage without -Session).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>The type name that selects the tree view for lineages.</summary>
        public const string TreeTypeName = "Mayros.PowerShell.Models.MayrosSession#Lineage";

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                foreach (var session in SessionListing.List(CreateContext(), Session, Recurse))
                {
                    if (Recurse)
                    {
                        var wrapped = PSObject.AsPSObject(session);
                        wrapped.TypeNames.Insert(0, TreeTypeName);
                        WriteObject(wrapped);
                    }
                    else
                    {
                        WriteObject(session);
                    }
                }
            });
        }
    }
}
