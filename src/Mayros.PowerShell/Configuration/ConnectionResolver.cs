using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>What a command was given to find Cortex; null means "not given here, look further".</summary>
    internal sealed class ConnectionRequest
    {
        public IReadOnlyList<string>? Hosts { get; set; }

        public int? Port { get; set; }

        public SecureString? Token { get; set; }

        public string? Namespace { get; set; }

        public TimeSpan? Timeout { get; set; }

        /// <summary>An explicit -Connection, or the one Connect-MayrosCortex stored: consulted after the parameters.</summary>
        public ConnectionRequest? Fallback { get; set; }

        /// <summary>What to call the fallback in -Verbose ("-Connection", "Connect-MayrosCortex").</summary>
        public string? FallbackName { get; set; }
    }

    /// <summary>
    /// Decides each value separately: the command's parameter, then its -Connection or the Connect-MayrosCortex
    /// connection, then CORTEX_HOST / CORTEX_PORT / CORTEX_AUTH_TOKEN, then the Mayros config file, then the defaults
    /// (127.0.0.1, 8080 as the mayros CLI documents, no token, namespace "mayros").
    /// </summary>
    internal static class ConnectionResolver
    {
        public const string DefaultHost = "127.0.0.1";
        public const int DefaultPort = 8080;
        public const string DefaultNamespace = "mayros";
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        public static ResolvedConnection Resolve(ConnectionRequest request, IEnvironment environment)
        {
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            MayrosConfigFile? file = null;
            var fileLoaded = false;
            MayrosConfigFile? File()
            {
                if (!fileLoaded)
                {
                    file = MayrosConfigFile.Load(environment);
                    fileLoaded = true;
                }

                return file;
            }

            string FileSource() => "the config file " + File()!.Path;

            // Host(s)
            IReadOnlyList<string> hosts;
            if (From(request, r => r.Hosts != null, out var where) is { } hostRequest)
            {
                // An array of hosts, or one string listing them with commas (as CORTEX_HOST does), or both.
                hosts = Split(hostRequest.Hosts!);
                sources["host"] = where;
            }
            else if (!string.IsNullOrWhiteSpace(environment.Get("CORTEX_HOST")))
            {
                hosts = Split(new[] { environment.Get("CORTEX_HOST")! });
                sources["host"] = "CORTEX_HOST";
            }
            else if (File()?.Hosts is { Count: > 0 } fileHosts)
            {
                hosts = fileHosts;
                sources["host"] = FileSource();
            }
            else
            {
                hosts = new[] { DefaultHost };
                sources["host"] = "the default";
            }

            // Port
            int port;
            if (From(request, r => r.Port != null, out where) is { } portRequest)
            {
                port = portRequest.Port!.Value;
                sources["port"] = where;
            }
            else if (!string.IsNullOrWhiteSpace(environment.Get("CORTEX_PORT")))
            {
                var text = environment.Get("CORTEX_PORT")!.Trim();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                {
                    throw new MayrosException(
                        ErrorIds.ConfigurationInvalid,
                        ErrorCategory.InvalidArgument,
                        $"The environment variable CORTEX_PORT is '{text}', which is not a port number (1-65535).",
                        "CORTEX_PORT",
                        "Set CORTEX_PORT to the port Cortex listens on (a stock Cortex uses 19090), or pass -CortexPort.",
                        terminating: true);
                }

                sources["port"] = "CORTEX_PORT";
            }
            else if (File()?.Port is int filePort)
            {
                port = filePort;
                sources["port"] = FileSource();
            }
            else
            {
                port = DefaultPort;
                sources["port"] = "the default";
            }

            // Token
            SecureString? token = null;
            if (From(request, r => r.Token != null, out where) is { } tokenRequest)
            {
                token = tokenRequest.Token;
                sources["token"] = where;
            }
            else if (!string.IsNullOrEmpty(environment.Get("CORTEX_AUTH_TOKEN")))
            {
                token = Secure(environment.Get("CORTEX_AUTH_TOKEN")!);
                sources["token"] = "CORTEX_AUTH_TOKEN";
            }
            else if (File()?.AuthToken is { Length: > 0 } fileToken)
            {
                token = Secure(fileToken);
                sources["token"] = FileSource();
            }
            else
            {
                sources["token"] = "nowhere (none is sent)";
            }

            // Namespace
            string ns;
            if (From(request, r => r.Namespace != null, out where) is { } namespaceRequest)
            {
                ns = namespaceRequest.Namespace!;
                sources["namespace"] = where;
            }
            else if (File()?.Namespace is { } fileNamespace)
            {
                ns = fileNamespace;
                sources["namespace"] = FileSource();
            }
            else
            {
                ns = DefaultNamespace;
                sources["namespace"] = "the default";
            }

            Names.ValidateNamespace(ns);

            // Timeout: -TimeoutSec, else the connection's, else the default.
            var timeout = From(request, r => r.Timeout != null, out _)?.Timeout ?? DefaultTimeout;

            return new ResolvedConnection(hosts.Select(h => ToEndpoint(h, port)).ToArray(), token, ns, timeout, sources);
        }

        /// <summary>Builds http://host:port from "host", "host:port", "[v6]:port" or "http://host:port".</summary>
        public static Uri ToEndpoint(string host, int port)
        {
            var text = host.Trim();
            Uri? uri;
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                var bracketedV6 = text.StartsWith("[", StringComparison.Ordinal);
                var colons = text.Count(c => c == ':');
                text = bracketedV6 || colons <= 1 ? "http://" + text : "http://[" + text + "]";
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.HostNameType == UriHostNameType.Unknown
                || string.IsNullOrEmpty(uri.Host)
                || (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0)
                || uri.Query.Length > 0)
            {
                throw new MayrosException(
                    ErrorIds.InvalidCortexEndpoint,
                    ErrorCategory.InvalidArgument,
                    $"'{host}' is not a Cortex host: give a host name or address, optionally with :port (for example 127.0.0.1 or cortex-1:19090).",
                    host,
                    "Pass -CortexHost with a host name or IP address.",
                    terminating: true);
            }

            var builder = new UriBuilder(uri.Scheme, uri.Host, uri.IsDefaultPort && !HasExplicitPort(text) ? port : uri.Port);
            return new Uri(builder.Uri.GetLeftPart(UriPartial.Authority));
        }

        /// <summary>The hosts of a list whose items may each hold several, separated by commas; an item of none is refused.</summary>
        public static IReadOnlyList<string> Split(IEnumerable<string> items)
        {
            var hosts = new List<string>();
            foreach (var item in items)
            {
                var parts = (item ?? string.Empty).Split(',').Select(h => h.Trim()).Where(h => h.Length > 0).ToList();
                if (parts.Count == 0)
                {
                    throw new MayrosException(
                        ErrorIds.InvalidCortexEndpoint,
                        ErrorCategory.InvalidArgument,
                        $"'{item}' names no Cortex host: give a host name or address, or several separated by commas (for example cortex-1:19090,cortex-2:19090).",
                        item,
                        "Pass -CortexHost one or more host names or IP addresses.",
                        terminating: true);
                }

                hosts.AddRange(parts);
            }

            return hosts;
        }

        public static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        private static bool HasExplicitPort(string uriText)
        {
            var authority = uriText.Substring(uriText.IndexOf("://", StringComparison.Ordinal) + 3);
            var end = authority.IndexOf('/');
            if (end >= 0)
            {
                authority = authority.Substring(0, end);
            }

            var close = authority.LastIndexOf(']');
            var colon = authority.LastIndexOf(':');
            return colon > close;
        }

        /// <summary>The request that holds a value: the command's own parameters, else its fallback (-Connection / Connect-MayrosCortex).</summary>
        private static ConnectionRequest? From(ConnectionRequest request, Func<ConnectionRequest, bool> has, out string where)
        {
            where = "the parameter";
            if (has(request))
            {
                return request;
            }

            if (request.Fallback != null && has(request.Fallback))
            {
                where = request.FallbackName ?? "the connection";
                return request.Fallback;
            }

            return null;
        }
    }
}
