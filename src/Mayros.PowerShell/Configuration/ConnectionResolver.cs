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

        /// <summary>
        /// A -Connection from another process that had a token there: the token did not travel with it, so one must be
        /// found here (-CortexToken, CORTEX_AUTH_TOKEN or the config file), or the command stops.
        /// </summary>
        public bool TokenLeftBehind { get; set; }

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
            var pick = new Picker(request, environment);
            var hosts = pick.Pick(
                "host",
                r => r.Hosts is { } given ? Split(given) : null, // an array, or one string listing them with commas, or both
                "CORTEX_HOST",
                text => string.IsNullOrWhiteSpace(text) ? null : Split(new[] { text! }),
                file => file.Hosts is { Count: > 0 } fileHosts ? fileHosts : null,
                new[] { DefaultHost });
            var port = pick.Pick<int?>("port", r => r.Port, "CORTEX_PORT", PortFromEnvironment, file => file.Port, DefaultPort)!.Value;
            var token = pick.Pick(
                "token",
                r => r.Token,
                "CORTEX_AUTH_TOKEN",
                text => string.IsNullOrEmpty(text) ? null : Secure(text!),
                file => file.AuthToken is { Length: > 0 } fileToken ? Secure(fileToken) : null,
                null,
                "nowhere (none is sent)");
            if (token == null && request.Fallback?.TokenLeftBehind == true)
            {
                throw new MayrosException(
                    ErrorIds.ConnectionTokenLeftBehind,
                    ErrorCategory.AuthenticationError,
                    $"The connection to {string.Join(", ", request.Fallback.Hosts ?? Array.Empty<string>())} came from another process (Start-Job or a remote " +
                    "session) and had a token there, but a token never leaves the process that holds it.",
                    request.FallbackName,
                    "Give the job its own token: pass -CortexToken, set CORTEX_AUTH_TOKEN in the job, or run Connect-MayrosCortex inside it.",
                    terminating: true);
            }

            var ns = pick.Pick("namespace", r => r.Namespace, null, null, file => file.Namespace, DefaultNamespace)!;
            Names.ValidateNamespace(ns);

            // Timeout: -TimeoutSec, else the connection's, else the default.
            var timeout = Picker.From(request, r => r.Timeout != null, out _)?.Timeout ?? DefaultTimeout;

            return new ResolvedConnection(hosts!.Select(h => ToEndpoint(h, port)).ToArray(), token, ns, timeout, pick.Sources);
        }

        private static int? PortFromEnvironment(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var text = value!.Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
            {
                throw new MayrosException(
                    ErrorIds.ConfigurationInvalid,
                    ErrorCategory.InvalidArgument,
                    $"The environment variable CORTEX_PORT is '{text}', which is not a port number (1-65535).",
                    "CORTEX_PORT",
                    "Set CORTEX_PORT to the port Cortex listens on (a stock Cortex uses 19090), or pass -CortexPort.",
                    terminating: true);
            }

            return port;
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

        /// <summary>
        /// One value's precedence, the same for each: the command's parameter, its -Connection (or the Connect-MayrosCortex
        /// connection), the environment variable, the Mayros config file (read once, when a value first gets that far),
        /// the default. Where each value came from is kept for -Verbose.
        /// </summary>
        private sealed class Picker
        {
            private readonly ConnectionRequest _request;
            private readonly IEnvironment _environment;
            private MayrosConfigFile? _file;
            private bool _fileLoaded;

            public Picker(ConnectionRequest request, IEnvironment environment)
            {
                _request = request;
                _environment = environment;
            }

            public Dictionary<string, string> Sources { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            /// <summary>The first source that gives <paramref name="what"/> (a null means "not given here").</summary>
            public T Pick<T>(string what, Func<ConnectionRequest, T> parameter, string? variable, Func<string?, T>? environment, Func<MayrosConfigFile, T> file, T @default,
                string defaultSource = "the default")
            {
                T value;
                if (From(_request, r => parameter(r) != null, out var where) is { } given)
                {
                    value = parameter(given);
                    Sources[what] = where;
                }
                else if (variable != null && environment != null && environment(_environment.Get(variable)) is { } fromEnvironment)
                {
                    value = fromEnvironment;
                    Sources[what] = variable;
                }
                else if (File() is { } config && file(config) is { } fromFile)
                {
                    value = fromFile;
                    Sources[what] = "the config file " + config.Path;
                }
                else
                {
                    value = @default;
                    Sources[what] = defaultSource;
                }

                return value;
            }

            /// <summary>The request that holds a value: the command's own parameters, else its fallback (-Connection / Connect-MayrosCortex).</summary>
            public static ConnectionRequest? From(ConnectionRequest request, Func<ConnectionRequest, bool> has, out string where)
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

            private MayrosConfigFile? File()
            {
                if (!_fileLoaded)
                {
                    _file = MayrosConfigFile.Load(_environment);
                    _fileLoaded = true;
                }

                return _file;
            }
        }
    }
}
