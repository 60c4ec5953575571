using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Faults;

/// <summary>A wait for Cortex's rate limit is not silent: a warning once per command, and progress while it lasts.</summary>
public sealed class RateLimitWaitTests : HostedTest, IAsyncLifetime
{
    private const string TooMany = "{\"error\":\"Rate limit exceeded. Retry after 2 seconds\",\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":2}";
    private FaultProxy _proxy = null!;

    public RateLimitWaitTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    public async Task InitializeAsync() => _proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public void AWaitOfTwoSecondsWarnsOnceAndShowsItsProgress()
    {
        Seed("s", 3);
        var answered = 0;
        _proxy.Plan = r => r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal) && answered++ < 2
            ? Fault.Status(429, TooMany, "2")
            : Fault.None;

        var result = Run("New-MayrosCheckpoint -Session s -CortexPort $args[0]", _proxy.Port);

        result.ShouldSucceed();
        Assert.Equal(3, result.Single("MayrosCheckpoint").Prop<int>("EventCount"));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("100 requests a minute", warning, StringComparison.Ordinal);
        Assert.Contains("wait 2 s", warning, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning, StringComparison.Ordinal);
        var waits = result.Progress.Where(p => p.Activity == "Waiting for Cortex's rate limit").ToList();
        Assert.Contains(waits, p => p.SecondsRemaining == 2 && p.RecordType == ProgressRecordType.Processing);
        Assert.Contains(waits, p => p.SecondsRemaining == 1);
        Assert.Equal(2, waits.Count(p => p.RecordType == ProgressRecordType.Completed));
    }

    [Fact]
    public void AWaitOfASecondStaysQuiet()
    {
        Seed("s", 3);
        var answered = 0;
        _proxy.Plan = r => r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal) && answered++ < 1
            ? Fault.Status(429, TooMany.Replace("2 seconds", "1 seconds", StringComparison.Ordinal), "1")
            : Fault.None;

        var result = Run("New-MayrosCheckpoint -Session s -CortexPort $args[0]", _proxy.Port);

        result.ShouldSucceed();
        Assert.Empty(result.Warnings);
        Assert.DoesNotContain(result.Progress, p => p.Activity == "Waiting for Cortex's rate limit");
    }
}
