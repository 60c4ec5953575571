using System;
using System.Net.Http;
using System.Threading.Tasks;
using LocalCortex;
using Xunit;

namespace Mayros.TestSupport;

/// <summary>
/// The one way the test suites start a local Cortex: on a free loopback port, in memory, rate limit off unless the
/// options say otherwise, with a plain HttpClient pointed at it for seeding and checking data the way any other Cortex
/// client would. A test class uses it as a class fixture (one server for the class) or owns one (one per test).
/// </summary>
public class LocalCortexServer : IAsyncLifetime
{
    private readonly CortexServerOptions? _options;

    public LocalCortexServer()
    {
    }

    public LocalCortexServer(CortexServerOptions options) => _options = options;

    public CortexServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public int Port => Server.Port;

    /// <summary>The options the server starts with (a test may change them before it starts, or a clock after).</summary>
    public CortexServerOptions Options => _startOptions ??= _options ?? CreateOptions();

    private CortexServerOptions? _startOptions;

    public async Task InitializeAsync()
    {
        Server = await CortexServer.StartAsync(Options);
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Server != null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>The options of a fixture subclass: in memory, rate limit off.</summary>
    protected virtual CortexServerOptions CreateOptions() => new() { Port = 0, DataDirectory = null, RateLimitPerMinute = 0 };
}
