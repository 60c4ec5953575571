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
            """;

        var result = Run(script);

        result.ShouldSucceed();
        // What a user sees: the text without the colour escapes PowerShell adds to headers.
        var lines = System.Text.RegularExpressions.Regex.Replace(result.HostText, "\u001b\\[[0-9;]*m", string.Empty).Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"Wider than 80 columns: '{line}'"));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("Timestamp", StringComparison.Ordinal) && l.Contains("Events", StringComparison.Ordinal) && l.Contains("LastEventId", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OriginalSession", StringComparison.Ordinal) && l.Contains("ForkedSession", StringComparison.Ordinal) && l.Contains("Copied", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("RewindPoint", StringComparison.Ordinal) && l.Contains("Removed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal) && l.Contains("ParentSession", StringComparison.Ordinal) && l.Contains("Checkpoints", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fork-of-src", StringComparison.Ordinal) && l.Contains("rewound", StringComparison.Ordinal) && l.Contains("src", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("src", StringComparison.Ordinal) && l.Contains("forked", StringComparison.Ordinal));
    }
}
