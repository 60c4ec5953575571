using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// The layout rules of docs/ARCHITECTURE.md, checked on every build: lines within .editorconfig's 180 characters, no file
/// of src/ over 450 lines, no method over 80. A newcomer who breaks one is told which file and line.
/// </summary>
public sealed partial class LayoutRulesTests
{
    private const int MaxLine = 180;
    private const int MaxSourceFile = 450;
    private const int MaxMethod = 80;

    private static readonly string Root = typeof(LayoutRulesTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void NoLineIsLongerThanTheEditorConfigLimit()
    {
        var editorConfig = File.ReadAllText(Path.Combine(Root, ".editorconfig"));
        Assert.Contains($"max_line_length = {MaxLine}", editorConfig, StringComparison.Ordinal);

        var longLines = CodeFiles("src", "tests", "tools", "bench")
            .SelectMany(f => OutsideRawStrings(File.ReadAllLines(f)).Select(l => (File: f, l.Line, l.Text.Length)))
            .Where(l => l.Length > MaxLine)
            .Select(l => $"{Relative(l.File)}:{l.Line} is {l.Length} characters")
            .ToList();
        Assert.True(longLines.Count == 0, string.Join(Environment.NewLine, longLines));
    }

    [Fact]
    public void NoSourceFileIsOverTheLimit()
    {
        var big = CodeFiles("src")
            .Select(f => (File: f, Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxSourceFile)
            .Select(f => $"{Relative(f.File)} has {f.Lines} lines")
            .ToList();
        Assert.True(big.Count == 0, string.Join(Environment.NewLine, big));
    }

    [Fact]
    public void NoMethodIsOverTheLimit()
    {
        var files = CodeFiles("src", "tools", "bench").ToList();
        Assert.True(files.Count > 50, $"only {files.Count} code files found under {Root}");

        var big = files.SelectMany(f => Methods(File.ReadAllLines(f)).Select(m => (File: f, m.Name, m.Line, m.Lines)))
            .Where(m => m.Lines > MaxMethod)
            .Select(m => $"{Relative(m.File)}:{m.Line} {m.Name} has {m.Lines} lines")
            .ToList();
        Assert.True(big.Count == 0, string.Join(Environment.NewLine, big));
    }

    [Fact]
    public void EveryWarningGoesThroughCommonStreams()
    {
        // With -Debug the engine asks after each warning of a compiled cmdlet; CommonStreams.Warning keeps a host that
        // cannot ask from failing the command (the chaos soak's HostFunctionNotImplemented).
        var direct = CodeFiles("src")
            .Where(f => Path.GetFileName(f) != "CommonStreams.cs")
            .SelectMany(f => File.ReadAllLines(f).Select((text, i) => (File: f, Line: i + 1, Text: text)))
            .Where(l => l.Text.Contains("WriteWarning(", StringComparison.Ordinal))
            .Select(l => $"{Relative(l.File)}:{l.Line} calls WriteWarning; use CommonStreams.Warning")
            .ToList();
        Assert.True(direct.Count == 0, string.Join(Environment.NewLine, direct));
    }

    [Fact]
    public void TheMethodRuleSeesAMethodAndItsEnd()
    {
        var lines = new List<string> { "    public int Sum(", "        int a)", "    {" };
        lines.AddRange(Enumerable.Repeat("        a++;", 90));
        lines.AddRange(new[] { "    }", "    private void Small()", "    {", "    }" });

        var methods = Methods(lines.ToArray()).ToList();

        Assert.Equal(new[] { ("Sum", 1, 94), ("Small", 95, 3) }, methods);
    }

    /// <summary>
    /// Methods and constructors with a block body: a declaration line at some indent, its signature running on until a
    /// line that is that indent and "{", the body ending at the first line that is that indent and "}". Expression
    /// bodies, field initializers and types are not methods here.
    /// </summary>
    internal static IEnumerable<(string Name, int Line, int Lines)> Methods(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Declaration().Match(lines[i]);
            if (!match.Success || lines[i].Contains("=>", StringComparison.Ordinal) || lines[i].Contains(" = ", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = match.Groups["indent"].Value;
            var open = i;
            while (open < lines.Length && lines[open].TrimEnd() != indent + "{" && !lines[open].TrimEnd().EndsWith(';'))
            {
                open++;
            }

            if (open >= lines.Length || lines[open].TrimEnd() != indent + "{")
            {
                continue;
            }

            var close = open + 1;
            while (close < lines.Length && lines[close].TrimEnd() != indent + "}")
            {
                close++;
            }

            yield return (match.Groups["name"].Value, i + 1, close - i + 1);
        }
    }

    /// <summary>The lines outside raw string literals ("""), whose text is data that a line break would change.</summary>
    internal static IEnumerable<(int Line, string Text)> OutsideRawStrings(string[] lines)
    {
        var inRaw = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var quotes = Regex.Count(lines[i], "\"\"\"");
            if (!inRaw && quotes % 2 == 0)
            {
                yield return (i + 1, lines[i]);
            }

            inRaw ^= quotes % 2 == 1;
        }
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|unsafe|new|extern|readonly)\s+)+" +
        @"(?![^(]*\b(?:class|struct|record|interface|enum|delegate)\b)[\w<>\[\],.?() ]*?\b(?<name>\w+)\s*(?:<[^>]*>)?\s*\(")]
    private static partial Regex Declaration();

    private static IEnumerable<string> CodeFiles(params string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static string Relative(string file) => Path.GetRelativePath(Root, file);
}
