using System;
using System.Diagnostics;
using System.Linq;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Module;

/// <summary>The staged module as PowerShell sees it: manifest, exports, where its dependencies load.</summary>
public sealed class ModuleTests : HostedTest
{
    public ModuleTests(CortexFixture cortex)
        : base(cortex)
    {
    }

    [Fact]
    public void TheManifestPassesTestModuleManifest()
    {
        var result = Run("Test-ModuleManifest -Path $args[0]", MayrosShell.ManifestPath);

        result.ShouldSucceed();
        var manifest = Assert.Single(result.Output);
        Assert.Equal("Mayros", manifest.Prop<string>("Name"));
        Assert.Equal(new Version(0, 1, 0), manifest.Prop<Version>("Version"));
        // What CI verifies, and nothing more: PowerShell 7.4 and later (Core). Windows PowerShell 5.1 is not claimed.
        Assert.Equal(new[] { "Core" },
            ((System.Collections.IEnumerable)manifest.Prop("CompatiblePSEditions")!).Cast<object>().Select(o => o.ToString()));
        Assert.Equal(new Version(7, 4), manifest.Prop<Version>("PowerShellVersion"));
        Assert.StartsWith("https://", manifest.Prop<string>("HelpInfoUri"), StringComparison.Ordinal);
    }

    [Fact]
    public void ItExportsItsCmdletsAndNothingElse()
    {
        var commands = Run("Get-Command -Module Mayros | ForEach-Object { '{0}:{1}' -f $_.CommandType, $_.Name }").Output.Select(o => o.ToString()).OrderBy(x => x).ToList();
        var declared = Run("(Import-PowerShellDataFile -Path $args[0]).CmdletsToExport", MayrosShell.ManifestPath);

        Assert.All(commands, c => Assert.StartsWith("Cmdlet:", c, StringComparison.Ordinal));
        Assert.Contains("Cmdlet:New-MayrosCheckpoint", commands);
        Assert.Contains("Cmdlet:New-MayrosFork", commands);
        Assert.Contains("Cmdlet:Invoke-MayrosRewind", commands);
        Assert.Contains("Cmdlet:Get-MayrosFork", commands);
        if (declared.Errors.Count == 0 && declared.Output.Count > 0)
        {
            Assert.Equal(declared.Output.Select(o => "Cmdlet:" + o).OrderBy(x => x), commands);
        }
    }

    [Fact]
    public void RestSharpAndTheCortexClientLoadInTheModulesOwnContext()
    {
        Seed("s", 1);
        Run("New-MayrosCheckpoint -Session s").ShouldSucceed();

        var contexts = Run("""
            [System.AppDomain]::CurrentDomain.GetAssemblies() |
                Where-Object { $_.GetName().Name -in 'RestSharp', 'Mayros.PowerShell.Cortex', 'Mayros.PowerShell' } |
                ForEach-Object { '{0}={1}' -f $_.GetName().Name, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).GetType().FullName }
            """).Output.Select(o => o.ToString()).ToList();

        Assert.Contains("RestSharp=Mayros.PowerShell.Loading.DependencyLoadContext", contexts);
        Assert.Contains("Mayros.PowerShell.Cortex=Mayros.PowerShell.Loading.DependencyLoadContext", contexts);
        Assert.Contains(contexts, c => c.StartsWith("Mayros.PowerShell=", StringComparison.Ordinal) && !c.EndsWith("DependencyLoadContext", StringComparison.Ordinal));
        Assert.Single(contexts, c => c.StartsWith("RestSharp=", StringComparison.Ordinal));
    }

    [Fact]
    public void NoPublicTypeOfTheModuleExposesRestSharpOrSystemTextJsonEvenWhenInspectedBeforeItsFirstCommand()
    {
        // In a process of its own, so that nothing of the module has run before the inspection: reflection runs no
        // code, so only Import-Module's OnImport can have made the Cortex client loadable by then.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Metadata("ConflictHost"), "reflect", MayrosShell.ManifestPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));

        Assert.True(process.ExitCode == 0, output + errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("leak:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("inspected: ", StringComparison.Ordinal) && int.Parse(l["inspected: ".Length..],
            System.Globalization.CultureInfo.InvariantCulture) > 10);
    }

    private static string Metadata(string key) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(ModuleTests).Assembly).Single(a => a.Key == key).Value!;
}
