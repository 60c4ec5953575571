using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>Tests that change process environment variables run one at a time, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>Sets environment variables (and a config file) for one test and restores everything after.</summary>
public sealed class EnvironmentScope : IDisposable
{
    public static readonly string[] Variables = { "CORTEX_HOST", "CORTEX_PORT", "CORTEX_AUTH_TOKEN", "MAYROS_CONFIG_PATH", "MAYROS_STATE_DIR" };

    private readonly Dictionary<string, string?> _saved = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mayros-env-" + Guid.NewGuid().ToString("N"));

    public EnvironmentScope()
    {
        Directory.CreateDirectory(_directory);
        foreach (var name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        // Never read the real user's ~/.mayros/mayros.json.
        Set("MAYROS_CONFIG_PATH", Path.Combine(_directory, "absent.json"));
    }

    public string Directory_ => _directory;

    public EnvironmentScope Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name))
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    /// <summary>Writes a Mayros config file and points MAYROS_CONFIG_PATH at it.</summary>
    public string ConfigFile(string text, string name = "mayros.json")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        Set("MAYROS_CONFIG_PATH", path);
        return path;
    }

    /// <summary>A config file with the semantic-observability plugin's config.</summary>
    public string PluginConfig(string pluginConfig) => ConfigFile(
        "{\n  plugins: {\n    entries: {\n      'semantic-observability': {\n        config: " + pluginConfig + ",\n      },\n    },\n  },\n}\n");

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A local Cortex with AINGLE_JWT_SECRET set, so that requests carrying a bearer token are answered (and logged).</summary>
public sealed class SecretCortexFixture : CortexFixture
{
    public const string Secret = "a-jwt-secret-for-the-tests-only";

    protected override LocalCortex.CortexServerOptions CreateOptions() => new() { Port = 0, DataDirectory = null, RateLimitPerMinute = 0, JwtSecret = Secret };
}
