using System;
using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Shell;

/// <summary>The default views, rendered by Out-Default through the host at 80 columns.</summary>
public sealed class FormattingTests : HostedTest
{
    public FormattingTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void EveryOutputTypeRendersAsATableWithinEightyColumns()
    {
        Seed("src", 3);
        var script = """
            New-MayrosCheckpoint -Session src | Out-Default
            New-MayrosFork -Session src -Name fork-of-src | Out-Default
            Invoke-MayrosRewind -Session fork-of-src -To 2026-03-01T10:00:01Z -Confirm:$false | Out-Default
            Get-MayrosFork | Out-Default
            New-MayrosCheckpoint -Session src -Label before-experiment | Out-Default
            Get-MayrosCheckpoint | Out-Default
            Get-MayrosSessionEvent -Session fork-of-src -IncludeRewound | Out-Default
            Compare-MayrosSession -ReferenceSession src -DifferenceSession fork-of-src | Out-Default
            Undo-MayrosRewind -Session fork-of-src -Confirm:$false | Out-Default
            Get-MayrosFork -Recurse | Out-Default
            """;

        var result = Run(script);

        result.ShouldSucceed();
        // What a user sees: the text without the colour escapes PowerShell adds to headers.
        var lines = System.Text.RegularExpressions.Regex.Replace(result.HostText, "\u001b\\[[0-9;]*m", string.Empty).Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"Wider than 80 columns: '{line}'"));
        Assert.Contains(lines, l => l.StartsWith("Id", StringComparison.Ordinal) && l.Contains("SessionKey", StringComparison.Ordinal) && l.Contains("Label", StringComparison.Ordinal) && l.Contains("Timestamp", StringComparison.Ordinal) && l.Contains("Events", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cp-", StringComparison.Ordinal) && l.Contains("before-experiment", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Timestamp", StringComparison.Ordinal) && l.Contains("Type", StringComparison.Ordinal) && l.Contains("Hidden", StringComparison.Ordinal) && l.Contains("Fields", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-03-01 10:00:02.000", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Relationship", StringComparison.Ordinal) && l.EndsWith(": DifferenceDescendsFromReference", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OnlyInReference", StringComparison.Ordinal) && l.EndsWith(": 1 event: e000002-src", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OnlyInDifference", StringComparison.Ordinal) && l.EndsWith(": none", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("UndoneRewind", StringComparison.Ordinal) && l.Contains("Restored", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Lineage", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("+- fork-of-src", StringComparison.Ordinal) && l.Contains("active", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OriginalSession", StringComparison.Ordinal) && l.Contains("ForkedSession", StringComparison.Ordinal) && l.Contains("Copied", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("RewindPoint", StringComparison.Ordinal) && l.Contains("Removed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal) && l.Contains("ParentSession", StringComparison.Ordinal) && l.Contains("Checkpoints", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fork-of-src", StringComparison.Ordinal) && l.Contains("rewound", StringComparison.Ordinal) && l.Contains("src", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("src", StringComparison.Ordinal) && l.Contains("forked", StringComparison.Ordinal));
    }
}
