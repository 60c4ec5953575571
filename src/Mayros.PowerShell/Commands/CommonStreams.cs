using System.Management.Automation;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Whether a cmdlet's verbose and debug lines are wanted, decided as a user expects from -Verbose, -Debug and the
    /// preference variables. The engine needs help in one place: for a compiled cmdlet, -Debug alone turns verbose
    /// output to Inquire, so every WriteVerbose would stop and ask (and fail in a non-interactive runbook). With -Debug
    /// and no -Verbose, the module therefore writes debug records only, exactly as $DebugPreference = 'Continue' does.
    /// </summary>
    internal static class CommonStreams
    {
        public static bool VerboseWanted(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (bound.TryGetValue("Verbose", out var verbose))
            {
                return IsOn(verbose);
            }

            // No -Verbose: with -Debug the engine would ask before each line; without it, $VerbosePreference decides.
            return !(bound.TryGetValue("Debug", out var debug) && IsOn(debug));
        }

        /// <summary>
        /// Whether to build debug records at all: not with -Debug:$false; otherwise yes, and the engine shows them or
        /// not by $DebugPreference as the caller's scope sees it (which a binary module's own lookup would not).
        /// </summary>
        public static bool DebugWanted(PSCmdlet cmdlet) =>
            !cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) || IsOn(debug);

        /// <summary>Writes a verbose line when one is wanted.</summary>
        public static void Verbose(PSCmdlet cmdlet, string message)
        {
            if (VerboseWanted(cmdlet))
            {
                cmdlet.WriteVerbose(message);
            }
        }

        private static bool IsOn(object? value) => value is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(value);
    }
}
