using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Connect-MayrosCortex: checks Cortex with a health call and makes it this runspace's connection.</summary>
    [Cmdlet(VerbsCommunications.Connect, "MayrosCortex")]
    [OutputType(typeof(MayrosConnection))]
    public sealed class ConnectMayrosCortexCommand : MayrosCmdlet
    {
        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Resolved.EndpointText, () =>
            {
                var status = CreateContext().Api.GetHealth();
                var connection = ConnectionStore.Register(Resolved, status);
                ConnectionStore.SetCurrent(connection);
                WriteInformation(new InformationRecord(
                    $"Connected to Cortex at {Resolved.EndpointText} (namespace '{Resolved.Namespace}', {(Resolved.HasToken ? "with a token" : "without a token")}, {status}).",
                    "Connect-MayrosCortex"));
                WriteObject(connection);
            });
        }
    }
}
