using System;
using System.Collections.Generic;
using System.Threading;
using LocalCortex;
using Mayros.PowerShell.Cortex.Http;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>A local Cortex per test class, and a Cortex client pointed at it that records what it logs.</summary>
public class LocalServer : LocalCortexServer
{
    protected virtual int RateLimit => 0;

    public (CortexApi Api, RecordingLog Log) Client(Action<CortexClientOptions>? configure = null, string? token = null, CancellationToken cancellation = default)
    {
        var options = new CortexClientOptions(new[] { Server.BaseAddress }) { RetryDelay = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        var log = new RecordingLog();
        return (new CortexApi(new CortexTransport(options), log, () => token, cancellation), log);
    }

    protected override CortexServerOptions CreateOptions() => new() { Port = 0, RateLimitPerMinute = RateLimit };
}

public class RateLimitedServer : LocalServer
{
    protected override int RateLimit => 60;
}

public sealed class RecordingLog : ICortexLog
{
    public List<string> VerboseLines { get; } = new();

    public List<string> DebugLines { get; } = new();

    public bool IsDebugEnabled => true;

    public void Verbose(string message) => VerboseLines.Add(message);

    public void Debug(string message) => DebugLines.Add(message);

    public List<TimeSpan> RateLimitWaits { get; } = new();

    public void RateLimitWait(Uri server, TimeSpan left, TimeSpan total) => RateLimitWaits.Add(left);
}
