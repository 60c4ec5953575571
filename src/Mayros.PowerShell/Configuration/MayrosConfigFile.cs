using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>
    /// The Mayros config file (~/.mayros/mayros.json, JSON5; moved by MAYROS_CONFIG_PATH or MAYROS_STATE_DIR), read the
    /// way the mayros CLI reads it: plugins.entries["semantic-observability"].config holds cortex.host, cortex.port,
    /// cortex.authToken and agentNamespace (or namespace). Values may hold ${VAR}, which must name a set variable.
    /// </summary>
    internal sealed class MayrosConfigFile
    {
        public const string PluginName = "semantic-observability";

        private static readonly Regex Variable = new Regex(@"\$\$\{[A-Z_][A-Z0-9_]*\}|\$\{([A-Z_][A-Z0-9_]*)\}", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, object?>? _plugin;
        private readonly Dictionary<string, object?>? _cortex;
        private readonly IEnvironment _environment;

        private MayrosConfigFile(string path, Dictionary<string, object?>? plugin, IEnvironment environment)
        {
            Path = path;
            _plugin = plugin;
            _cortex = plugin != null && plugin.TryGetValue("cortex", out var cortex) ? cortex as Dictionary<string, object?> : null;
            _environment = environment;
        }

        public string Path { get; }

        /// <summary>Where the file is looked for, as the mayros CLI decides it.</summary>
        public static string Locate(IEnvironment environment)
        {
            var explicitPath = environment.Get("MAYROS_CONFIG_PATH")?.Trim();
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return ExpandHome(explicitPath!, environment);
            }

            var stateDirectory = environment.Get("MAYROS_STATE_DIR")?.Trim();
            if (!string.IsNullOrEmpty(stateDirectory))
            {
                return System.IO.Path.Combine(ExpandHome(stateDirectory!, environment), "mayros.json");
            }

            return System.IO.Path.Combine(environment.HomeDirectory, ".mayros", "mayros.json");
        }

        /// <summary>Reads the file, or returns null when there is none. A file that cannot be read is an error, not a default.</summary>
        public static MayrosConfigFile? Load(IEnvironment environment)
        {
            var path = Locate(environment);
            if (!File.Exists(path))
            {
                return null;
            }

            string text;
            try
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Invalid(path, "it cannot be read: " + ex.Message, ex);
            }

            object? root;
            try
            {
                root = Json5Reader.Parse(text);
            }
            catch (Json5Exception ex)
            {
                throw Invalid(path, "it is not valid JSON5: " + ex.Message, ex);
            }

            if (!(root is Dictionary<string, object?> top))
            {
                throw Invalid(path, "its top level is not an object", null);
            }

            var plugin = Walk(top, "plugins", "entries", PluginName, "config");
            return new MayrosConfigFile(path, plugin, environment);
        }

        /// <summary>cortex.host: one host, a comma-separated list, or an array (a cluster's nodes).</summary>
        public IReadOnlyList<string>? Hosts
        {
            get
            {
                if (_cortex == null || !_cortex.TryGetValue("host", out var value) || value == null)
                {
                    return null;
                }

                switch (value)
                {
                    case string text:
                        return Split(Substitute(text, "cortex.host"));
                    case List<object?> list:
                        var hosts = new List<string>();
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (!(list[i] is string entry))
                            {
                                throw Invalid(Path, $"cortex.host[{i}] is not a string", null);
                            }

                            hosts.AddRange(Split(Substitute(entry, $"cortex.host[{i}]")));
                        }

                        return hosts;
                    default:
                        throw Invalid(Path, "cortex.host is neither a string nor a list of strings", null);
                }
            }
        }

        /// <summary>cortex.port: a number (or a numeric string), 1-65535.</summary>
        public int? Port
        {
            get
            {
                if (_cortex == null || !_cortex.TryGetValue("port", out var value) || value == null)
                {
                    return null;
                }

                double number;
                switch (value)
                {
                    case double d:
                        number = d;
                        break;
                    case string text when double.TryParse(Substitute(text, "cortex.port"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                        number = parsed;
                        break;
                    default:
                        throw Invalid(Path, $"cortex.port is '{value}', not a port number (1-65535)", null);
                }

                if (number < 1 || number > 65535 || Math.Floor(number) != number)
                {
                    throw Invalid(Path, $"cortex.port is {number.ToString(CultureInfo.InvariantCulture)}, not a port number (1-65535)", null);
                }

                return (int)number;
            }
        }

        public string? AuthToken => _cortex != null && _cortex.TryGetValue("authToken", out var value) && value is string text ? Substitute(text, "cortex.authToken") : null;

        public string? Namespace
        {
            get
            {
                if (_plugin == null)
                {
                    return null;
                }

                foreach (var key in new[] { "agentNamespace", "namespace" })
                {
                    if (_plugin.TryGetValue(key, out var value) && value is string text)
                    {
                        return Substitute(text, key);
                    }
                }

                return null;
            }
        }

        /// <summary>${VAR} becomes the variable's value (unset or empty is an error, as in the CLI); $${VAR} stays literal.</summary>
        private string Substitute(string value, string key)
        {
            return Variable.Replace(value, match =>
            {
                if (!match.Groups[1].Success)
                {
                    return match.Value.Substring(1); // $${VAR} -> ${VAR}
                }

                var name = match.Groups[1].Value;
                var resolved = _environment.Get(name);
                if (string.IsNullOrEmpty(resolved))
                {
                    throw new MayrosException(
                        ErrorIds.ConfigurationVariableNotSet,
                        ErrorCategory.InvalidData,
                        $"The Mayros config file '{Path}' sets {PluginName} {key} to a value with ${{{name}}}, but the environment variable {name} is not set.",
                        Path,
                        $"Set {name}, or pass the value as a parameter (for example -CortexHost, -CortexPort, -CortexToken or -Namespace).",
                        terminating: true);
                }

                return resolved!;
            });
        }

        private static Dictionary<string, object?>? Walk(Dictionary<string, object?> node, params string[] path)
        {
            var current = node;
            foreach (var key in path)
            {
                if (!current.TryGetValue(key, out var next) || !(next is Dictionary<string, object?> child))
                {
                    return null;
                }

                current = child;
            }

            return current;
        }

        private static List<string> Split(string text)
        {
            var hosts = new List<string>();
            foreach (var part in text.Split(','))
            {
                if (part.Trim().Length > 0)
                {
                    hosts.Add(part.Trim());
                }
            }

            return hosts;
        }

        private static string ExpandHome(string path, IEnvironment environment)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            {
                path = environment.HomeDirectory + path.Substring(1);
            }

            return System.IO.Path.GetFullPath(path);
        }

        private static MayrosException Invalid(string path, string problem, Exception? inner) =>
            new MayrosException(
                ErrorIds.ConfigurationInvalid,
                ErrorCategory.InvalidData,
                $"The Mayros config file '{path}' cannot be used: {problem}.",
                path,
                "Fix the file, point MAYROS_CONFIG_PATH at another one, or pass -CortexHost, -CortexPort, -CortexToken and -Namespace.",
                terminating: true,
                inner: inner);
    }
}
