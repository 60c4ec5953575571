using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// What a session key may be. Checked before any request, so bad input changes nothing on the server.
    /// </summary>
    internal static class SessionKeys
    {
        public const int MaxKeyLength = 512;

        public static void Validate(string? key, string parameter)
        {
            var problem = Names.Problem(key, MaxKeyLength);
            if (problem != null)
            {
                throw new MayrosException(
                    ErrorIds.InvalidSessionKey,
                    ErrorCategory.InvalidArgument,
                    $"The session key given to -{parameter} is not usable: {problem}.",
                    key,
                    $"Pass -{parameter} a key of 1 to {MaxKeyLength} characters with no control characters, no angle brackets and no leading or trailing spaces (for example " +
                        $"'agent:main:main').");
            }
        }
    }
}
