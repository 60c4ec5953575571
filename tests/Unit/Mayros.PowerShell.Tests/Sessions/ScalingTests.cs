using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>
/// Request counts, counted at the server, do not grow with the number of events or sessions, beyond one write per
/// MiB of data (Cortex allows 100 requests a minute; a request per event or per session would be broken).
/// </summary>
public sealed class ScalingTests : HostedTest
{
    private static readonly string[] Commands =
    {
        "New-MayrosCheckpoint -Session s -Label base",
        "New-MayrosFork -Session s -Name f",
        "Invoke-MayrosRewind -Session f -To $args[0] -Confirm:$false",
        "Get-MayrosFork",
        "Get-MayrosFork -Session s -Recurse",
        "Get-MayrosCheckpoint -Session s",
        "Get-MayrosCheckpoint -Label base",
        "Get-MayrosSessionEvent -Session f -IncludeRewound",
        "Compare-MayrosSession -ReferenceSession s -DifferenceSession f",
        "Undo-MayrosRewind -Session f -Confirm:$false",
        "New-MayrosFork -Session s -Name g -At $args[0]",
        "New-MayrosFork -Session s -Name h -Checkpoint base",
        "Invoke-MayrosRewind -Session s -Checkpoint base -Confirm:$false",
    };

    public ScalingTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void CountsAreTheSameFor100And50000EventsBeyondOneWritePerMiB()
    {
        var small = Profile(events: 100, sessions: 1);
        var large = Profile(events: 50_000, sessions: 1);

        for (var i = 0; i < Commands.Length; i++)
        {
            Assert.True(
                small[i].Requests - small[i].FullWrites == large[i].Requests - large[i].FullWrites,
                $"{Commands[i]}: {small[i]} for 100 events, {large[i]} for 50,000");
            Assert.True(large[i].FullWrites <= Math.Ceiling(large[i].WriteBytes / (double)(1024 * 1024)), $"{Commands[i]}: {large[i]}");
        }

        Assert.True(large[1].FullWrites >= 10, "The large fork should have needed many full requests: " + large[1]);
    }

    [Fact]
    public void CountsAreTheSameFor1And1000Sessions()
    {
        var one = Profile(events: 20, sessions: 1);
        var thousand = Profile(events: 20, sessions: 1_000);

        Assert.Equal(one.Select(c => c.Requests), thousand.Select(c => c.Requests));
        Assert.Equal(1_000 + 3, Run("Get-MayrosFork").Output.Count); // s, its forks f, g and h, and 999 others
    }

    /// <summary>
    /// Seeds a namespace and counts, per command, its requests, its full writes and its written bytes. A write is full
    /// when it is within 8 KiB of Cortex's 1 MiB limit: the module fills a request until the next row would not fit,
    /// so every request of a split write but the last is full, and the last is the one every size has.
    /// </summary>
    private List<Counted> Profile(int events, int sessions)
    {
        var ns = CortexFixture.NewNamespace();
        Shell.Run("$PSDefaultParameterValues['*-Mayros*:Namespace'] = $args[0]", ns).ShouldSucceed();
        Cortex.AddEvents(ns, CortexFixture.Session("s", events, Start));
        for (var others = 1; others < sessions; others += 250)
        {
            var batch = Enumerable.Range(others, Math.Min(250, sessions - others)).SelectMany(i => new[]
            {
                ($"{ns}:session:other{i}", $"{ns}:session:status", (JsonNode)JsonValue("active")),
                ($"{ns}:session:other{i}", $"{ns}:session:checkpoint",
                    JsonValue("{\"sessionKey\":\"other" + i + "\",\"timestamp\":\"2026-03-01T00:00:00.000Z\",\"eventCount\":3,\"lastEventId\":\"x\"}")),
            }).ToArray();
            Cortex.AddTriples(batch);
            Cortex.AddEvents(ns, Enumerable.Range(others, Math.Min(250, sessions - others)).SelectMany(i => CortexFixture.Session("other" + i, 3, Start, "o")));
        }

        var counted = new List<Counted>();
        foreach (var command in Commands)
        {
            Cortex.Server.Requests.Clear();
            Shell.Run(command, CortexFixture.Iso(Start.AddSeconds(events / 2))).ShouldSucceed();
            var requests = Cortex.Server.Requests.Snapshot();
            var writes = requests.Where(r => r.IsWrite).ToList();
            counted.Add(new Counted(requests.Count, writes.Count(r => r.BodyBytes > (1024 * 1024) - (8 * 1024)), writes.Sum(r => r.BodyBytes)));
        }

        return counted;
    }

    private sealed record Counted(int Requests, int FullWrites, long WriteBytes);
}
