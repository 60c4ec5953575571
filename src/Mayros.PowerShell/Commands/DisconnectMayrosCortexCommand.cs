using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Disconnect-MayrosCortex: forgets a connection (this runspace's current one by default) and its token.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "MayrosCortex")]
    [OutputType(typeof(MayrosConnection))]
    public sealed class DisconnectMayrosCortexCommand : PSCmdlet
    {
        /// <summary>The connection to close; this runspace's current one when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MayrosConnection? Connection { get; set; }

        /// <summary>Emits the closed connection.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var connection = Connection ?? ConnectionStore.Current;
            if (connection == null)
            {
                var error = new MayrosException(
                    ErrorIds.NotConnected,
                    ErrorCategory.InvalidOperation,
                    "This runspace has no connection from Connect-MayrosCortex to disconnect.",
                    null,
                    "Nothing to do; Get-MayrosConnection shows the current connection.");
                WriteError(ErrorRecordFactory.From(error, null, null).Record);
                return;
            }

            ConnectionStore.Close(connection);
            CommonStreams.Verbose(this, $"Disconnected from Cortex at {connection}.");
            if (PassThru)
            {
                WriteObject(connection);
            }
        }
    }
}
