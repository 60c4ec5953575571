using System;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Connection;

/// <summary>Connect-MayrosCortex, Get-MayrosConnection, Disconnect-MayrosCortex and -Connection.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConnectTests : IClassFixture<SecretCortexFixture>
{
    private const string Token = "connect-tok-9d2e-SECRET";
    private readonly SecretCortexFixture _cortex;
    private readonly string _ns = CortexFixture.NewNamespace();

    public ConnectTests(SecretCortexFixture cortex)
    {
        _cortex = cortex;
        _cortex.AddEvents(_ns, CortexFixture.Session("s", 6, DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public void ConnectChecksCortexAndTheSessionCmdletsUseTheConnection()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();

        var connect = shell.Run("Connect-MayrosCortex -CortexPort $args[0] -Namespace $args[1]", _cortex.Port, _ns);

        connect.ShouldSucceed();
        var connection = connect.Single("MayrosConnection");
        Assert.Equal(new Uri($"http://127.0.0.1:{_cortex.Port}/"), connection.Prop<Uri>("Endpoint"));
        Assert.Equal(_ns, connection.Prop<string>("Namespace"));
        Assert.False(connection.Prop<bool>("HasToken"));
        Assert.Equal("healthy", connection.Prop<string>("Status"));
        Assert.Contains(connect.Information, i => i.StartsWith($"Connected to Cortex at http://127.0.0.1:{_cortex.Port}", StringComparison.Ordinal));

        // No connection parameters at all: the connection fills them in.
        var checkpoint = shell.Run("New-MayrosCheckpoint -Session s -Verbose");
        Assert.Equal(6, checkpoint.Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Contains(checkpoint.Verbose, v => v.Contains("port from Connect-MayrosCortex", StringComparison.Ordinal));
        Assert.Equal(connection.Prop<Guid>("ConnectionId"), shell.Run("Get-MayrosConnection").Single("MayrosConnection").Prop<Guid>("ConnectionId"));

        // A parameter still wins over the connection.
        var other = shell.Run("Get-MayrosFork -CortexPort $args[0]", EnvironmentScope.FreePort());
        Assert.Equal("CortexUnreachable", other.Error().FullyQualifiedErrorId.Split(',')[0]);

        shell.Run("Disconnect-MayrosCortex").ShouldSucceed();
        Assert.Empty(shell.Run("Get-MayrosConnection").Output);
    }

    [Fact]
    public void TheConnectionComesBeforeTheEnvironment()
    {
        using var environment = new EnvironmentScope();
        environment.Set("CORTEX_PORT", EnvironmentScope.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var shell = new MayrosShell();

        shell.Run("Connect-MayrosCortex -CortexPort $args[0] -Namespace $args[1]", _cortex.Port, _ns).ShouldSucceed();

        Assert.Equal(6, shell.Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void AConnectionCarriesItsTokenToOtherRunspacesButNeverShowsIt()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();
        _cortex.Server.Requests.Clear();

        var result = shell.Run(
            """
            $connection = Connect-MayrosCortex -CortexPort $args[0] -Namespace $args[1] -CortexToken $args[2]
            $manifest = $args[3]
            'a', 'b', 'c' | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:manifest
                New-MayrosCheckpoint -Session s -Connection $using:connection
            }
            $connection
            """,
            _cortex.Port,
            _ns,
            Token,
            MayrosShell.ManifestPath);

        result.ShouldSucceed();
        Assert.Equal(3, result.Output.Count(o => o.BaseObject.GetType().Name == "MayrosCheckpoint"));
        var connection = result.Output.Single(o => o.BaseObject.GetType().Name == "MayrosConnection");
        Assert.True(connection.Prop<bool>("HasToken"));
        Assert.DoesNotContain(Token, string.Join("|", connection.Properties.Select(p => p.Value?.ToString())), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.AllText, StringComparison.Ordinal);
        Assert.All(_cortex.Server.Requests.Snapshot(), r => Assert.Equal("Bearer " + Token, r.Authorization));
        // Connecting checks health; each checkpoint asks which node leads (it writes), reads twice and writes once. The
        // first request of the process to this Cortex also asks, which may have been another test's.
        var requests = _cortex.Server.Requests.Snapshot();
        Assert.Equal(1 + (3 * 3), requests.Count(r => r.Path != "/api/v1/cluster/status"));
        Assert.InRange(requests.Count(r => r.Path == "/api/v1/cluster/status"), 3, 4);
    }

    [Fact]
    public void AClosedConnectionStopsTheCommandsThatAreGivenIt()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();
        shell.Run("$c = Connect-MayrosCortex -CortexPort $args[0] -Namespace $args[1]; $c | Disconnect-MayrosCortex", _cortex.Port, _ns).ShouldSucceed();

        var error = shell.CatchTerminating("New-MayrosCheckpoint -Session s -Connection $c");

        Assert.NotNull(error);
        Assert.Equal("MayrosNotConnected,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand", error!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        var nothing = shell.Run("Disconnect-MayrosCortex");
        Assert.Equal("MayrosNotConnected,Mayros.PowerShell.Commands.DisconnectMayrosCortexCommand", nothing.Error().FullyQualifiedErrorId);
    }

    [Fact]
    public void ConnectingToAnAbsentCortexStopsAndStoresNothing()
    {
        using var environment = new EnvironmentScope();
        using var shell = new MayrosShell();

        var error = shell.CatchTerminating("Connect-MayrosCortex -CortexPort $args[0]", EnvironmentScope.FreePort());

        Assert.Equal("CortexUnreachable,Mayros.PowerShell.Commands.ConnectMayrosCortexCommand", error!.FullyQualifiedErrorId);
        Assert.Empty(shell.Run("Get-MayrosConnection").Output);
    }

    [Fact]
    public void EachRunspaceHasItsOwnCurrentConnection()
    {
        using var environment = new EnvironmentScope();
        using var first = new MayrosShell();
        using var second = new MayrosShell();

        first.Run("Connect-MayrosCortex -CortexPort $args[0] -Namespace $args[1]", _cortex.Port, _ns).ShouldSucceed();

        Assert.Single(first.Run("Get-MayrosConnection").Output);
        Assert.Empty(second.Run("Get-MayrosConnection").Output);
    }
}
