using System.Management.Automation;
using Mayros.PowerShell.Completers;

namespace Mayros.PowerShell.Commands
{
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
