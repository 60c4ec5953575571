using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>Get-MayrosFork -Recurse (a whole lineage) and Compare-MayrosSession (where two sessions part).</summary>
public sealed class LineageAndCompareTests : HostedTest
{
    public LineageAndCompareTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void RecurseListsAWholeLineageDepthFirstWithDepthAndPath()
    {
        Seed("root", 5);
        SetRecord("root", "status", "active");
        Run("New-MayrosFork -Session root -Name a").ShouldSucceed();
        Run("New-MayrosFork -Session a -Name a1").ShouldSucceed();
        Run("New-MayrosFork -Session a1 -Name a1x").ShouldSucceed();
        Run("New-MayrosFork -Session root -Name b").ShouldSucceed();
        Seed("loner", 2);
        SetRecord("loner", "status", "active");

        var lineage = Run("Get-MayrosFork -Session a -Recurse").All("MayrosSession");
        var forest = Run("Get-MayrosFork -Recurse").All("MayrosSession");
        var direct = Run("Get-MayrosFork -Session root").All("MayrosSession");

        Assert.Equal(new[] { "a", "a1", "a1x" }, lineage.Select(s => s.Prop<string>("SessionKey")));
        Assert.Equal(new[] { 1, 2, 3 }, lineage.Select(s => s.Prop<int>("Depth")));
        Assert.Equal(new[] { "root", "a", "a1", "a1x" }, ((IEnumerable<string>)lineage[2].Prop("Path")!).ToArray());
        Assert.Equal(new[] { "loner", "root", "a", "a1", "a1x", "b" }, forest.Select(s => s.Prop<string>("SessionKey")));
        Assert.Equal(new[] { "root", "a", "b" }, direct.Select(s => s.Prop<string>("SessionKey")));

        // The tree view indents each fork under its parent.
        var text = System.Text.RegularExpressions.Regex.Replace(Run("Get-MayrosFork -Session root -Recurse | Out-Default").HostText, "\u001b\\[[0-9;]*m",
            string.Empty).Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(text, l => l.StartsWith("Lineage", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith("+- a ", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith("   +- a1 ", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith("      +- a1x ", StringComparison.Ordinal));
        Run("Get-MayrosFork -Recurse").ShouldSucceed();
        Assert.Equal((7, 0), Traffic()); // no fork from the past: no fork checkpoints to list
    }

    [Fact]
    public void ALoopInTheParentLinksDoesNotHangTheListing()
    {
        SetRecord("x", "status", "active");
        SetRecord("x", "parentSession", "y");
        SetRecord("y", "status", "active");
        SetRecord("y", "parentSession", "x");

        var result = Run("Get-MayrosFork -Session x -Recurse");

        result.ShouldSucceed();
        Assert.Equal(new[] { "x", "y" }, result.All("MayrosSession").Select(s => s.Prop<string>("SessionKey")));
    }

    [Fact]
    public void ComparesAForkWithItsSourceSharedHistoryDivergencePointAndEventsOnlyInEach()
    {
        var source = CortexFixture.Session("main", 10, Start);
        Cortex.AddEvents(Ns, source);
        Run("New-MayrosFork -Session main -Name exp").ShouldSucceed();
        Run("Invoke-MayrosRewind -Session exp -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(5))).ShouldSucceed();
        Cortex.AddEvents(Ns, CortexFixture.Session("exp", 3, Start.AddMinutes(1), "new"));
        Cortex.AddEvents(Ns, CortexFixture.Session("main", 2, Start.AddMinutes(2), "more"));
        Traffic();

        var result = Run("Compare-MayrosSession -ReferenceSession main -DifferenceSession exp");

        result.ShouldSucceed();
        Assert.Equal((6, 0), Traffic()); // both records and exp's log (its rewind's records), the events, the two ancestry listings
        var diff = result.Single("MayrosSessionComparison");
        Assert.Equal("DifferenceDescendsFromReference", diff.Prop<string>("Relationship"));
        Assert.Equal("main", diff.Prop<string>("CommonAncestor"));
        Assert.Equal(6, diff.Prop<int>("SharedEventCount"));
        Assert.Equal(source[5].Id, diff.Prop<string>("LastCommonEventId"));
        Assert.Equal(Start.AddSeconds(5), diff.Prop<DateTimeOffset>("DivergedAt"));
        var onlyMain = ((IEnumerable<object>)diff.Prop("OnlyInReference")!).Select(PSObject.AsPSObject).Select(e => e.Prop<string>("Id")).ToList();
        var onlyExp = ((IEnumerable<object>)diff.Prop("OnlyInDifference")!).Select(PSObject.AsPSObject).Select(e => e.Prop<string>("Id")).ToList();
        Assert.Equal(source.Skip(6).Select(e => e.Id).Concat(new[] { "more000000-main", "more000001-main" }), onlyMain);
        Assert.Equal(new[] { "new000000-exp", "new000001-exp", "new000002-exp" }, onlyExp);

        // The other way round, the relationship turns and the sides swap.
        var back = Run("Compare-MayrosSession exp main").Single("MayrosSessionComparison");
        Assert.Equal("ReferenceDescendsFromDifference", back.Prop<string>("Relationship"));
        Assert.Equal(3, back.Prop<int>("OnlyInReferenceCount"));
        Assert.Equal(6, back.Prop<int>("OnlyInDifferenceCount"));
    }

    [Fact]
    public void SiblingsCousinsRestoredEventsAndStrangersAreToldApart()
    {
        Seed("main", 8);
        SetRecord("main", "status", "active");
        Run("New-MayrosFork -Session main -Name left").ShouldSucceed();
        Run("New-MayrosFork -Session main -Name right").ShouldSucceed();
        Run("New-MayrosFork -Session right -Name right-child").ShouldSucceed();
        Seed("stranger", 8, prefix: "s");

        // A rewind and its undo in one sibling: the restored events still count as the shared history.
        Run("Invoke-MayrosRewind -Session left -To $args[0] -Confirm:$false", CortexFixture.Iso(Start.AddSeconds(3))).ShouldSucceed();
        Run("Undo-MayrosRewind -Session left -Confirm:$false").ShouldSucceed();

        var siblings = Run("Compare-MayrosSession left right").Single("MayrosSessionComparison");
        Assert.Equal("Siblings", siblings.Prop<string>("Relationship"));
        Assert.Equal("main", siblings.Prop<string>("CommonAncestor"));
        Assert.Equal(8, siblings.Prop<int>("SharedEventCount"));
        Assert.Equal(0, siblings.Prop<int>("OnlyInReferenceCount") + siblings.Prop<int>("OnlyInDifferenceCount"));

        var cousins = Run("Compare-MayrosSession left right-child").Single("MayrosSessionComparison");
        Assert.Equal("Related", cousins.Prop<string>("Relationship"));
        Assert.Equal("main", cousins.Prop<string>("CommonAncestor"));
        Assert.Equal(8, cousins.Prop<int>("SharedEventCount"));

        var strangers = Run("Compare-MayrosSession main stranger").Single("MayrosSessionComparison");
        Assert.Equal("Unrelated", strangers.Prop<string>("Relationship"));
        Assert.Null(strangers.Prop("CommonAncestor"));
        Assert.Equal(0, strangers.Prop<int>("SharedEventCount"));
        Assert.Null(strangers.Prop("DivergedAt"));
        Assert.Equal(8, strangers.Prop<int>("OnlyInDifferenceCount"));
    }

    [Fact]
    public void AForkResultPipesIntoACompareAndAnUnknownSessionIsNotFound()
    {
        Seed("main", 4);

        var piped = Run("New-MayrosFork -Session main -Name copy | Compare-MayrosSession -ReferenceSession main").Single("MayrosSessionComparison");
        Assert.Equal("copy", piped.Prop<string>("DifferenceSession"));
        Assert.Equal(4, piped.Prop<int>("SharedEventCount"));
        Assert.Equal(0, piped.Prop<int>("OnlyInDifferenceCount"));

        var missing = Run("Compare-MayrosSession main nobody");
        AssertError(missing, "SessionNotFound", "CompareMayrosSessionCommand", ErrorCategory.ObjectNotFound);
        Assert.Contains("'nobody'", missing.Error().Exception.Message, StringComparison.Ordinal);
    }
}
