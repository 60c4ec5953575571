using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Module;

/// <summary>Get-Help from the staged module's MAML: every section filled, every real parameter documented, the docs true to the metadata.</summary>
public sealed class HelpTests : IDisposable
{
    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private readonly MayrosShell _shell = new();

    /// <summary>Every cmdlet the manifest exports, read from the repository's Mayros.psd1, so a new one cannot skip these tests.</summary>
    public static IEnumerable<object[]> Commands()
    {
        var manifest = System.IO.File.ReadAllText(System.IO.Path.Combine(MayrosShell.RepoRoot, "Mayros.psd1"));
        var list = System.Text.RegularExpressions.Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        var names = System.Text.RegularExpressions.Regex.Matches(list, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.True(names.Count >= 11, "CmdletsToExport lists " + names.Count + " cmdlets: " + list);
        return names.Select(c => new object[] { c });
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandHasFullHelp(string command)
    {
        var help = Assert.Single(_shell.Run("Get-Help $args[0] -Full", command).Output);

        var synopsis = help.Prop("Synopsis")?.ToString() ?? string.Empty;
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(command + " [", synopsis, StringComparison.Ordinal); // not the auto-generated syntax
        Assert.False(string.IsNullOrWhiteSpace(Text(help.Prop("description"))));

        var examples = Items(help.Prop("examples"), "example");
        Assert.True(examples.Count >= 2, $"{command} has {examples.Count} examples");
        Assert.All(examples, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Prop("code")?.ToString()));
            Assert.False(string.IsNullOrWhiteSpace(Text(e.Prop("remarks"))));
        });

        var documented = Items(help.Prop("parameters"), "parameter").ToDictionary(p => p.Prop("name")!.ToString()!, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in RealParameters(command))
        {
            Assert.True(documented.ContainsKey(parameter), $"{command} -{parameter} is not documented");
            Assert.False(string.IsNullOrWhiteSpace(Text(documented[parameter].Prop("description"))), $"{command} -{parameter} has no description");
        }

        // What the help says comes out is what the cmdlet declares ("None" beside it for a -PassThru cmdlet).
        var outputs = _shell.Run("(Get-Help $args[0]).returnValues.returnValue.type.name", command).Output.Select(o => o.ToString()).Where(o => o != "None").ToList();
        var outputTypes = _shell.Run("(Get-Command $args[0]).OutputType.Name", command).Output.Select(o => o.ToString()).ToList();
        Assert.NotEmpty(outputTypes);
        Assert.Equal(outputTypes.OrderBy(x => x), outputs.OrderBy(x => x));
        Assert.Contains(outputTypes, t => t.StartsWith("Mayros.PowerShell.Models.", StringComparison.Ordinal));

        var syntax = _shell.Run("(Get-Help $args[0]).syntax.syntaxItem.parameter.name", command).Output.Where(o => o != null).Select(o => o.ToString()).ToList();
        Assert.Equal(RealParameters(command).OrderBy(x => x), syntax.Distinct().OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void TheDocsMatchTheParametersThemselves(string command)
    {
        var metadata = _shell.Run(
            "$common = $args[1]; (Get-Command $args[0]).Parameters.Values | Where-Object { $common -notcontains $_.Name } | ForEach-Object { $a = @($_.Attributes | Where-Object " +
                "{ $_ -is [System.Management.Automation.ParameterAttribute] })[0]; " +
                "$type = if ($u = [Nullable]::GetUnderlyingType($_.ParameterType)) { $u } else { $_.ParameterType }; " +
                "'{0}|{1}|{2}|{3}|{4}' -f $_.Name, $type.Name, $a.Mandatory, $a.Position, $a.ValueFromPipeline }",
            command,
            CommonParameters).Output.Select(o => o.ToString()).ToList();
        var help = Assert.Single(_shell.Run("Get-Help $args[0] -Full", command).Output);
        var documented = Items(help.Prop("parameters"), "parameter").ToDictionary(p => p.Prop("name")!.ToString()!, StringComparer.OrdinalIgnoreCase);

        Assert.Equal(metadata.Count, documented.Count);
        foreach (var line in metadata)
        {
            var parts = line.Split('|');
            var doc = documented[parts[0]];
            var type = doc.Prop("type") is PSObject t ? t.Prop("name")?.ToString() : null;
            Assert.True(type == parts[1], $"{command} -{parts[0]}: documented type {type}, real {parts[1]}");
            Assert.Equal(bool.Parse(parts[2]), string.Equals(doc.Prop("required")?.ToString(), "true", StringComparison.OrdinalIgnoreCase));
            var position = parts[3] == int.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture) ? "named" : parts[3];
            Assert.True(string.Equals(position, doc.Prop("position")?.ToString(), StringComparison.OrdinalIgnoreCase),
                $"{command} -{parts[0]}: position {doc.Prop("position")} documented, {position} real");
            Assert.Equal(bool.Parse(parts[4]), doc.Prop("pipelineInput")?.ToString()?.Contains("ByValue", StringComparison.Ordinal) == true);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void GetHelpOnlineOpensTheCommandsOwnPageOfTheProjectsDocs(string command)
    {
        var uris = _shell.Run("(Get-Help $args[0]).relatedLinks.navigationLink | ForEach-Object { '{0}|{1}' -f $_.linkText, $_.uri }", command)
            .Output.Select(o => o.ToString().Split('|')).ToList();
        var projectUri = _shell.Run("(Import-PowerShellDataFile -Path $args[0]).PrivateData.PSData.ProjectUri", MayrosShell.ManifestPath).Output.Single().ToString();
        var docs = projectUri + "/blob/main/docs/en-US/";

        // Get-Help -Online opens the first link that is an absolute URI: the page this help is built from.
        Assert.Equal("Online Version:", uris[0][0]);
        Assert.Equal(docs + command + ".md", uris[0][1]);
        Assert.All(uris, u =>
        {
            Assert.StartsWith(docs, u[1], StringComparison.Ordinal);
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(MayrosShell.RepoRoot, "docs", "en-US", u[1][docs.Length..])), u[1] + " is not a page of docs/en-US");
        });
    }

    [Fact]
    public void AboutMayrosCoversConnectionConfigVariablesErrorsAndLimits()
    {
        var text = string.Join("\n", _shell.Run("Get-Help about_Mayros").Output);

        foreach (var expected in new[] { "CORTEX_HOST", "CORTEX_PORT", "CORTEX_AUTH_TOKEN", "MAYROS_CONFIG_PATH", "MAYROS_STATE_DIR", "19090", "SessionNotFound",
            "CortexUnreachable", "[redacted]", "1 MiB", "100 requests a minute" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _shell.Dispose();

    private IEnumerable<string> RealParameters(string command) =>
        _shell.Run("$common = $args[1]; (Get-Command $args[0]).Parameters.Keys | Where-Object { $common -notcontains $_ }", command,
            CommonParameters).Output.Select(o => o.ToString());

    private static List<PSObject> Items(object? container, string property)
    {
        if (container is not PSObject wrapped || wrapped.Properties[property]?.Value is not { } value)
        {
            return new List<PSObject>();
        }

        return value is object[] many ? many.Select(PSObject.AsPSObject).ToList() : new List<PSObject> { PSObject.AsPSObject(value) };
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        object[] many => string.Join("\n", many.Select(Text)),
        PSObject o when o.Properties["Text"] is { } text => text.Value?.ToString() ?? string.Empty,
        PSObject o when o.BaseObject is object[] many => Text(many),
        PSObject o => string.Join("\n", o.Properties.Select(p => Text(p.Value))),
        _ => value.ToString() ?? string.Empty,
    };
}
