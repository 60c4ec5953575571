using System;
using System.Management.Automation;

namespace Mayros.PowerShell.Errors
{
    /// <summary>
    /// A failure the module itself detected (bad input, a missing session, a bad config file), carrying what a
    /// PowerShell error record needs: a stable id, a category, the target and a recommended action.
    /// </summary>
    public sealed class MayrosException : Exception
    {
        public MayrosException(string errorId, ErrorCategory category, string message, object? target, string? recommendedAction = null, bool terminating = false, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
            RecommendedAction = recommendedAction;
            Terminating = terminating;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        public object? Target { get; }

        public string? RecommendedAction { get; }

        /// <summary>True when the command cannot work at all (so later input would fail the same way).</summary>
        public bool Terminating { get; }
    }
}
