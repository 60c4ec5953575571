using System.Management.Automation;
using Mayros.PowerShell.Completers;
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

    /// <summary>
    /// The base of the cmdlets that act on one session at a time (-Session, "default" when omitted, as in the mayros
    /// CLI). Binds from the pipeline as a string, any of the module's objects, or anything with a SessionKey.
    /// </summary>
    public abstract class MayrosSessionKeyCmdlet : MayrosSessionCmdlet
    {
        /// <summary>The session's key.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = "default";

        /// <summary>Whether -Session was given (on the command line or from the pipeline), not left at its default.</summary>
        internal bool SessionGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Session));
    }
}
