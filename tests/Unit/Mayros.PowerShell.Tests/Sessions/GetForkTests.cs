using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>Get-MayrosFork: relationships, statuses and checkpoints, for every session, without a cap.</summary>
public sealed class GetForkTests : HostedTest
{
    public GetForkTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void ListsEverySessionWithAStatusBeyondTheClisCapInSevenRequests()
    {
        var triples = Enumerable.Range(0, 250)
            .Select(i => ($"{Ns}:session:s{i:D3}", $"{Ns}:session:status", (JsonNode)JsonValue(i % 3 == 0 ? "forked" : "active")))
            .ToArray();
        Cortex.AddTriples(triples);

        var result = Run("Get-MayrosFork");

        result.ShouldSucceed();
        var sessions = result.All("MayrosSession");
        Assert.Equal(250, sessions.Count);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"s{i:D3}"), sessions.Select(s => s.Prop<string>("SessionKey")));
        Assert.Equal(84, sessions.Count(s => s.Prop<string>("Status") == "forked"));
        Assert.Equal(7, Traffic().Requests);
    }

    [Fact]
    public void ShowsRelationshipsStatusesAndParsedCheckpoints()
    {
        Seed("root", 5);
        Run("New-MayrosCheckpoint -Session root; New-MayrosFork -Session root -Name f1; New-MayrosCheckpoint -Session f1; New-MayrosCheckpoint -Session f1").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session f1 -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(2))).ShouldSucceed();

        var sessions = Run("Get-MayrosFork").All("MayrosSession").ToDictionary(s => s.Prop<string>("SessionKey"));

        Assert.Equal("forked", sessions["root"].Prop<string>("Status"));
        Assert.Null(sessions["root"].Prop("ParentSession"));
        Assert.Equal(1, sessions["root"].Prop<int>("CheckpointCount"));
        Assert.Equal("rewound", sessions["f1"].Prop<string>("Status"));
        Assert.Equal("root", sessions["f1"].Prop<string>("ParentSession"));
        Assert.True(DateTimeOffset.UtcNow - (DateTimeOffset)sessions["f1"].Prop("ForkedAt")! < TimeSpan.FromMinutes(1));
        Assert.Equal(2, sessions["f1"].Prop<int>("CheckpointCount"));
        Assert.Equal(Start.AddSeconds(2), (DateTimeOffset)sessions["f1"].Prop("RewindPoint")!);
        var checkpoints = (System.Collections.IEnumerable)sessions["f1"].Prop("Checkpoints")!;
        var counts = checkpoints.Cast<object>().Select(c => (int)PSObject.AsPSObject(c).Prop("EventCount")!).ToList();
        Assert.Equal(new[] { 5, 5 }, counts);
    }

    [Fact]
    public void WithASessionListsItAndItsDirectForksOnly()
    {
        Seed("p", 2);
        Run("New-MayrosFork -Session p -Name c1; New-MayrosFork -Session p -Name c2; New-MayrosFork -Session c1 -Name g1").ShouldSucceed();

        var keys = Run("Get-MayrosFork -Session p").All("MayrosSession").Select(s => s.Prop<string>("SessionKey")).ToList();

        Assert.Equal(new[] { "p", "c1", "c2" }, keys);
    }

    [Fact]
    public void AnUnknownSessionIsANonTerminatingError()
    {
        var result = Run("Get-MayrosFork -Session nobody");

        AssertError(result, "SessionNotFound", "GetMayrosForkCommand", ErrorCategory.ObjectNotFound);
        Assert.Null(Shell.CatchTerminating("Get-MayrosFork -Session nobody -ErrorAction SilentlyContinue"));
    }

    [Fact]
    public void StatusesFilterAndFeedOtherCmdletsThroughThePipeline()
    {
        Seed("a", 3);
        Seed("b", 4, prefix: "b");
        SetRecord("a", "status", "active");
        SetRecord("b", "status", "rewound");

        var result = Run("Get-MayrosFork | Where-Object Status -eq 'active' | ForEach-Object { New-MayrosCheckpoint -Session $_.SessionKey }");
        var byProperty = Run("Get-MayrosFork | Where-Object { $_.Status -eq 'rewound' } | New-MayrosCheckpoint");

        result.ShouldSucceed();
        Assert.Equal("a", result.Single("MayrosCheckpoint").Prop<string>("SessionKey"));
        byProperty.ShouldSucceed();
        Assert.Equal(4, byProperty.Single("MayrosCheckpoint").Prop<int>("EventCount"));
    }

    [Fact]
    public void ReadsWhatOtherWritersStored()
    {
        // A node-valued parent, a CLI checkpoint without an id, and a broken checkpoint.
        Cortex.AddTriples(
            ($"{Ns}:session:kid", $"{Ns}:session:status", JsonValue("active")),
            ($"{Ns}:session:kid", $"{Ns}:session:parentSession", Node($"{Ns}:session:mom")),
            ($"{Ns}:session:kid", $"{Ns}:session:forkedAt", JsonValue("2026-02-01T00:00:00.000Z")),
            ($"{Ns}:session:kid", $"{Ns}:session:checkpoint",
                JsonValue("{\"sessionKey\":\"kid\",\"timestamp\":\"2026-02-02T00:00:00.000Z\",\"eventCount\":3,\"lastEventId\":\"e3\"}")),
            ($"{Ns}:session:kid", $"{Ns}:session:checkpoint", JsonValue("not json")));

        var result = Run("Get-MayrosFork -Session kid");

        var kid = result.Single("MayrosSession");
        Assert.Equal("mom", kid.Prop<string>("ParentSession"));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset)kid.Prop("ForkedAt")!);
        Assert.Equal(1, kid.Prop<int>("CheckpointCount"));
        var checkpoint = PSObject.AsPSObject(((System.Collections.IEnumerable)kid.Prop("Checkpoints")!).Cast<object>().Single());
        Assert.Matches("^cp-[0-9a-f]{12}$", checkpoint.Prop<string>("Id"));
        Assert.Equal("e3", checkpoint.Prop<string>("LastEventId"));
        Assert.Contains(result.Warnings, w => w.Contains("'kid'", StringComparison.Ordinal) && w.Contains("1 checkpoint", StringComparison.Ordinal));
    }
}
