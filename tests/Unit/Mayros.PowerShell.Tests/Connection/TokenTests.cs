using System;
using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>The token: sent as a bearer header only when one is set, from the right place, and never shown.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class TokenTests : IClassFixture<SecretCortexFixture>
{
    private const string Token = "tok-7f3a-SECRET-do-not-print";
    private readonly SecretCortexFixture _cortex;
    private readonly string _ns = CortexFixture.NewNamespace();

    public TokenTests(SecretCortexFixture cortex)
    {
        _cortex = cortex;
        _cortex.AddEvents(_ns, CortexFixture.Session("s", 5, DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public void TheTokenGoesOutAsABearerHeaderFromTheParameterThenTheEnvironmentThenTheConfigFile()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();
        environment.PluginConfig($"{{ cortex: {{ port: {_cortex.Port}, authToken: '${{MAYROS_TEST_TOKEN}}' }}, agentNamespace: '{_ns}' }}");
        environment.Set("MAYROS_TEST_TOKEN", "from-config");
        try
        {
            Assert.Equal("Bearer from-config", SentAuthorization(shell, "Get-MayrosFork"));

            environment.Set("CORTEX_AUTH_TOKEN", "from-env");
            Assert.Equal("Bearer from-env", SentAuthorization(shell, "Get-MayrosFork"));

            Assert.Equal("Bearer from-param", SentAuthorization(shell, "Get-MayrosFork -CortexToken 'from-param'"));

            var secure = "$t = [securestring]::new(); 'from-secure'.ToCharArray() | ForEach-Object { $t.AppendChar($_) }; Get-MayrosFork -CortexToken $t";
            Assert.Equal("Bearer from-secure", SentAuthorization(shell, secure));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MAYROS_TEST_TOKEN", null);
        }
    }

    [Fact]
    public void WithoutATokenNoAuthorizationHeaderIsSent()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();

        Assert.Null(SentAuthorization(shell, $"Get-MayrosFork -CortexPort {_cortex.Port} -Namespace {_ns}"));
        Assert.Null(SentAuthorization(shell, $"New-MayrosCheckpoint -Session s -CortexPort {_cortex.Port} -Namespace {_ns}"));
    }

    [Fact]
    public void TheTokenAppearsInNoStreamObjectOrError()
    {
        using var environment = new EnvironmentScope();
        environment.Set("CORTEX_AUTH_TOKEN", Token);
        using var shell = new MayrosShell();
        var connection = $"-CortexPort {_cortex.Port} -Namespace {_ns} -Verbose -Debug";
        var scripts = new[]
        {
            $"New-MayrosCheckpoint -Session s {connection}",
            $"New-MayrosFork -Session s -Name s-copy {connection}",
            $"Invoke-MayrosRewind -Session s-copy -To 2026-01-01T00:00:00Z -Confirm:$false {connection}",
            $"Get-MayrosFork {connection}",
            $"New-MayrosCheckpoint -Session missing {connection}",
            $"New-MayrosFork -Session s -Name s-copy {connection}",
            $"Invoke-MayrosRewind -Session s -To 'not a time' {connection}",
            $"Get-MayrosFork -CortexPort {EnvironmentScope.FreePort()} -Namespace {_ns} -Verbose -Debug",
            $"Get-MayrosFork -CortexToken '{Token}' {connection}",
            $"New-MayrosFork -Session nobody -CortexToken '{Token}' {connection}",
        };

        foreach (var script in scripts)
        {
            var result = shell.Run("$DebugPreference = 'Continue'; " + script);
            Assert.DoesNotContain(Token, result.AllText, StringComparison.Ordinal);
            Assert.True(result.Debug.Count > 0 || result.AllErrors.Any(), "Expected debug output or an error from: " + script);
        }

        // The debug output did show that a token was sent, redacted.
        var debug = shell.Run($"$DebugPreference = 'Continue'; Get-MayrosFork {connection}");
        Assert.Contains(debug.Debug, d => d.Contains("Authorization: [redacted]", StringComparison.Ordinal));
    }

    [Fact]
    public void DebugAloneWritesTheSameRecordsAsTheDebugPreferenceAndAsksNothing()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();
        var connection = $"-CortexPort {_cortex.Port} -Namespace {_ns}";

        // The test host throws on any prompt: -Debug alone must not make the engine ask before each verbose line.
        var withSwitch = shell.Run($"Get-MayrosFork {connection} -Debug");
        var withPreference = shell.Run($"$DebugPreference = 'Continue'; Get-MayrosFork {connection}");
        var switchedOff = shell.Run($"$DebugPreference = 'Continue'; Get-MayrosFork {connection} -Debug:$false");
        var both = shell.Run($"Get-MayrosFork {connection} -Debug -Verbose");

        withSwitch.ShouldSucceed();
        static string Steady(string record) => System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(record, @"\(\d+ ms\)", "(N ms)"), @"(?m)^  Date: .*$", "  Date: D");
        Assert.Equal(14, withSwitch.Debug.Count); // a request and a response record for each of the 7 requests
        Assert.Equal(withPreference.Debug.Select(Steady), withSwitch.Debug.Select(Steady));
        Assert.Empty(withSwitch.Verbose);
        Assert.Empty(switchedOff.Debug);
        both.ShouldSucceed();
        Assert.Equal(14, both.Debug.Count);
        Assert.Equal(7, both.Verbose.Count(v => v.StartsWith("GET /api/v1/triples?predicate=", StringComparison.Ordinal)));
    }

    private string? SentAuthorization(MayrosShell shell, string script)
    {
        _cortex.Server.Requests.Clear();
        shell.Run(script).ShouldSucceed();
        var requests = _cortex.Server.Requests.Snapshot();
        Assert.NotEmpty(requests);
        var headers = requests.Select(r => r.Authorization).Distinct().ToList();
        return Assert.Single(headers);
    }
}
