using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>
    /// Where a command talks to, decided once per command: the Cortex endpoints, the token (kept as a SecureString),
    /// the namespace and the timeout, and where each came from (for -Verbose).
    /// </summary>
    internal sealed class ResolvedConnection
    {
        public ResolvedConnection(IReadOnlyList<Uri> endpoints, SecureString? token, string @namespace, TimeSpan timeout, IReadOnlyDictionary<string, string> sources)
        {
            Endpoints = endpoints;
            Token = token;
            Namespace = @namespace;
            Timeout = timeout;
            Sources = sources;
        }

        public IReadOnlyList<Uri> Endpoints { get; }

        public Uri Primary => Endpoints[0];

        public SecureString? Token { get; }

        public bool HasToken => Token != null && Token.Length > 0;

        public string Namespace { get; }

        public TimeSpan Timeout { get; }

        /// <summary>For each of host, port, token, namespace: the parameter, variable or file it came from.</summary>
        public IReadOnlyDictionary<string, string> Sources { get; }

        public string EndpointText => string.Join(", ", Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority)));

        /// <summary>True when a token would cross the network in clear text: plain HTTP to a host that is not loopback.</summary>
        public bool TokenTravelsInClearText => HasToken && Endpoints.Any(e => e.Scheme == Uri.UriSchemeHttp && !IsLoopback(e));

        public string Describe()
        {
            var parts = Sources.Select(s => $"{s.Key} from {s.Value}");
            return $"Cortex at {EndpointText}, namespace '{Namespace}', {(HasToken ? "with a token" : "without a token")} ({string.Join("; ", parts)})";
        }

        /// <summary>The token as text, only for the moment a request header is built.</summary>
        public string? RevealToken()
        {
            if (!HasToken)
            {
                return null;
            }

            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(Token!);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        private static bool IsLoopback(Uri endpoint)
        {
            if (endpoint.IsLoopback)
            {
                return true;
            }

            return IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
        }
    }
}
