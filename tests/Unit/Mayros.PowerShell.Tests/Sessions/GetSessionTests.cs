using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>Get-MayrosSession: every session on the server, events-only ones (as agents write them) included.</summary>
public sealed class GetSessionTests : HostedTest
{
    public GetSessionTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void ListsSessionsThatOnlyHaveEventsWithExactCountsTimesAgentsAndSize()
    {
        Seed("agent:ops:main", 40);
        Seed("agent:ops:side", 3, Start.AddHours(1), prefix: "x");

        var result = Run("Get-MayrosSession");

        result.ShouldSucceed();
        var sessions = result.All("MayrosSessionInfo");
        Assert.Equal(new[] { "agent:ops:main", "agent:ops:side" }, sessions.Select(s => s.Prop<string>("SessionKey")));
        var main = sessions[0];
        Assert.Equal("active", main.Prop<string>("Status"));
        Assert.False(main.Prop<bool>("HasRecord"));
        Assert.Equal(40, main.Prop<int>("EventCount"));
        Assert.Equal(40, main.Prop<int>("LiveEventCount"));
        Assert.Equal(Start, main.Prop<DateTimeOffset>("FirstEvent"));
        Assert.Equal(Start.AddSeconds(39), main.Prop<DateTimeOffset>("LastEvent"));
        Assert.Equal(Start.AddSeconds(39), main.Prop<DateTimeOffset>("LastChanged"));
        Assert.Equal(new[] { "agent-0", "agent-1" }, (IReadOnlyList<string>)main.Prop("Agents")!);
        var listedBytes = EventsOf("agent:ops:main").Sum(e => Encoding.UTF8.GetByteCount(e.GetRawText()));
        Assert.Equal(listedBytes, main.Prop<long>("StoredBytes"));
        Assert.Equal(0, main.Prop<int>("CheckpointCount"));
        Assert.Null(main.Prop("ParentSession"));
        Assert.Equal(3, sessions[1].Prop<int>("EventCount"));
    }

    [Fact]
    public void OneSessionAndAThousandCostTheSameRequests()
    {
        Seed("only", 2);
        Run("Get-MayrosSession").ShouldSucceed();
        var one = Traffic();

        Cortex.AddEvents(Ns, Enumerable.Range(0, 1000).SelectMany(i => CortexFixture.Session($"s{i:D4}", 2, Start, prefix: "m")));
        var result = Run("Get-MayrosSession");

        result.ShouldSucceed();
        Assert.Equal(1001, result.All("MayrosSessionInfo").Count);
        Assert.Equal(one, Traffic());
        Assert.Equal(0, one.Writes);
        Assert.True(one.Requests <= 11, $"{one.Requests} requests");
    }

    [Fact]
    public void RecordsAddStatusLineageCheckpointsAndHiddenEvents()
    {
        Seed("s", 10);
        Run("New-MayrosCheckpoint -Session s -Label first -Confirm:$false").ShouldSucceed();
        Run("New-MayrosFork -Session s -Name f -Confirm:$false").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(5))).ShouldSucceed();

        var sessions = Run("Get-MayrosSession").All("MayrosSessionInfo").ToDictionary(s => s.Prop<string>("SessionKey"));

        Assert.Equal("rewound", sessions["s"].Prop<string>("Status"));
        Assert.Equal(10, sessions["s"].Prop<int>("EventCount"));
        Assert.Equal(6, sessions["s"].Prop<int>("LiveEventCount"));
        Assert.Equal(1, sessions["s"].Prop<int>("CheckpointCount"));
        Assert.True(sessions["s"].Prop<bool>("HasRecord"));
        Assert.Equal("active", sessions["f"].Prop<string>("Status"));
        Assert.Equal("s", sessions["f"].Prop<string>("ParentSession"));
        Assert.NotNull(sessions["f"].Prop("ForkedAt"));
        Assert.Equal(10, sessions["f"].Prop<int>("LiveEventCount"));
        Assert.True(sessions["s"].Prop<DateTimeOffset>("LastChanged") > Start.AddSeconds(9), "a rewind moves LastChanged past the last event");
    }

    [Fact]
    public void FiltersByWildcardStatusAndTimeAndTakesKeysFromThePipeline()
    {
        Seed("agent:a:1", 2);
        Seed("agent:a:2", 2, Start.AddDays(1));
        Seed("agent:b:1", 2, prefix: "b");
        Run("Invoke-MayrosRewind -Session agent:b:1 -To $args[0] -Confirm:$false", CortexFixture.Iso(Start)).ShouldSucceed();

        string[] Keys(string script, params object[] args) =>
            Run(script, args).All("MayrosSessionInfo").Select(s => s.Prop<string>("SessionKey")).ToArray();

        Assert.Equal(new[] { "agent:a:1", "agent:a:2" }, Keys("Get-MayrosSession -Session 'AGENT:A:*'"));
        Assert.Equal(new[] { "agent:b:1" }, Keys("Get-MayrosSession -Status rewound"));
        Assert.Equal(new[] { "agent:a:2" }, Keys("Get-MayrosSession -Since $args[0]", CortexFixture.Iso(Start.AddHours(12))));
        Assert.Equal(new[] { "agent:a:1", "agent:b:1" }, Keys("Get-MayrosSession -Before $args[0]", CortexFixture.Iso(Start.AddHours(12))));
        Assert.Equal(new[] { "agent:a:2", "agent:b:1" }, Keys("'agent:b:1', 'agent:a:2' | Get-MayrosSession"));
        Assert.Equal(new[] { "agent:a:1" }, Keys("Get-MayrosSession agent:a:1 | Get-MayrosSession"));
    }

    [Fact]
    public void AnUnknownKeyIsNotFoundWhileTheOthersAreListed()
    {
        Seed("known", 2);

        var result = Run("Get-MayrosSession -Session known, missing");

        Assert.Equal("known", result.Single("MayrosSessionInfo").Prop<string>("SessionKey"));
        AssertError(result, "SessionNotFound", "GetMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("'missing'", result.Error().ToString(), StringComparison.Ordinal);
        Assert.Empty(Run("Get-MayrosSession -Session 'miss*'").Output);
    }

    [Fact]
    public void ARemovedSessionIsGoneAndItsKeptEventsAreNoSessions()
    {
        Seed("gone", 4);
        Seed("stays", 2, prefix: "k");
        Run("Remove-MayrosSession -Session gone -Confirm:$false").ShouldSucceed();

        var keys = Run("Get-MayrosSession").All("MayrosSessionInfo").Select(s => s.Prop<string>("SessionKey"));

        Assert.Equal(new[] { "stays" }, keys);
    }

    [Fact]
    public void GetMayrosForkAndCompletionSeeEventsOnlySessions()
    {
        Seed("agent:ops:main", 3);

        var fork = Run("Get-MayrosFork -Session agent:ops:main");
        var completion = Run(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText",
            "New-MayrosCheckpoint -Session agent:o");

        fork.ShouldSucceed();
        Assert.Equal("active", fork.Single("MayrosSession").Prop<string>("Status"));
        Assert.Equal(new object[] { "agent:ops:main" }, completion.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void TheDefaultTableFitsEightyColumns()
    {
        Seed("agent:operations:nightly-run", 3);

        var text = Run("Get-MayrosSession | Out-String -Width 80").Output.Single().BaseObject.ToString()!;

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Contains("agent:operations:nigh", text, StringComparison.Ordinal);
        Assert.Contains("2026-03-01T10:00:02Z", text, StringComparison.Ordinal);
    }
}
