using System;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.TimeTravel;

/// <summary>Labelled checkpoints with stable ids, and Get-MayrosCheckpoint listing them newest first.</summary>
public sealed class CheckpointListTests : HostedTest
{
    public CheckpointListTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void ListsASessionsCheckpointsNewestFirstWithTheirIdsAndLabels()
    {
        Seed("s", 5);
        var first = Run("New-MayrosCheckpoint -Session s -Label before-refactor").Single("MayrosCheckpoint");
        Cortex.AddEvents(Ns, CortexFixture.Session("s", 3, Start.AddMinutes(1), "x"));
        var second = Run("New-MayrosCheckpoint -Session s").Single("MayrosCheckpoint");

        var listed = Run("Get-MayrosCheckpoint -Session s").All("MayrosCheckpoint");

        Assert.Equal(new[] { second.Prop<string>("Id"), first.Prop<string>("Id") }, listed.Select(c => c.Prop<string>("Id")));
        Assert.Equal(new[] { 8, 5 }, listed.Select(c => c.Prop<int>("EventCount")));
        Assert.Equal(new[] { null, "before-refactor" }, listed.Select(c => c.Prop<string>("Label")));
        Assert.Matches("^cp-[0-9a-f]{12}$", first.Prop<string>("Id"));
        Assert.DoesNotContain("CheckpointId", listed[1].Properties.Select(p => p.Name)); // one id property, Id (CheckpointId is hidden)

        // The label is stored in the CLI's JSON literal next to the fields the CLI reads.
        var stored = Assert.Single(Record("s", "checkpoint"), c => c.Contains("before-refactor", StringComparison.Ordinal));
        Assert.Contains("\"label\":\"before-refactor\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"eventCount\":5", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void ListsEverySessionsCheckpointsInOneRequestAndFiltersLabelsWithWildcards()
    {
        Seed("a", 2);
        Seed("b", 3);
        Run("New-MayrosCheckpoint -Session a -Label before-deploy").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session b -Label Before-Refactor").ShouldSucceed();
        Run("New-MayrosCheckpoint -Session b -Label after").ShouldSucceed();

        var all = Run("Get-MayrosCheckpoint");
        Assert.Equal((1, 0), Traffic());
        var labelled = Run("Get-MayrosCheckpoint -Label before*").All("MayrosCheckpoint");

        Assert.Equal(3, all.All("MayrosCheckpoint").Count);
        Assert.Equal(new[] { "Before-Refactor", "before-deploy" }, labelled.Select(c => c.Prop<string>("Label")));
        Assert.Equal(new[] { "b", "a" }, labelled.Select(c => c.Prop<string>("SessionKey")));
        Assert.Empty(Run("Get-MayrosCheckpoint -Session a -Label after").Output);
    }

    [Fact]
    public void CheckpointsTheCliWroteListWithAnIdThatStaysTheSame()
    {
        Seed("cli", 4);
        SetRecord("cli", "checkpoint", "{\"sessionKey\":\"cli\",\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"eventCount\":4,\"lastEventId\":\"e000003-cli\"}");
        SetRecord("cli", "checkpoint", "not json at all");

        var once = Run("Get-MayrosCheckpoint -Session cli");
        var twice = Run("Get-MayrosCheckpoint -Session cli");

        var checkpoint = once.Single("MayrosCheckpoint");
        Assert.Matches("^cp-[0-9a-f]{12}$", checkpoint.Prop<string>("Id"));
        Assert.Equal(checkpoint.Prop<string>("Id"), twice.Single("MayrosCheckpoint").Prop<string>("Id"));
        Assert.Null(checkpoint.Prop("Label"));
        Assert.Equal(4, checkpoint.Prop<int>("EventCount"));
        Assert.Contains(once.Warnings, w => w.Contains("1 checkpoint(s) that are not the checkpoint JSON", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("''")]
    [InlineData("'   '")]
    [InlineData("' padded '")]
    [InlineData("\"tab`there\"")]
    [InlineData("('x' * 257)")]
    public void AnUnusableLabelIsRefusedAndWritesNothing(string label)
    {
        Seed("s", 3);

        var result = Run($"New-MayrosCheckpoint -Session s -Label {label}");

        AssertError(result, "InvalidCheckpointLabel", "NewMayrosCheckpointCommand", ErrorCategory.InvalidArgument);
        Assert.Contains("-Label", result.Error().Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Traffic().Writes);
        Assert.Empty(Record("s", "checkpoint"));
    }

    [Fact]
    public void ASessionWithoutCheckpointsListsNothingWithoutAnError()
    {
        Seed("quiet", 2);

        var result = Run("Get-MayrosCheckpoint -Session quiet");

        result.ShouldSucceed();
        Assert.Empty(result.Output);
    }
}
