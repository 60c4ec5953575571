using System.Management.Automation;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// What a session key or namespace may be. Checked before any request, so bad input changes nothing on the server.
    /// </summary>
    internal static class SessionKeys
    {
        public const int MaxKeyLength = 512;
        public const int MaxNamespaceLength = 128;

        public static void Validate(string? key, string parameter)
        {
            var problem = Problem(key, MaxKeyLength);
            if (problem != null)
            {
                throw new MayrosException(
                    ErrorIds.InvalidSessionKey,
                    ErrorCategory.InvalidArgument,
                    $"The session key given to -{parameter} is not usable: {problem}.",
                    key,
                    $"Pass -{parameter} a key of 1 to {MaxKeyLength} characters with no control characters, no angle brackets and no leading or trailing spaces (for example 'agent:main:main').");
            }
        }

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

        private static string? Problem(string? value, int maxLength)
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
