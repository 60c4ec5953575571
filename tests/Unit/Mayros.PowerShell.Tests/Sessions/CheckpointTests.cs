using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>New-MayrosCheckpoint against a real Cortex: counts come from what Cortex stores.</summary>
public sealed class CheckpointTests : HostedTest
{
    public CheckpointTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void CountsTheEventsStoredInCortexAndFindsTheLatestByTimestamp()
    {
        // Insert out of time order, with the latest event's id sorting first: the answer must come from timestamps.
        var events = CortexFixture.Session("s1", 12, Start);
        var latest = events[^1] with { Id = "aaa-latest" };
        events[^1] = latest;
        Cortex.AddEvents(Ns, events.AsEnumerable().Reverse());
        Seed("other", 5);

        var result = Run("New-MayrosCheckpoint -Session s1");

        result.ShouldSucceed();
        var checkpoint = result.Single("MayrosCheckpoint");
        Assert.Equal("s1", checkpoint.Prop<string>("SessionKey"));
        Assert.Equal(12, checkpoint.Prop<int>("EventCount"));
        Assert.Equal("aaa-latest", checkpoint.Prop<string>("LastEventId"));
        Assert.True(DateTimeOffset.UtcNow - checkpoint.Prop<DateTimeOffset>("Timestamp") < TimeSpan.FromMinutes(1));

        // Stored as the CLI's JSON literal, readable by the mayros CLI.
        var stored = JsonDocument.Parse(Assert.Single(Record("s1", "checkpoint"))).RootElement;
        Assert.Equal("s1", stored.GetProperty("sessionKey").GetString());
        Assert.Equal(12, stored.GetProperty("eventCount").GetInt32());
        Assert.Equal("aaa-latest", stored.GetProperty("lastEventId").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", stored.GetProperty("timestamp").GetString());
        Assert.Equal(new[] { "active" }, Record("s1", "status"));
    }

    [Theory]
    [InlineData("forked")]
    [InlineData("rewound")]
    public void NeverResetsAForkedOrRewoundStatus(string status)
    {
        Seed("s", 3);
        SetRecord("s", "status", status);

        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();

        Assert.Equal(new[] { status }, Record("s", "status"));
    }

    [Fact]
    public void RewoundEventsAreNotCounted()
    {
        var events = CortexFixture.Session("s", 10, Start);
        Cortex.AddEvents(Ns, events);
        foreach (var hidden in events.Skip(7))
        {
            Cortex.AddTriples(($"{Ns}:event:{hidden.Id}", $"{Ns}:event:rewound", JsonValue("true")));
        }

        var checkpoint = Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint");

        Assert.Equal(7, checkpoint.Prop<int>("EventCount"));
        Assert.Equal(events[6].Id, checkpoint.Prop<string>("LastEventId"));
    }

    [Fact]
    public void SessionsStoredAsPlainLiteralsCount()
    {
        // Another writer stored the event's session as a literal (bare key, or full name) instead of a node.
        Seed("lit", 2);
        foreach (var (id, session) in new[] { ("x1", "lit"), ("x2", $"{Ns}:session:lit") })
        {
            Cortex.AddTriples(
                ($"{Ns}:event:{id}", $"{Ns}:event:type", JsonValue("tool_call")),
                ($"{Ns}:event:{id}", $"{Ns}:event:agent", Node($"{Ns}:agent:a")),
                ($"{Ns}:event:{id}", $"{Ns}:event:timestamp", JsonValue(CortexFixture.Iso(Start.AddHours(1)))),
                ($"{Ns}:event:{id}", $"{Ns}:event:session", JsonValue(session)));
        }

        var checkpoint = Run("New-MayrosCheckpoint -Session lit").Single("MayrosCheckpoint");

        Assert.Equal(4, checkpoint.Prop<int>("EventCount"));
        Assert.Equal("x2", checkpoint.Prop<string>("LastEventId"));
    }

    [Fact]
    public void AnUnknownSessionIsAnErrorAndWritesNothing()
    {
        Seed("known", 2);

        var result = Run("New-MayrosCheckpoint -Session nope");

        AssertError(result, "SessionNotFound", "NewMayrosCheckpointCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("'nope'", result.Error().ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains($"namespace '{Ns}'", result.Error().ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{Cortex.Port}", result.Error().ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(0, Traffic().Writes);
        Assert.Empty(Record("nope", "checkpoint"));
    }

    [Fact]
    public void AnEmptySessionWithARecordCheckpointsZero()
    {
        SetRecord("empty", "status", "active");

        var checkpoint = Run("New-MayrosCheckpoint -Session empty").Single("MayrosCheckpoint");

        Assert.Equal(0, checkpoint.Prop<int>("EventCount"));
        Assert.Null(checkpoint.Prop("LastEventId"));
        Assert.False(JsonDocument.Parse(Assert.Single(Record("empty", "checkpoint"))).RootElement.TryGetProperty("lastEventId", out _));
    }

    [Fact]
    public void MoreThanTenThousandEventsCountExactly()
    {
        Seed("big", 12_345);

        var result = Run("New-MayrosCheckpoint -Session big");

        Assert.Equal(12_345, result.Single("MayrosCheckpoint").Prop<int>("EventCount"));
        Assert.Equal(4, Traffic().Requests); // the leader, the record, the events, the checkpoint
    }

    [Fact]
    public void SessionKeysComeFromThePipeline()
    {
        Seed("a", 1);
        Seed("b", 2);

        var result = Run("'a', 'b' | New-MayrosCheckpoint");

        result.ShouldSucceed();
        Assert.Equal(new[] { 1, 2 }, result.All("MayrosCheckpoint").Select(c => c.Prop<int>("EventCount")));
    }

    [Fact]
    public void WhatIfReadsButWritesNothing()
    {
        Seed("s", 4);

        var result = Run("New-MayrosCheckpoint -Session s -WhatIf");

        result.ShouldSucceed();
        Assert.Empty(result.Output);
        Assert.Contains("What if: Performing the operation \"Create checkpoint\" on target \"session 's'", result.HostText, StringComparison.Ordinal);
        Assert.Contains("4 live events", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
    }
}
