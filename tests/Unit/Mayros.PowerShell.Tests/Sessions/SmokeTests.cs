using System;
using System.Collections;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

public sealed class SmokeTests : IClassFixture<CortexFixture>
{
    private readonly CortexFixture _cortex;

    public SmokeTests(CortexFixture cortex) => _cortex = cortex;

    [Fact]
    public void CheckpointCountsEventsStoredInCortex()
    {
        var ns = CortexFixture.NewNamespace();
        _cortex.AddEvents(ns, CortexFixture.Session("s1", 7, DateTimeOffset.UtcNow.AddHours(-1)));
        using var shell = new MayrosShell();
        var result = shell.Run("New-MayrosCheckpoint -Session s1 -CortexPort $args[0] -Namespace $args[1] -Verbose", _cortex.Port, ns);
        result.ShouldSucceed();
        var checkpoint = result.Single("MayrosCheckpoint");
        Assert.Equal(7, checkpoint.Prop<int>("EventCount"));
        Console.WriteLine(string.Join("\n", result.Verbose));
    }
}
