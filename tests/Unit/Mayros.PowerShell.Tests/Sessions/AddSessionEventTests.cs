using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Sessions;

/// <summary>Add-MayrosSessionEvent: events written as Mayros agents write them, in batches, and bad input refused.</summary>
public sealed class AddSessionEventTests : HostedTest
{
    public AddSessionEventTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void StoresTheTriplesAMayrosAgentWrites()
    {
        var result = Run(
            "Add-MayrosSessionEvent -Session agent:ops:main -Type note -Fields @{ text = 'paused' } -Timestamp $args[0] " +
            "-Agent ops -Id n1 -ParentId e0 -DurationMs 5 -PassThru",
            "2026-03-01T12:30:00+02:00");

        result.ShouldSucceed();
        var triples = Cortex.Triples($"{Ns}:event:n1")
            .ToDictionary(t => t.GetProperty("predicate").GetString()!, t => t.GetProperty("object"));
        Assert.Equal(7, triples.Count);
        Assert.Equal("note", triples[$"<{Ns}:event:type>"].GetString());
        Assert.Equal("2026-03-01T10:30:00.000Z", triples[$"<{Ns}:event:timestamp>"].GetString());
        Assert.Equal($"<{Ns}:agent:ops>", triples[$"<{Ns}:event:agent>"].GetProperty("node").GetString());
        Assert.Equal($"<{Ns}:session:agent:ops:main>", triples[$"<{Ns}:event:session>"].GetProperty("node").GetString());
        Assert.Equal($"<{Ns}:event:e0>", triples[$"<{Ns}:event:parent_event>"].GetProperty("node").GetString());
        Assert.Equal("5", triples[$"<{Ns}:event:duration_ms>"].GetString());
        Assert.Equal("paused", triples[$"<{Ns}:event:text>"].GetString());
        var echoed = result.Single("MayrosSessionEvent");
        Assert.Equal("n1", echoed.Prop<string>("Id"));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero), echoed.Prop<DateTimeOffset>("Timestamp"));
        Assert.Equal("paused", ((IReadOnlyDictionary<string, string>)echoed.Prop("Fields")!)["text"]);
    }

    [Fact]
    public void DefaultsAreAGuidTheOperatorAndNowToTheMillisecond()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Run("Add-MayrosSessionEvent s note").ShouldSucceed();

        var stored = Assert.Single(EventsOf("s"));
        Assert.True(Guid.TryParse(stored.GetProperty("id").GetString(), out _));
        Assert.Equal("operator", stored.GetProperty("agent_id").GetString());
        var timestamp = stored.GetProperty("timestamp").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", timestamp);
        Assert.InRange(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public void AHundredThousandEventPipelineIsAHandfulOfRequestsWithProgress()
    {
        var result = Run(
            "$t = [datetime]'2026-03-01T10:00:00Z'; " +
            "0..99999 | ForEach-Object { [pscustomobject]@{ Id = \"p$_\"; Timestamp = $t.AddMilliseconds($_) } } | " +
            "Add-MayrosSessionEvent -Session big -Type tool_call -Fields @{ tool = 'grep' }");

        result.ShouldSucceed();
        var (requests, writes) = Traffic();
        Assert.Equal(100_000, EventsOf("big").Count);
        Assert.InRange(writes, 1, 40);
        Assert.Equal(writes + 2, requests);
        Assert.NotEmpty(result.Progress);
        var listed = Run("Get-MayrosSession big").Single("MayrosSessionInfo");
        Assert.Equal(100_000, listed.Prop<int>("EventCount"));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 1, 39, 999, TimeSpan.Zero), listed.Prop<DateTimeOffset>("LastEvent"));
    }

    [Theory]
    [InlineData("Add-MayrosSessionEvent s note @{ n = 5 }", "InvalidSessionEvent", ErrorCategory.InvalidArgument, "is a Int32")]
    [InlineData("Add-MayrosSessionEvent s note @{ rewound = 'true' }", "InvalidSessionEvent", ErrorCategory.InvalidArgument, "'rewound'")]
    [InlineData("Add-MayrosSessionEvent s note @{ type = 'x' }", "InvalidSessionEvent", ErrorCategory.InvalidArgument, "events API uses itself")]
    [InlineData("Add-MayrosSessionEvent s note -Agent ' '", "InvalidSessionEvent", ErrorCategory.InvalidArgument, "-Agent")]
    [InlineData("Add-MayrosSessionEvent s note -Id 'a<b'", "InvalidSessionEvent", ErrorCategory.InvalidArgument, "-Id")]
    [InlineData("Add-MayrosSessionEvent 'bad<key' note", "InvalidSessionKey", ErrorCategory.InvalidArgument, "-Session")]
    [InlineData("Add-MayrosSessionEvent s note -Id e000001-s", "SessionEventConflict", ErrorCategory.ResourceExists, "other content")]
    [InlineData("Add-MayrosSessionEvent other tool_call -Id e000001-s", "SessionEventConflict", ErrorCategory.ResourceExists, "session 's'")]
    public void BadInputIsAClearErrorThatWritesNothing(string script, string errorId, ErrorCategory category, string said)
    {
        Seed("s", 3);
        var before = Cortex.Triples().Count;

        var result = Run(script);

        AssertError(result, errorId, "AddMayrosSessionEventCommand", category);
        Assert.Contains(said, result.Error().ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Equal(before, Cortex.Triples().Count);
    }

    [Theory]
    [InlineData("Add-MayrosSessionEvent s note -Timestamp yesterday", "ParameterArgumentTransformationError")]
    [InlineData("Add-MayrosSessionEvent s ''", "ParameterArgumentValidationErrorEmptyStringNotAllowed")]
    public void AnUnusableTimeOrAnEmptyTypeIsABindingErrorThatWritesNothing(string script, string errorId)
    {
        var result = Run(script);

        Assert.StartsWith(errorId + ",", result.Error().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal((0, 0), Traffic());
        Assert.Empty(Cortex.Events(Ns));
    }

    [Fact]
    public void ABadEventInAPipelineIsRefusedAloneAndAConflictStopsOnlyItsBatch()
    {
        var result = Run(
            "@(@{ Type = 'a'; Id = 'ok1' }, @{ Type = 'b'; Id = 'bad'; Fields = @{ n = 1 } }, @{ Type = 'c'; Id = 'ok2' }) | " +
            "ForEach-Object { [pscustomobject]$_ } | Add-MayrosSessionEvent -Session p");

        AssertError(result, "InvalidSessionEvent", "AddMayrosSessionEventCommand", ErrorCategory.InvalidArgument);
        Assert.Equal(new[] { "ok1", "ok2" }, EventsOf("p").Select(e => e.GetProperty("id").GetString()).OrderBy(i => i));

        var twice = Run("@('x', 'y') | ForEach-Object { [pscustomobject]@{ Type = $_; Id = 'dup' } } | Add-MayrosSessionEvent -Session p");
        AssertError(twice, "SessionEventConflict", "AddMayrosSessionEventCommand", ErrorCategory.ResourceExists);
        Assert.Equal("x", EventsOf("p").Single(e => e.GetProperty("id").GetString() == "dup").GetProperty("event_type").GetString());
    }

    [Fact]
    public void TheSameEventAgainWritesNothingAndWhatIfWritesNothing()
    {
        const string add = "Add-MayrosSessionEvent s note @{ text = 'hi' } -Id n1 -Timestamp 2026-03-01T10:00:00Z";
        Run(add).ShouldSucceed();
        Traffic();

        var again = Run(add + " -Verbose");
        var whatIf = Run("Add-MayrosSessionEvent s note -WhatIf");

        again.ShouldSucceed();
        Assert.Contains(again.Verbose, v => v.Contains("1 stored already", StringComparison.Ordinal));
        whatIf.ShouldSucceed();
        Assert.Contains("Add 1 event in 1 write request", whatIf.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Single(EventsOf("s"));
    }

    [Fact]
    public void ASessionsEventsPipeIntoAnotherSession()
    {
        Seed("src", 5);

        var result = Run(
            "Get-MayrosSessionEvent -Session src | Select-Object Type, Agent, Timestamp, ParentEvent, DurationMs, Fields, " +
            "@{ n = 'Id'; e = { \"copy-$($_.Id)\" } } | Add-MayrosSessionEvent -Session dst");

        result.ShouldSucceed();
        var copies = Run("Get-MayrosSessionEvent -Session dst").All("MayrosSessionEvent");
        var originals = Run("Get-MayrosSessionEvent -Session src").All("MayrosSessionEvent");
        Assert.Equal(originals.Select(e => "copy-" + e.Prop<string>("Id")), copies.Select(e => e.Prop<string>("Id")));
        Assert.Equal(originals.Select(e => e.Prop<DateTimeOffset>("Timestamp")), copies.Select(e => e.Prop<DateTimeOffset>("Timestamp")));
        Assert.Equal(originals.Select(e => JsonSerializer.Serialize(e.Prop("Fields"))), copies.Select(e => JsonSerializer.Serialize(e.Prop("Fields"))));
    }
}
