using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Mayros.PowerShell.Tests.Infrastructure;

namespace Mayros.PowerShell.Tests.Module;

/// <summary>
/// A host that already uses an older RestSharp in its default load context imports the module and runs a
/// checkpoint: both RestSharps live side by side, the module's in its own context.
/// </summary>
public sealed class DependencyConflictTests : IClassFixture<CortexFixture>
{
    private readonly CortexFixture _cortex;

    public DependencyConflictTests(CortexFixture cortex) => _cortex = cortex;

    [Theory]
    [InlineData("112.1.0", "net8.0")]
    [InlineData("108.0.3", "net6.0")]
    public void TheModuleWorksBesideAnOlderRestSharpInTheDefaultContext(string version, string framework)
    {
        var ns = CortexFixture.NewNamespace();
        _cortex.AddEvents(ns, CortexFixture.Session("s", 3, DateTimeOffset.UtcNow.AddHours(-1)));
        var packages = Metadata("NuGetPackageRoot");
        var oldRestSharp = Path.Combine(packages, "restsharp", version, "lib", framework, "RestSharp.dll");
        Assert.True(File.Exists(oldRestSharp), oldRestSharp);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Metadata("ConflictHost"), oldRestSharp, MayrosShell.ManifestPath, _cortex.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ns,
            "s" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));

        Assert.True(process.ExitCode == 0, output + errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"host RestSharp {version}.0 in DefaultAssemblyLoadContext", lines);
        Assert.Contains("checkpoint 3", lines);
        Assert.Contains($"RestSharp {version}.0 in System.Runtime.Loader.DefaultAssemblyLoadContext", lines);
        Assert.Contains("RestSharp 114.1.0.0 in Mayros.PowerShell.Loading.DependencyLoadContext", lines);
    }

    private static string Metadata(string key) =>
        typeof(DependencyConflictTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
