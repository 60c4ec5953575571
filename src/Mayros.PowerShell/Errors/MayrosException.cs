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
        /// <summary>A failure with its error id, category, message, target and recommended action.</summary>
        public MayrosException(string errorId, ErrorCategory category, string message, object? target, string? recommendedAction = null, bool terminating = false,
            Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
            RecommendedAction = recommendedAction;
            Terminating = terminating;
        }

        /// <summary>The error id, one of <see cref="ErrorIds"/>: the first part of FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        /// <summary>The category of the error record.</summary>
        public ErrorCategory Category { get; }

        /// <summary>What the error is about (a key, a label, a path); null for the input being processed.</summary>
        public object? Target { get; }

        /// <summary>The recommended action of the error record; null when there is nothing to suggest.</summary>
        public string? RecommendedAction { get; }

        /// <summary>True when the command cannot work at all (so later input would fail the same way).</summary>
        public bool Terminating { get; }
    }
}
