using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// The base of the cmdlets that work on sessions: the connection parameters, plus -Connection, and this
    /// runspace's Connect-MayrosCortex connection as the fallback for whatever the parameters leave out.
    /// </summary>
    public abstract class MayrosSessionCmdlet : MayrosCmdlet
    {
        /// <summary>A connection from Connect-MayrosCortex to use instead of this runspace's current one.</summary>
        [Parameter]
        [ValidateNotNull]
        [ConnectionTransformation]
        public MayrosConnection? Connection { get; set; }

        /// <summary>
        /// The parameters, then -Connection (or else this runspace's Connect-MayrosCortex connection); the environment,
        /// the config file and the defaults come after, in ConnectionResolver.
        /// </summary>
        internal override ConnectionRequest BuildRequest()
        {
            var request = base.BuildRequest();
            var saved = Connection ?? ConnectionStore.Current;
            if (saved != null)
            {
                request.Fallback = ConnectionStore.ToRequest(saved) ?? throw new MayrosException(
                    ErrorIds.NotConnected,
                    ErrorCategory.ConnectionError,
                    $"The connection to {saved} was closed by Disconnect-MayrosCortex.",
                    saved,
                    "Run Connect-MayrosCortex again and use the connection it returns.",
                    terminating: true);
                request.FallbackName = Connection != null ? "-Connection" : "Connect-MayrosCortex";
            }

            return request;
        }
    }
}
