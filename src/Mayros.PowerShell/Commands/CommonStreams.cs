using System;
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
        /// Whether to build debug records at all (each redacts a request or a response body, so none is built unseen):
        /// -Debug decides when given; otherwise $DebugPreference as the caller's scope sees it, which is the lookup the
        /// engine makes for a compiled cmdlet (a local `$DebugPreference = 'Continue'` in a script block counts). A value
        /// the module cannot read as a preference builds them, and the engine decides.
        /// </summary>
        public static bool DebugWanted(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var debug))
            {
                return IsOn(debug);
            }

            var preference = cmdlet.GetVariableValue("DebugPreference");
            return !(LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)
                && (value == ActionPreference.SilentlyContinue || value == ActionPreference.Ignore));
        }

        /// <summary>Writes a verbose line when one is wanted.</summary>
        public static void Verbose(PSCmdlet cmdlet, string message)
        {
            if (VerboseWanted(cmdlet))
            {
                cmdlet.WriteVerbose(message);
            }
        }

        /// <summary>
        /// Writes a warning. With -Debug and no -WarningAction the engine asks "Continue with this operation?" after each
        /// warning of a compiled cmdlet (the Inquire of Windows PowerShell's -Debug, which PowerShell 7 kept for
        /// warnings). The warning is written by then; a host that cannot ask (a hosted runspace, pwsh -NonInteractive,
        /// a runbook) throws instead, which would stop the command over a line meant only to inform: a rewind to a
        /// checkpoint under -Debug failed so in the chaos soak (HostFunctionNotImplemented). The command goes on, as the
        /// answer Yes would have it. A user's Halt, where the host can ask, still stops it.
        /// </summary>
        public static void Warning(PSCmdlet cmdlet, string message)
        {
            try
            {
                cmdlet.WriteWarning(message);
            }
            catch (Exception ex) when (DebugAsksAfterWarnings(cmdlet) && !(ex is PipelineStoppedException || ex is ActionPreferenceStopException))
            {
                // The question could not be asked; the warning is in the warning stream already.
            }
        }

        /// <summary>Whether the engine asks after each warning: -Debug given, -WarningAction not.</summary>
        private static bool DebugAsksAfterWarnings(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            return bound.TryGetValue("Debug", out var debug) && IsOn(debug) && !bound.ContainsKey("WarningAction");
        }

        private static bool IsOn(object? value) => value is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(value);
    }
}
