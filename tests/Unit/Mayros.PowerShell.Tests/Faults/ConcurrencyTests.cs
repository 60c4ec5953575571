using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Mayros.PowerShell.Tests.Infrastructure;
using Mayros.TestSupport;

namespace Mayros.PowerShell.Tests.Faults;

/// <summary>Commands that run at the same time: one fork name, one winner; a checkpoint never sees half a rewind.</summary>
public sealed class ConcurrencyTests : HostedTest
{
    public ConcurrencyTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public async Task TwoForksToOneNameAtOnceMakeOneCompleteSessionAndOneError()
    {
        Seed("src", 3_000);
        using var first = new MayrosShell();
        using var second = new MayrosShell();
        using var barrier = new Barrier(2);
        ShellResult Fork(MayrosShell shell)
        {
            barrier.SignalAndWait();
            return shell.Run("New-MayrosFork -Session src -Name twin -CortexPort $args[0] -Namespace $args[1]", Cortex.Port, Ns);
        }

        var results = await Task.WhenAll(Task.Run(() => Fork(first)), Task.Run(() => Fork(second)));

        var succeeded = results.Where(r => !r.AllErrors.Any()).ToList();
        var failed = results.Where(r => r.AllErrors.Any()).ToList();
        Assert.Single(succeeded);
        Assert.Equal(3_000, succeeded[0].Single("MayrosForkResult").Prop<int>("EventsCopied"));
        Assert.Equal("SessionAlreadyExists", Assert.Single(failed).Error().FullyQualifiedErrorId.Split(',')[0]);
        var copies = EventsOf("twin");
        Assert.Equal(3_000, copies.Count);
        Assert.Equal(3_000, copies.Select(e => e.GetProperty("fields").GetProperty("copiedFrom").GetString()).Distinct().Count());
        Assert.Equal(new[] { "active" }, Record("twin", "status"));
    }

    [Fact]
    public async Task ACheckpointDuringALargeRewindCountsTheSessionBeforeOrAfterItNeverBetween()
    {
        Seed("s", 12_000);
        await using var proxy = await FaultProxy.StartAsync(Cortex.Server.BaseAddress);

        // Slow every batch write of the rewind (longer than a reader retries), so checkpoints run while its markers
        // are half written.
        proxy.Plan = r => r.Method == "POST" && r.PathAndQuery == "/api/v1/triples/batch" ? Fault.Stall(TimeSpan.FromMilliseconds(1500)) : Fault.None;
        using var checkpoints = new MayrosShell();
        var counts = new ConcurrentBag<int>();
        using var done = new CancellationTokenSource();
        using var first = new ManualResetEventSlim();
        var checkpointing = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var result = checkpoints.Run("New-MayrosCheckpoint -Session s -CortexPort $args[0] -Namespace $args[1]", Cortex.Port, Ns);
                result.ShouldSucceed();
                counts.Add(result.Single("MayrosCheckpoint").Prop<int>("EventCount"));
                first.Set();
            }
        });
        Assert.True(first.Wait(TimeSpan.FromSeconds(60)));

        var rewind = Shell.Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false -CortexPort $args[1]", CortexFixture.Iso(Start.AddSeconds(99)), proxy.Port);
        done.Cancel();
        await checkpointing;

        rewind.ShouldSucceed();
        Assert.Equal(11_900, rewind.Single("MayrosRewindResult").Prop<int>("EventsRemoved"));
        Assert.True(proxy.Seen.Count(r => r.PathAndQuery == "/api/v1/triples/batch") >= 3, "The rewind should take several marker requests.");
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.Contains(c, new[] { 12_000, 100 }));
        Assert.Equal(100, Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Empty(UnfinishedRewinds("s"));
    }
}
