using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ModuleBuilder;

public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, string message)
        : base($"{file}: {message}")
    {
    }
}

public sealed record HelpParameter(string Name, string Description, string Type, IReadOnlyList<string> Sets, IReadOnlyList<string> Aliases, bool Required, string Position,
    string DefaultValue, string PipelineInput, bool Wildcards);

public sealed record HelpExample(string Title, string Code, string Output, string Remarks);

public sealed record HelpTypeNote(string Type, string Description);

public sealed record HelpSyntax(string SetName, string Line);

/// <summary>One cmdlet's help, as written in platyPS-style markdown (docs/en-US/Verb-Noun.md).</summary>
public sealed record CommandHelp(
    string Name,
    string Synopsis,
    string Description,
    IReadOnlyList<HelpSyntax> Syntax,
    IReadOnlyList<HelpExample> Examples,
    IReadOnlyList<HelpParameter> Parameters,
    IReadOnlyList<HelpTypeNote> Inputs,
    IReadOnlyList<HelpTypeNote> Outputs,
    string Notes,
    IReadOnlyList<(string Text, string Uri)> Links)
{
    public static CommandHelp Parse(string file)
    {
        var name = Path.GetFileName(file);
        var lines = ExpandIncludes(file, File.ReadAllLines(file)).ToList();
        if (lines.Count > 0 && lines[0] == "---")
        {
            var end = lines.IndexOf("---", 1);
            lines = lines.Skip(end + 1).ToList();
        }

        var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) ?? throw new HelpFormatException(name, "no '# Verb-Noun' heading");
        var sections = Split(lines, "## ");
        string Section(string heading) => sections.TryGetValue(heading, out var body) ? string.Join("\n", body).Trim() : string.Empty;

        var syntax = ReadSyntax(sections);
        var examples = ReadExamples(name, sections);
        var parameters = ReadParameters(name, sections);

        static List<HelpTypeNote> Types(List<string>? body) =>
            SplitOrdered(body ?? new List<string>(), "### ").Select(x => new HelpTypeNote(x.Heading, Prose(x.Body))).ToList();

        var links = new List<(string, string)>();
        foreach (var line in sections.GetValueOrDefault("RELATED LINKS") ?? new List<string>())
        {
            var match = Regex.Match(line, @"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)");
            if (match.Success)
            {
                links.Add((match.Groups["text"].Value, match.Groups["uri"].Value));
            }
        }

        return new CommandHelp(
            title[2..].Trim(),
            Section("SYNOPSIS"),
            Section("DESCRIPTION"),
            syntax,
            examples,
            parameters,
            Types(sections.GetValueOrDefault("INPUTS")),
            Types(sections.GetValueOrDefault("OUTPUTS")),
            Section("NOTES"),
            links);
    }

    private static List<HelpSyntax> ReadSyntax(Dictionary<string, List<string>> sections)
    {
        var syntax = new List<HelpSyntax>();
        var syntaxSection = sections.GetValueOrDefault("SYNTAX") ?? new List<string>();
        var syntaxSets = SplitOrdered(syntaxSection, "### ");
        if (syntaxSets.Count == 0)
        {
            syntaxSets.Add(("__AllParameterSets", syntaxSection));
        }

        foreach (var (setName, body) in syntaxSets)
        {
            foreach (var block in CodeBlocks(body))
            {
                syntax.Add(new HelpSyntax(setName, Regex.Replace(block.Code, @"\s+", " ").Trim()));
            }
        }

        return syntax;
    }

    private static List<HelpExample> ReadExamples(string name, Dictionary<string, List<string>> sections)
    {
        var examples = new List<HelpExample>();
        foreach (var (exampleTitle, body) in SplitOrdered(sections.GetValueOrDefault("EXAMPLES") ?? new List<string>(), "### "))
        {
            var blocks = CodeBlocks(body);
            var code = blocks.FirstOrDefault(b => b.Language is "powershell" or "")?.Code ?? throw new HelpFormatException(name, $"example '{exampleTitle}' has no code");
            var output = string.Join("\n", blocks.Where(b => b.Language == "output").Select(b => b.Code));
            examples.Add(new HelpExample(exampleTitle, code, output, Prose(body)));
        }

        return examples;
    }

    private static List<HelpParameter> ReadParameters(string name, Dictionary<string, List<string>> sections)
    {
        var parameters = new List<HelpParameter>();
        foreach (var (parameterHeading, body) in SplitOrdered(sections.GetValueOrDefault("PARAMETERS") ?? new List<string>(), "### "))
        {
            if (parameterHeading == "CommonParameters")
            {
                continue;
            }

            var yaml = CodeBlocks(body).FirstOrDefault(b => b.Language == "yaml")?.Code ?? throw new HelpFormatException(name, $"parameter {parameterHeading} has no yaml block");
            var meta = yaml.Split('\n').Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim(), StringComparer.Ordinal);
            string Meta(string key) => meta.TryGetValue(key, out var value) ? value : string.Empty;
            List<string> ListOf(string key) => Meta(key).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            parameters.Add(new HelpParameter(
                parameterHeading.TrimStart('-'),
                Prose(body),
                Meta("Type"),
                ListOf("Parameter Sets"),
                ListOf("Aliases"),
                Meta("Required").StartsWith("True", StringComparison.OrdinalIgnoreCase),
                Meta("Position"),
                Meta("Default value"),
                Meta("Accept pipeline input"),
                Meta("Accept wildcard characters").StartsWith("True", StringComparison.OrdinalIgnoreCase)));
        }

        return parameters;
    }

    /// <summary>
    /// A line "{{Name}}" is replaced by the lines of _Name.md beside the file: text shared by several cmdlets
    /// (the connection parameters) is written once.
    /// </summary>
    public static IEnumerable<string> ExpandIncludes(string file, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var match = Regex.Match(line.Trim(), @"^\{\{(?<name>[A-Za-z]+)\}\}$");
            if (!match.Success)
            {
                yield return line;
                continue;
            }

            var include = Path.Combine(Path.GetDirectoryName(file)!, "_" + match.Groups["name"].Value + ".md");
            if (!File.Exists(include))
            {
                throw new HelpFormatException(Path.GetFileName(file), $"the include {line.Trim()} has no file {Path.GetFileName(include)}");
            }

            foreach (var included in File.ReadAllLines(include))
            {
                yield return included;
            }
        }
    }

    /// <summary>Text outside code blocks, paragraphs separated by blank lines.</summary>
    public static string Prose(List<string> body)
    {
        var text = new StringBuilder();
        var inCode = false;
        foreach (var line in body)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString().Trim();
    }

    private static Dictionary<string, List<string>> Split(List<string> lines, string marker) =>
        SplitOrdered(lines, marker).GroupBy(x => x.Heading).ToDictionary(g => g.Key, g => g.First().Body, StringComparer.Ordinal);

    /// <summary>Splits lines at headings with the marker, ignoring headings inside code blocks.</summary>
    public static List<(string Heading, List<string> Body)> SplitOrdered(List<string> lines, string marker)
    {
        var result = new List<(string, List<string>)>();
        List<string>? current = null;
        var inCode = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            if (!inCode && line.StartsWith(marker, StringComparison.Ordinal))
            {
                current = new List<string>();
                result.Add((line[marker.Length..].Trim(), current));
            }
            else
            {
                current?.Add(line);
            }
        }

        return result;
    }

    public sealed record CodeBlock(string Language, string Code);

    public static List<CodeBlock> CodeBlocks(List<string> body)
    {
        var blocks = new List<CodeBlock>();
        string? language = null;
        var code = new StringBuilder();
        foreach (var line in body)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                if (language == null)
                {
                    language = trimmed[3..].Trim();
                    code.Clear();
                }
                else
                {
                    blocks.Add(new CodeBlock(language, code.ToString().TrimEnd('\n', '\r')));
                    language = null;
                }

                continue;
            }

            if (language != null)
            {
                code.Append(line).Append('\n');
            }
        }

        return blocks;
    }
}
