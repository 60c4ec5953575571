using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Module;

/// <summary>The repository's PowerShell scripts: none lands with a syntax error, and the README's demo really runs.</summary>
public sealed class ScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(MayrosShell.RepoRoot, "*.ps*1", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal) || f.EndsWith(".psd1", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(MayrosShell.RepoRoot, file));
        }

        return data;
    }

    [Fact]
    public void ThePesterSuiteIsThere()
    {
        var tests = ((System.Collections.Generic.IEnumerable<object[]>)Scripts()).Select(row => (string)row[0]).Where(f => f.EndsWith(".Tests.ps1",
            StringComparison.Ordinal)).ToList();
        Assert.True(tests.Count >= 3, "Pester test files: " + string.Join(", ", tests));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ParsesWithoutErrors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(MayrosShell.RepoRoot, relativePath), out _, out var errors);

        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{relativePath}:{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}")));
    }

    [Fact]
    public void ThePesterHelpersImportTheStagedModuleAndPointItAtALocalCortex()
    {
        using var shell = new MayrosShell(importModule: false);

        var result = shell.Run(
            """
            Import-Module $args[0] -Force
            $manifest = Import-StagedMayros
            $cortex = Start-LocalCortex
            try {
                Set-MayrosTestDefault -Cortex $cortex -Namespace pesterhelpers
                Add-CortexSessionEvents -Cortex $cortex -Namespace pesterhelpers -Session s -Count 3
                $manifest.Name
                (New-MayrosCheckpoint -Session s).EventCount
                Clear-MayrosTestDefault
                $PSDefaultParameterValues.Contains('*-Mayros*:CortexPort') -or $PSDefaultParameterValues.Contains('*-Mayros*:Namespace')
            }
            finally {
                Stop-LocalCortex -Cortex $cortex
            }
            """,
            Path.Combine(MayrosShell.RepoRoot, "tests", "Pester", "LocalCortex.psm1"));

        result.ShouldSucceed();
        Assert.Equal(new object[] { "Mayros.psd1", 3, false }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void TheDemoRunsAgainstALocalCortex()
    {
        using var shell = new MayrosShell(importModule: false);

        var result = shell.Run("& $args[0] -Port 0 -NoBuild", Path.Combine(MayrosShell.RepoRoot, "tools", "demo.ps1"));

        result.ShouldSucceed();
        Assert.Contains("Local Cortex listening on http://127.0.0.1:", result.HostText, StringComparison.Ordinal);
        Assert.Contains("agent:main:main", result.HostText, StringComparison.Ordinal);
        Assert.Contains("experiment", result.HostText, StringComparison.Ordinal);
        var text = System.Text.RegularExpressions.Regex.Replace(result.HostText, "\u001b\\[[0-9;]*m", string.Empty);
        Assert.Matches(@"experiment\s+\d{4}-\d\d-\d\dT\S+Z\s+15\s+20\s+rw-", text); // the rewind: 15 hidden, 20 kept
        Assert.Matches(@"Relationship\s+: DifferenceDescendsFromReference", text);
        Assert.Matches(@"OnlyInDifference\s+: 5 events", text);
        Assert.Matches(@"experiment\s+rw-[0-9a-f]{12}\s+15 active", text); // the undo brings them back
        Assert.Matches(@"\+- experiment\s+rewound", text);
    }
}
