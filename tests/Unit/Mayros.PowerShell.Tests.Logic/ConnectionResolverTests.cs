using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class ConnectionResolverTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "mayros-home-" + Guid.NewGuid().ToString("N"));
    private readonly FakeEnvironment _environment;

    public ConnectionResolverTests()
    {
        Directory.CreateDirectory(_home);
        _environment = new FakeEnvironment(_home);
    }

    [Fact]
    public void DefaultsAreTheMayrosClis()
    {
        var connection = ConnectionResolver.Resolve(new ConnectionRequest(), _environment);

        Assert.Equal(new Uri("http://127.0.0.1:8080/"), Assert.Single(connection.Endpoints));
        Assert.Equal("mayros", connection.Namespace);
        Assert.False(connection.HasToken);
        Assert.Equal(TimeSpan.FromSeconds(60), connection.Timeout);
    }

    [Fact]
    public void EachValueIsResolvedOnItsOwn()
    {
        WriteConfig("{ cortex: { host: 'from-config', port: 1111, authToken: 'config-token' }, agentNamespace: 'config-ns' }");
        _environment["CORTEX_PORT"] = "2222";

        var connection = ConnectionResolver.Resolve(new ConnectionRequest { Namespace = "param-ns" }, _environment);

        Assert.Equal(new Uri("http://from-config:2222/"), connection.Primary);
        Assert.Equal("param-ns", connection.Namespace);
        Assert.Equal("config-token", connection.RevealToken());
        Assert.Equal("the config file " + Path.Combine(_home, ".mayros", "mayros.json"), connection.Sources["host"]);
        Assert.Equal("CORTEX_PORT", connection.Sources["port"]);
        Assert.Equal("the parameter", connection.Sources["namespace"]);
    }

    [Fact]
    public void AConnectionComesBetweenTheParametersAndTheEnvironment()
    {
        _environment["CORTEX_HOST"] = "env-host";
        _environment["CORTEX_AUTH_TOKEN"] = "env-token";
        var request = new ConnectionRequest
        {
            Port = 3333,
            Fallback = new ConnectionRequest { Hosts = new[] { "saved-host" }, Port = 4444, Namespace = "saved-ns" },
            FallbackName = "Connect-MayrosCortex",
        };

        var connection = ConnectionResolver.Resolve(request, _environment);

        Assert.Equal(new Uri("http://saved-host:3333/"), connection.Primary);
        Assert.Equal("saved-ns", connection.Namespace);
        Assert.Equal("env-token", connection.RevealToken());
        Assert.Equal("Connect-MayrosCortex", connection.Sources["host"]);
    }

    [Theory]
    [InlineData("cortex-1:19090,cortex-2:19091")]
    [InlineData("cortex-1:19090", "cortex-2:19091")]
    [InlineData(" cortex-1:19090 , ", "cortex-2:19091")]
    public void AnEndpointListIsAnArrayOrOneStringWithCommas(params string[] hosts)
    {
        var connection = ConnectionResolver.Resolve(new ConnectionRequest { Hosts = hosts }, _environment);

        Assert.Equal(new[] { new Uri("http://cortex-1:19090/"), new Uri("http://cortex-2:19091/") }, connection.Endpoints);
    }

    [Fact]
    public void AnEndpointListOfNoHostIsRefused()
    {
        var error = Assert.Throws<MayrosException>(() => ConnectionResolver.Resolve(new ConnectionRequest { Hosts = new[] { " , " } }, _environment));

        Assert.Equal(ErrorIds.InvalidCortexEndpoint, error.ErrorId);
        Assert.True(error.Terminating);
    }

    [Theory]
    [InlineData("cortex-1", 19090, "http://cortex-1:19090/")]
    [InlineData("cortex-1:9000", 19090, "http://cortex-1:9000/")]
    [InlineData("10.0.0.5", 80, "http://10.0.0.5/")]
    [InlineData("[::1]:9000", 19090, "http://[::1]:9000/")]
    [InlineData("::1", 19090, "http://[::1]:19090/")]
    [InlineData("https://cortex.example.com", 19090, "https://cortex.example.com:19090/")]
    [InlineData("http://cortex.example.com:1234", 19090, "http://cortex.example.com:1234/")]
    public void HostsMayCarryAPortOrAScheme(string host, int port, string expected) =>
        Assert.Equal(new Uri(expected), ConnectionResolver.ToEndpoint(host, port));

    [Theory]
    [InlineData("http://cortex/api")]
    [InlineData("bad host name")]
    [InlineData("ftp://cortex")]
    [InlineData("")]
    public void BadHostsAreClearErrors(string host)
    {
        var error = Assert.Throws<MayrosException>(() => ConnectionResolver.ToEndpoint(host, 1));

        Assert.Equal(ErrorIds.InvalidCortexEndpoint, error.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        Assert.True(error.Terminating);
    }

    [Fact]
    public void SeveralHostsMakeSeveralEndpoints()
    {
        _environment["CORTEX_HOST"] = "a, b:2000 ,c";

        var connection = ConnectionResolver.Resolve(new ConnectionRequest { Port = 1000 }, _environment);

        Assert.Equal(new[] { new Uri("http://a:1000/"), new Uri("http://b:2000/"), new Uri("http://c:1000/") }, connection.Endpoints);
    }

    [Fact]
    public void ConfigHostsMayBeAList()
    {
        WriteConfig("{ cortex: { host: ['n1', 'n2:7000'], port: 19090 } }");

        var connection = ConnectionResolver.Resolve(new ConnectionRequest(), _environment);

        Assert.Equal(new[] { new Uri("http://n1:19090/"), new Uri("http://n2:7000/") }, connection.Endpoints);
    }

    [Fact]
    public void VariablesAreSubstitutedAndEscaped()
    {
        WriteConfig("{ cortex: { host: '${CORTEX_TEST_HOST}', authToken: 'pre-${CORTEX_TEST_TOKEN}' }, agentNamespace: 'ns$${NOT_A_VAR}' }");
        _environment["CORTEX_TEST_HOST"] = "resolved-host";
        _environment["CORTEX_TEST_TOKEN"] = "xyz";

        var connection = ConnectionResolver.Resolve(new ConnectionRequest(), _environment);

        Assert.Equal("resolved-host", connection.Primary.Host);
        Assert.Equal("pre-xyz", connection.RevealToken());
        Assert.Equal("ns${NOT_A_VAR}", connection.Namespace);
    }

    [Theory]
    [InlineData("{ cortex: { host: '${MISSING_VAR}' } }", ErrorIds.ConfigurationVariableNotSet)]
    [InlineData("{ cortex: { port: 'eighty' } }", ErrorIds.ConfigurationInvalid)]
    [InlineData("{ cortex: { port: 70000 } }", ErrorIds.ConfigurationInvalid)]
    [InlineData("{ cortex: { port: 80.5 } }", ErrorIds.ConfigurationInvalid)]
    [InlineData("{ cortex: { host: 5 } }", ErrorIds.ConfigurationInvalid)]
    public void BadConfigValuesAreClearErrors(string pluginConfig, string errorId)
    {
        WriteConfig(pluginConfig);

        var error = Assert.Throws<MayrosException>(() => ConnectionResolver.Resolve(new ConnectionRequest(), _environment));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(Path.Combine(_home, ".mayros", "mayros.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfigFileIsReadOnlyWhenAValueFallsThroughToIt()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_home, ".mayros")).FullName, "mayros.json"), "{ not json");

        var connection = ConnectionResolver.Resolve(
            new ConnectionRequest { Hosts = new[] { "h" }, Port = 1, Namespace = "n", Token = ConnectionResolver.Secure("t") },
            _environment);

        Assert.Equal("n", connection.Namespace);
        Assert.Throws<MayrosException>(() => ConnectionResolver.Resolve(new ConnectionRequest(), _environment));
    }

    [Fact]
    public void MayrosConfigPathAndStateDirMoveTheFile()
    {
        var stateDirectory = Directory.CreateDirectory(Path.Combine(_home, "state")).FullName;
        File.WriteAllText(Path.Combine(stateDirectory, "mayros.json"), Plugin("{ agentNamespace: 'from-state-dir' }"));
        _environment["MAYROS_STATE_DIR"] = stateDirectory;
        Assert.Equal("from-state-dir", ConnectionResolver.Resolve(new ConnectionRequest(), _environment).Namespace);

        var explicitPath = Path.Combine(_home, "elsewhere.json5");
        File.WriteAllText(explicitPath, Plugin("{ namespace: 'from-explicit' }"));
        _environment["MAYROS_CONFIG_PATH"] = "~/elsewhere.json5";
        Assert.Equal("from-explicit", ConnectionResolver.Resolve(new ConnectionRequest(), _environment).Namespace);
    }

    [Theory]
    [InlineData("10.0.0.5", true, true)]
    [InlineData("cortex.example.com", true, true)]
    [InlineData("127.0.0.1", true, false)]
    [InlineData("localhost", true, false)]
    [InlineData("[::1]", true, false)]
    [InlineData("https://cortex.example.com", true, false)]
    [InlineData("10.0.0.5", false, false)]
    public void ATokenOverPlainHttpToAnotherMachineIsFlagged(string host, bool withToken, bool flagged)
    {
        var connection = ConnectionResolver.Resolve(
            new ConnectionRequest { Hosts = new[] { host }, Namespace = "n", Token = withToken ? ConnectionResolver.Secure("t") : null },
            _environment);

        Assert.Equal(flagged, connection.TokenTravelsInClearText);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static string Plugin(string config) => "{ plugins: { entries: { 'semantic-observability': { config: " + config + " } } } }";

    private void WriteConfig(string pluginConfig)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_home, ".mayros")).FullName;
        File.WriteAllText(Path.Combine(directory, "mayros.json"), Plugin(pluginConfig));
    }

    private sealed class FakeEnvironment : Dictionary<string, string>, IEnvironment
    {
        public FakeEnvironment(string home) => HomeDirectory = home;

        public string HomeDirectory { get; }

        public string? Get(string name) => TryGetValue(name, out var value) ? value : null;
    }
}
