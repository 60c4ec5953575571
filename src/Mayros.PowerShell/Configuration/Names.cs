using System.Management.Automation;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>
    /// The rules a name must follow before any request is sent (a namespace here; session keys in Sessions/ share the
    /// text rules): not empty or padded, no control characters, no angle brackets, not too long.
    /// </summary>
    internal static class Names
    {
        public const int MaxNamespaceLength = 128;

        public static void ValidateNamespace(string? @namespace)
        {
            var problem = Problem(@namespace, MaxNamespaceLength);
            if (problem == null && @namespace!.IndexOf(' ') >= 0)
            {
                problem = "it contains a space";
            }

            if (problem != null)
            {
                throw new MayrosException(
                    ErrorIds.InvalidNamespace,
                    ErrorCategory.InvalidArgument,
                    $"The namespace is not usable: {problem}.",
                    @namespace,
                    "Pass -Namespace the agent namespace Mayros uses (by default 'mayros').",
                    terminating: true);
            }
        }

        public static string? Problem(string? value, int maxLength)
        {
            if (value == null || value.Length == 0)
            {
                return "it is empty";
            }

            if (value.Trim().Length == 0)
            {
                return "it is only white space";
            }

            if (value.Length > maxLength)
            {
                return $"it is {value.Length:N0} characters long; at most {maxLength} are allowed";
            }

            if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]))
            {
                return "it starts or ends with white space";
            }

            foreach (var c in value)
            {
                if (char.IsControl(c))
                {
                    return $"it contains the control character U+{(int)c:X4}";
                }

                if (c == '<' || c == '>')
                {
                    return "it contains an angle bracket, which Cortex uses to display names (send names bare)";
                }
            }

            return null;
        }
    }
}
