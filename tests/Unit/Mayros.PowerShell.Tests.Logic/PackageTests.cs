using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>build.ps1 -Task Package: the staged module as a Gallery-style .nupkg.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mayros-pack-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ThePackageHoldsTheStagedModuleAndAGalleryNuspec()
    {
        var staged = typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StagedModule").Value!;

        var package = ModuleBuilder.Packer.Pack(staged, _out);

        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("Mayros.psd1", entries);
        Assert.Contains("Mayros.PowerShell.dll", entries);
        Assert.Contains("dependencies/RestSharp.dll", entries);
        Assert.Contains("en-US/Mayros.PowerShell.dll-Help.xml", entries);
        Assert.DoesNotContain("RestSharp.dll", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith("System.Management.Automation.dll", StringComparison.Ordinal));
        using var nuspec = new StreamReader(zip.GetEntry("Mayros.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<id>Mayros</id>", text, StringComparison.Ordinal);
        Assert.Matches(@"<version>\d+\.\d+\.\d+(-\w+)?</version>", text);
        Assert.Contains("PSCmdlet_New-MayrosFork", text, StringComparison.Ordinal);
        Assert.Contains("PSEdition_Core", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
