using System;
using System.Collections.Generic;
using Mayros.PowerShell.Configuration;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>The one composition point of the client: what a command's and a completer's clients are given.</summary>
public sealed class ClientFactoryTests
{
    private static readonly ResolvedConnection Connection = new(
        new[] { new Uri("http://127.0.0.1:19090") }, null, "mayros", TimeSpan.FromSeconds(60), new Dictionary<string, string>());

    [Theory]
    [InlineData(null, 250)]
    [InlineData("20", 20)]
    [InlineData("0", 0)]
    [InlineData("soon", 250)]
    [InlineData("-5", 250)]
    [InlineData("999999", 250)]
    public void RetriesPauseAsMayrosRetryDelayMsSaysOr250Milliseconds(string? setting, int milliseconds)
    {
        var environment = new Dictionary<string, string?> { [CortexClientFactory.RetryDelayVariable] = setting };

        var options = CortexClientFactory.Options(Connection, ClientPatience.Command, new Environment(environment));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.RetryDelay);
        Assert.Equal(4, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.StartsWith("Mayros.PowerShell/", options.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void ACompleterTriesOnceForTwoSecondsAndWaitsOutNoRateLimit()
    {
        var options = CortexClientFactory.Options(Connection, ClientPatience.Completion, new Environment(new Dictionary<string, string?>()));

        Assert.Equal(1, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
        Assert.Equal(TimeSpan.Zero, options.MaxRateLimitWait);
    }

    private sealed class Environment : IEnvironment
    {
        private readonly Dictionary<string, string?> _values;

        public Environment(Dictionary<string, string?> values) => _values = values;

        public string HomeDirectory => System.IO.Path.GetTempPath();

        public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;
    }
}
