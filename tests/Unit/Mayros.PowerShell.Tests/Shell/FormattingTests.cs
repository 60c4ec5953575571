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
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains(" Id ", StringComparison.Ordinal) && l.Contains("Timestamp",
            StringComparison.Ordinal) && l.Contains("Events", StringComparison.Ordinal) && l.TrimEnd().EndsWith("Label", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("src ", StringComparison.Ordinal) && l.Contains(" cp-", StringComparison.Ordinal) && l.Contains("before-experiment",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Timestamp", StringComparison.Ordinal) && l.Contains("Id", StringComparison.Ordinal) && l.Contains("Hidden",
            StringComparison.Ordinal) && l.TrimEnd().EndsWith("Type", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-03-01T10:00:02.000Z", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Relationship", StringComparison.Ordinal) && l.EndsWith(": DifferenceDescendsFromReference", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OnlyInReference", StringComparison.Ordinal) && l.EndsWith(": 1 event: e000002-src", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OnlyInDifference", StringComparison.Ordinal) && l.EndsWith(": none", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("UndoneRewind", StringComparison.Ordinal) && l.Contains("Restored",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Lineage", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("+- fork-of-src", StringComparison.Ordinal) && l.Contains("active", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ForkedSession", StringComparison.Ordinal) && l.Contains("OriginalSession", StringComparison.Ordinal) && l.Contains("Copied",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("RewindPoint", StringComparison.Ordinal) && l.Contains("Removed",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SessionKey", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal) && l.Contains("Checkpoints",
            StringComparison.Ordinal) && l.TrimEnd().EndsWith("Parent", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fork-of-src", StringComparison.Ordinal) && l.Contains("rewound", StringComparison.Ordinal) && l.Contains("src",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("src", StringComparison.Ordinal) && l.Contains("forked", StringComparison.Ordinal));
    }

    [Fact]
    public void TablesAtEightyColumnsCutNeitherAnEventIdNorARelationship()
    {
        // Event ids as Mayros agents write them: UUIDs, 36 characters.
        Cortex.AddEvents(Ns, CortexFixture.Session("agent:main:main", 4, Start).Select((e, i) => e with { Id = Guid.NewGuid().ToString(), Parent = null }));
        Run("New-MayrosFork -Session agent:main:main -Name experiment").ShouldSucceed();

        var result = Run("""
            Get-MayrosSessionEvent -Session agent:main:main | Format-Table | Out-String -Width 80
            Compare-MayrosSession agent:main:main experiment | Format-Table | Out-String -Width 80
            Get-MayrosFork -Session agent:main:main -Recurse | Format-List | Out-String -Width 80
            (Get-MayrosSessionEvent -Session agent:main:main).Id
            """);

        result.ShouldSucceed();
        var ids = result.Output.Skip(3).Select(o => (string)o.BaseObject).ToList();
        var events = (string)result.Output[0].BaseObject;
        var comparison = (string)result.Output[1].BaseObject;
        var lineage = (string)result.Output[2].BaseObject;
        Assert.All(ids, id => Assert.Contains(id, events, StringComparison.Ordinal));
        Assert.DoesNotContain("…", events, StringComparison.Ordinal);
        Assert.Contains("DifferenceDescendsFromReference", comparison, StringComparison.Ordinal);
        Assert.DoesNotContain("…", comparison, StringComparison.Ordinal);
        Assert.All((events + comparison).Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"Wider than 80 columns: '{line}'"));

        // The lineage has a list view of its own: the tree line, then the record.
        Assert.Matches(@"(?m)^Lineage\s+: agent:main:main\s*$", lineage);
        Assert.Matches(@"(?m)^Lineage\s+: \+- experiment\s*$", lineage);
        Assert.Matches(@"(?m)^Path\s+: agent:main:main > experiment\s*$", lineage);
        Assert.Matches(@"(?m)^Depth\s+: 1\s*$", lineage);
    }

    [Fact]
    public void ConvertToJsonWritesTheCliFieldsWithPlainStatusesAndIsoTimes()
    {
        Seed("src", 3);
        Run("New-MayrosCheckpoint -Session src -Label base; New-MayrosFork -Session src -Name kid").ShouldSucceed();

        var result = Run("""
            Get-MayrosFork | ConvertTo-Json -Depth 4 -Compress
            Get-MayrosSessionEvent -Session kid | Select-Object -First 1 | ConvertTo-Json -Compress
            """);

        result.ShouldSucceed();
        using var sessions = System.Text.Json.JsonDocument.Parse((string)result.Output[0].BaseObject);
        var byKey = sessions.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("SessionKey").GetString()!);
        Assert.Equal(new[] { "kid", "src" }, byKey.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("forked", byKey["src"].GetProperty("Status").GetString());
        Assert.Equal("active", byKey["kid"].GetProperty("Status").GetString());
        Assert.Equal("src", byKey["kid"].GetProperty("ParentSession").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byKey["src"].GetProperty("ParentSession").ValueKind);
        var checkpoint = Assert.Single(byKey["src"].GetProperty("Checkpoints").EnumerateArray());
        Assert.Equal("base", checkpoint.GetProperty("Label").GetString());
        Assert.Equal(3, checkpoint.GetProperty("EventCount").GetInt32());
        Assert.True(DateTimeOffset.TryParse(byKey["kid"].GetProperty("ForkedAt").GetString(), out _), byKey["kid"].GetProperty("ForkedAt").ToString());

        using var e = System.Text.Json.JsonDocument.Parse((string)result.Output[1].BaseObject);
        Assert.Equal("kid", e.RootElement.GetProperty("SessionKey").GetString());
        Assert.Equal("0", e.RootElement.GetProperty("Fields").GetProperty("step").GetString());
        Assert.False(e.RootElement.GetProperty("Fields").TryGetProperty("copiedFrom", out _));
        Assert.Equal("e000000-src", e.RootElement.GetProperty("CopiedFrom").GetString());
    }

    [Fact]
    public void SelectAndSortObjectsWorkOnTheModelsAndFeedTheCmdletsAgain()
    {
        Seed("a", 2);
        Seed("b", 5);
        Run("'a', 'b' | New-MayrosCheckpoint -Label start").ShouldSucceed();

        var result = Run("""
            Get-MayrosCheckpoint | Sort-Object EventCount -Descending | Select-Object -First 1 -Property SessionKey, EventCount
            Get-MayrosCheckpoint -Label start | Select-Object -ExpandProperty SessionKey | Sort-Object
            Get-MayrosFork | Select-Object SessionKey | New-MayrosCheckpoint -WhatIf
            """);

        result.ShouldSucceed();
        var largest = result.Output[0];
        Assert.Equal("b", largest.Prop<string>("SessionKey"));
        Assert.Equal(5, largest.Prop<int>("EventCount"));
        Assert.Equal(new object[] { "a", "b" }, result.Output.Skip(1).Select(o => o.BaseObject).ToArray());
        Assert.Contains("on target \"session 'a'", result.HostText, StringComparison.Ordinal);
        Assert.Contains("on target \"session 'b'", result.HostText, StringComparison.Ordinal);
    }
}
