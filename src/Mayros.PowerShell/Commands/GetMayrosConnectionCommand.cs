using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Get-MayrosConnection: this runspace's connection from Connect-MayrosCortex, if there is one.</summary>
    [Cmdlet(VerbsCommon.Get, "MayrosConnection")]
    [OutputType(typeof(MayrosConnection))]
    public sealed class GetMayrosConnectionCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ConnectionStore.Current is { } connection)
            {
                WriteObject(connection);
            }
        }
    }
}
