using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ModuleBuilder;

/// <summary>Writes en-US/Mayros.PowerShell.dll-Help.xml (MAML) and about_*.help.txt from docs/en-US.</summary>
public static class HelpBuilder
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>
    /// Builds the help. <paramref name="onlineBase"/> is where the pages are online (ending in a slash): each command's
    /// first related link is its own page there ("Online Version:", which Get-Help -Online opens), and links to
    /// sibling pages (X.md) become links there too.
    /// </summary>
    public static void Build(string docs, string outDirectory, string onlineBase)
    {
        Directory.CreateDirectory(outDirectory);
        var commands = new List<CommandHelp>();
        foreach (var file in Directory.EnumerateFiles(docs, "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith('_'))
            {
                continue; // an include, not a page
            }

            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                File.WriteAllText(Path.Combine(outDirectory, name + ".help.txt"), AboutText(File.ReadAllLines(file)));
            }
            else
            {
                commands.Add(Online(CommandHelp.Parse(file), onlineBase));
            }
        }

        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                Msh + "helpItems",
                new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                commands.Select(Maml_)));
        using var writer = XmlWriter.Create(Path.Combine(outDirectory, "Mayros.PowerShell.dll-Help.xml"), new XmlWriterSettings { Indent = true,
            Encoding = new UTF8Encoding(false) });
        document.Save(writer);
    }

    private static CommandHelp Online(CommandHelp help, string onlineBase)
    {
        static bool IsAbsolute(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme.StartsWith("http", StringComparison.Ordinal);
        var links = help.Links.Select(l => (l.Text, IsAbsolute(l.Uri) || l.Uri.Length == 0 ? l.Uri : onlineBase + l.Uri));
        return help with { Links = new[] { ("Online Version:", onlineBase + help.Name + ".md") }.Concat(links).ToList() };
    }

    private static XElement Maml_(CommandHelp help)
    {
        var dash = help.Name.IndexOf('-');
        var parameters = help.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        return new XElement(
            Command + "command",
            new XElement(
                Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Name[..dash]),
                new XElement(Command + "noun", help.Name[(dash + 1)..]),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(
                Command + "syntax",
                help.Syntax.Select(s => new XElement(
                    Command + "syntaxItem",
                    new XElement(Maml + "name", help.Name),
                    Regex.Matches(s.Line, @"-(?<name>[A-Za-z]+)\b")
                        .Select(m => m.Groups["name"].Value)
                        .Where(parameters.ContainsKey)
                        .Distinct(StringComparer.OrdinalIgnoreCase)
                        .Select(n => Parameter(parameters[n]))))),
            new XElement(Command + "parameters", help.Parameters.Select(Parameter)),
            new XElement(Command + "inputTypes", help.Inputs.Select(i => new XElement(Command + "inputType", TypeElement(i.Type), Description(i.Description)))),
            new XElement(Command + "returnValues", help.Outputs.Select(o => new XElement(Command + "returnValue", TypeElement(o.Type), Description(o.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(
                Command + "examples",
                help.Examples.Select(e => new XElement(
                    Command + "example",
                    new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paragraphs((e.Output.Length > 0 ? e.Output + "\n\n" : string.Empty) + e.Remarks))))),
            new XElement(
                Command + "relatedLinks",
                help.Links.Select(l => new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));
    }

    private static XElement Parameter(HelpParameter p)
    {
        var isSwitch = p.Type.Contains("SwitchParameter", StringComparison.Ordinal);
        return new XElement(
            Command + "parameter",
            new XAttribute("required", p.Required ? "true" : "false"),
            new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", p.PipelineInput.Length > 0 ? p.PipelineInput : "False"),
            new XAttribute("position", p.Position.Length > 0 ? p.Position : "named"),
            new XAttribute("aliases", p.Aliases.Count > 0 ? string.Join(", ", p.Aliases) : "none"),
            new XElement(Maml + "name", p.Name),
            Description(p.Description),
            isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), p.Type),
            new XElement(Dev + "type", new XElement(Maml + "name", p.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.DefaultValue.Length > 0 ? p.DefaultValue : "None"));
    }

    private static XElement TypeElement(string type) =>
        new(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri"));

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    /// <summary>
    /// One maml:para per paragraph; markdown emphasis and links reduced to their text; the lines of a wrapped
    /// paragraph joined (Get-Help wraps to the console), while lists and indented blocks keep their lines.
    /// </summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Replace("\r", string.Empty, StringComparison.Ordinal), @"\n\s*\n")
            .Select(p => Regex.Replace(p, @"\[([^\]]+)\]\([^)]*\)", "$1"))
            .Select(p => p.Replace("`", string.Empty, StringComparison.Ordinal).Replace("**", string.Empty, StringComparison.Ordinal))
            .Select(p => p.Trim('\n'))
            .Where(p => p.Trim().Length > 0)
            .Select(p => new XElement(Maml + "para", KeepsLines(p) ? p : Regex.Replace(p.Trim(), @"\s*\n\s*", " ")));

    private static bool KeepsLines(string paragraph) =>
        paragraph.Split('\n').Any(line => Regex.IsMatch(line, @"^(\s{2,}|[-*] |\d+\. |PS>|What if:)"))
        || paragraph.Split('\n').Length > 1 && paragraph.Contains("----", StringComparison.Ordinal);

    /// <summary>An about_ topic in markdown ("## SHORT DESCRIPTION" and so on) as PowerShell's plain-text help.</summary>
    public static string AboutText(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        var inCode = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                text.Append("        ").AppendLine(line);
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                text.AppendLine("TOPIC").Append("    ").AppendLine(line[2..].Trim()).AppendLine();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                text.AppendLine(line[3..].Trim().ToUpperInvariant());
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                text.Append("  ").AppendLine(line[4..].Trim().ToUpperInvariant());
            }
            else
            {
                text.AppendLine(line.Length == 0 ? string.Empty : "    " + line.Replace("`", string.Empty, StringComparison.Ordinal));
            }
        }

        return text.ToString();
    }
}
