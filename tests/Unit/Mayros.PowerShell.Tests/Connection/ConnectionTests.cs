using System;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>Where host, port, token and namespace come from: parameter, then environment, then the config file, then defaults.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConnectionTests : IClassFixture<SecretCortexFixture>
{
    private readonly SecretCortexFixture _cortex;

    public ConnectionTests(SecretCortexFixture cortex) => _cortex = cortex;

    [Theory]
    [InlineData("New-MayrosCheckpoint -Session s", "NewMayrosCheckpointCommand")]
    [InlineData("New-MayrosFork -Session s -Name t", "NewMayrosForkCommand")]
    [InlineData("Invoke-MayrosRewind -Session s -To 2026-01-01T00:00:00Z -Confirm:$false", "InvokeMayrosRewindCommand")]
    [InlineData("Get-MayrosFork", "GetMayrosForkCommand")]
    public void CortexOfflineIsATerminatingConnectionErrorThatPointsAt19090(string command, string type)
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();
        var port = EnvironmentScope.FreePort();

        var error = shell.CatchTerminating(command + " -CortexPort $args[0]", port);

        Assert.NotNull(error);
        Assert.Equal($"CortexUnreachable,Mayros.PowerShell.Commands.{type}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        var message = error.ErrorDetails.Message;
        Assert.Contains($"http://127.0.0.1:{port}", message, StringComparison.Ordinal);
        Assert.Contains("19090", message, StringComparison.Ordinal);
        Assert.Contains("-CortexPort", message, StringComparison.Ordinal);
        Assert.Contains("19090", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void HostAndPortComeFromTheParameterThenTheEnvironmentThenTheConfigFile()
    {
        using var environment = new EnvironmentScope();
        var ns = CortexFixture.NewNamespace();
        _cortex.AddEvents(ns, CortexFixture.Session("s", 3, DateTimeOffset.UtcNow.AddHours(-1)));
        using var shell = new MayrosShell();
        var bogus = EnvironmentScope.FreePort();
        var good = _cortex.Port;
        string Checkpoint(string extra = "") => $"New-MayrosCheckpoint -Session s -Namespace $args[0] {extra}";

        // Config file only.
        environment.PluginConfig($"{{ cortex: {{ host: '127.0.0.1', port: {good} }} }}");
        shell.Run(Checkpoint(), ns).ShouldSucceed();

        // The environment beats the config file.
        environment.Set("CORTEX_PORT", bogus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var envWins = shell.Run(Checkpoint(), ns);
        Assert.Equal("CortexUnreachable", envWins.Error().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains($":{bogus}", envWins.Error().ErrorDetails.Message, StringComparison.Ordinal);

        // The parameter beats the environment.
        shell.Run(Checkpoint("-CortexPort $args[1]"), ns, good).ShouldSucceed();

        // The environment alone.
        environment.ConfigFile("{}");
        environment.Set("CORTEX_PORT", good.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("CORTEX_HOST", "127.0.0.1");
        shell.Run(Checkpoint(), ns).ShouldSucceed();

        // A host from the parameter beats CORTEX_HOST.
        environment.Set("CORTEX_HOST", "cortex.invalid");
        shell.Run(Checkpoint("-CortexHost 127.0.0.1"), ns).ShouldSucceed();
    }

    [Fact]
    public void WithNothingSetTheDefaultsAre127001Port8080AndNamespaceMayros()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();

        var result = shell.Run("Get-MayrosFork -Verbose -TimeoutSec 2 -ErrorAction SilentlyContinue");

        Assert.Contains(result.Verbose, v => v.StartsWith("Using Cortex at http://127.0.0.1:8080, namespace 'mayros', without a token", StringComparison.Ordinal)
            && v.Contains("host from the default", StringComparison.Ordinal) && v.Contains("port from the default", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNamespaceComesFromTheParameterThenTheConfigFile()
    {
        using var environment = new EnvironmentScope();
        var configured = CortexFixture.NewNamespace();
        var other = CortexFixture.NewNamespace();
        _cortex.AddEvents(configured, CortexFixture.Session("s", 4, DateTimeOffset.UtcNow.AddHours(-1)));
        _cortex.AddEvents(other, CortexFixture.Session("s", 2, DateTimeOffset.UtcNow.AddHours(-1)));
        environment.PluginConfig($"{{ cortex: {{ port: {_cortex.Port} }}, agentNamespace: '{configured}' }}");
        using var shell = new MayrosShell();

        Assert.Equal(4, shell.Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Equal(2, shell.Run("New-MayrosCheckpoint -Session s -Namespace $args[0]", other).Single("MayrosCheckpoint").Prop<int>("EventCount"));

        // "namespace" is read when "agentNamespace" is absent.
        environment.PluginConfig($"{{ cortex: {{ port: {_cortex.Port} }}, namespace: '{other}' }}");
        Assert.Equal(2, shell.Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void TheConfigFileIsFoundThroughMayrosStateDirAndReadsJson5WithVariables()
    {
        using var environment = new EnvironmentScope();
        var ns = CortexFixture.NewNamespace();
        _cortex.AddEvents(ns, CortexFixture.Session("s", 3, DateTimeOffset.UtcNow.AddHours(-1)));
        var stateDirectory = System.IO.Path.Combine(environment.Directory_, "state");
        System.IO.Directory.CreateDirectory(stateDirectory);
        System.IO.File.WriteAllText(System.IO.Path.Combine(stateDirectory, "mayros.json"), $$"""
            // JSON5: comments, unquoted keys, single quotes, trailing commas
            {
              plugins: {
                entries: {
                  'semantic-observability': {
                    config: {
                      cortex: { host: '${MAYROS_TEST_HOST}', port: {{_cortex.Port}}, },
                      agentNamespace: '{{ns}}',
                    },
                  },
                },
              },
            }
            """);
        environment.Set("MAYROS_CONFIG_PATH", null).Set("MAYROS_STATE_DIR", stateDirectory).Set("MAYROS_TEST_HOST", "127.0.0.1");
        using var shell = new MayrosShell();

        try
        {
            Assert.Equal(3, shell.Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAYROS_TEST_HOST", null);
        }
    }

    [Fact]
    public void AMalformedConfigFileIsATerminatingErrorNamingTheFileAndLine()
    {
        using var environment = new EnvironmentScope();
        var path = environment.ConfigFile("{\n  plugins: {\n    entries: [1, 2\n}\n");
        using var shell = new MayrosShell();

        var error = shell.CatchTerminating("Get-MayrosFork");

        Assert.NotNull(error);
        Assert.Equal("ConfigurationInvalid,Mayros.PowerShell.Commands.GetMayrosForkCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains(path, error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsetVariableInTheConfigFileIsAnError()
    {
        using var environment = new EnvironmentScope();
        environment.PluginConfig("{ cortex: { host: '${MAYROS_UNSET_VARIABLE_FOR_TESTS}' } }");
        using var shell = new MayrosShell();

        var result = shell.Run("Get-MayrosFork");

        var error = result.Error();
        Assert.Equal("ConfigurationVariableNotSet,Mayros.PowerShell.Commands.GetMayrosForkCommand", error.FullyQualifiedErrorId);
        Assert.Contains("MAYROS_UNSET_VARIABLE_FOR_TESTS", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangePortIsABindingErrorAndABadCortexPortVariableIsAClearError()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();

        var parameter = shell.Run("Get-MayrosFork -CortexPort 70000");
        Assert.Equal("ParameterArgumentValidationError,Mayros.PowerShell.Commands.GetMayrosForkCommand", parameter.Error().FullyQualifiedErrorId);

        environment.Set("CORTEX_PORT", "80a80");
        var variable = shell.Run("Get-MayrosFork");
        Assert.Equal("ConfigurationInvalid,Mayros.PowerShell.Commands.GetMayrosForkCommand", variable.Error().FullyQualifiedErrorId);
        Assert.Contains("CORTEX_PORT", variable.Error().ErrorDetails.Message, StringComparison.Ordinal);
    }
}
