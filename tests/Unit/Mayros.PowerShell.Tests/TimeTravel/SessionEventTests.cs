using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>Get-MayrosSessionEvent: a session's events as typed objects, in timestamp order.</summary>
public sealed class SessionEventTests : HostedTest
{
    public SessionEventTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void StreamsTheLiveEventsInTimestampOrderWhateverOrderCortexListsThem()
    {
        var events = CortexFixture.Session("s", 12, Start);
        var shuffled = events.OrderBy(e => e.Id.GetHashCode(StringComparison.Ordinal)).ToList();
        Cortex.AddEvents(Ns, shuffled);
        Seed("other", 3);

        var result = Run("Get-MayrosSessionEvent -Session s");

        result.ShouldSucceed();
        var listed = result.All("MayrosSessionEvent");
        Assert.Equal(events.Select(e => e.Id), listed.Select(e => e.Prop<string>("Id")));
        var third = listed[2];
        Assert.Equal("s", third.Prop<string>("SessionKey"));
        Assert.Equal(events[2].Type, third.Prop<string>("Type"));
        Assert.Equal(events[2].Agent, third.Prop<string>("Agent"));
        Assert.Equal(Start.AddSeconds(2), third.Prop<DateTimeOffset>("Timestamp"));
        Assert.Equal(events[1].Id, third.Prop<string>("ParentEvent"));
        Assert.Equal(12UL, third.Prop<ulong>("DurationMs"));
        Assert.Equal(new Dictionary<string, string> { ["note"] = "n2", ["step"] = "2" }, (Dictionary<string, string>)third.Prop("Fields")!);
        Assert.False(third.Prop<bool>("Rewound"));
        Assert.Equal((2, 0), Traffic());
    }

    [Fact]
    public void FiltersByTimeAndShowsHiddenEventsOnlyWhenAsked()
    {
        Seed("s", 10);
        var rewind = Run("Invoke-MayrosRewind -Session s -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(5))).Single("MayrosRewindResult");

        var window = Run("Get-MayrosSessionEvent -Session s -After $args[0] -Before $args[1]", CortexFixture.Iso(Start.AddSeconds(1)), CortexFixture.Iso(Start.AddSeconds(4)))
            .All("MayrosSessionEvent").Select(e => e.Prop<DateTimeOffset>("Timestamp")).ToList();
        var all = Run("Get-MayrosSessionEvent -Session s -IncludeRewound").All("MayrosSessionEvent");
        var hiddenOnly = Run("Get-MayrosSessionEvent -Session s -IncludeRewound -After $args[0]", CortexFixture.Iso(Start.AddSeconds(5))).All("MayrosSessionEvent");

        Assert.Equal(new[] { Start.AddSeconds(2), Start.AddSeconds(3) }, window);
        Assert.Equal(6, Run("Get-MayrosSessionEvent -Session s").Output.Count);
        Assert.Equal(10, all.Count);
        Assert.All(hiddenOnly, e => Assert.True(e.Prop<bool>("Rewound")));
        Assert.All(hiddenOnly, e => Assert.Equal(rewind.Prop<string>("RewindId"), e.Prop<string>("RewoundBy")));
        Assert.Equal(4, hiddenOnly.Count);

        // The module's bookkeeping is in properties, not among the event's own fields.
        Assert.All(all, e => Assert.DoesNotContain((Dictionary<string, string>)e.Prop("Fields")!,
            f => f.Key is "rewound" or "rewoundBy" or "copiedFrom" or "restoredFrom" or "restoredBy"));
    }

    [Fact]
    public void AForksEventsNameTheirSourceAndTheSessionComesFromThePipeline()
    {
        Seed("s", 4);

        var result = Run("New-MayrosFork -Session s -Name f | Get-MayrosSessionEvent");

        result.ShouldSucceed();
        var copies = result.All("MayrosSessionEvent");
        Assert.Equal(4, copies.Count);
        Assert.All(copies, e => Assert.Equal("f", e.Prop<string>("SessionKey")));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"e{i:D6}-s"), copies.Select(e => e.Prop<string>("CopiedFrom")));
    }

    [Fact]
    public void AnUnknownSessionIsNotFoundAndAnUnusableTimeIsABindingError()
    {
        var missing = Run("Get-MayrosSessionEvent -Session nobody");
        AssertError(missing, "SessionNotFound", "GetMayrosSessionEventCommand", ErrorCategory.ObjectNotFound);

        var badTime = Run("Get-MayrosSessionEvent -Session s -After 'last tuesday'");
        Assert.Equal("ParameterArgumentTransformationError,Mayros.PowerShell.Commands.GetMayrosSessionEventCommand", badTime.Error().FullyQualifiedErrorId);
        Assert.Equal(0, Traffic().Requests);
    }
}
