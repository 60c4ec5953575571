using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ModuleBuilder;

/// <summary>
/// Lays out the importable module: the root assembly beside the manifest, everything it depends on in
/// dependencies/ (never beside the root assembly, so the loader decides how they load), the format file, help.
/// </summary>
public static class Stager
{
    public const string RootAssembly = "Mayros.PowerShell";

    /// <summary>Compile-time-only assemblies that must never ship (PowerShell brings its own).</summary>
    private static readonly string[] NeverShip = { "System.Management.Automation.dll", "System.Runtime.Loader.dll" };

    public static void Stage(string bin, string outDirectory, string repo, string version, string prerelease)
    {
        if (!File.Exists(Path.Combine(bin, RootAssembly + ".dll")))
        {
            throw new ArgumentException($"{RootAssembly}.dll is not in {bin}");
        }

        if (Directory.Exists(outDirectory))
        {
            Directory.Delete(outDirectory, recursive: true);
        }

        var dependencies = Directory.CreateDirectory(Path.Combine(outDirectory, "dependencies")).FullName;
        foreach (var file in Directory.EnumerateFiles(bin))
        {
            var name = Path.GetFileName(file);
            var isRoot = Path.GetFileNameWithoutExtension(name) == RootAssembly && (name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".pdb",
                StringComparison.Ordinal));
            if (isRoot)
            {
                File.Copy(file, Path.Combine(outDirectory, name));
            }
            else if ((name.EndsWith(".dll", StringComparison.Ordinal) || name == "Mayros.PowerShell.Cortex.pdb") && !NeverShip.Contains(name))
            {
                File.Copy(file, Path.Combine(dependencies, name));
            }
        }

        var manifest = File.ReadAllText(Path.Combine(repo, "Mayros.psd1"));
        manifest = Regex.Replace(manifest, @"ModuleVersion(\s*)=(\s*)'[^']*'", m => $"ModuleVersion{m.Groups[1].Value}={m.Groups[2].Value}'{version}'");
        manifest = Regex.Replace(manifest, @"Prerelease(\s*)=(\s*)'[^']*'", m => $"Prerelease{m.Groups[1].Value}={m.Groups[2].Value}'{prerelease}'");
        File.WriteAllText(Path.Combine(outDirectory, "Mayros.psd1"), manifest);

        foreach (var data in new[] { "Mayros.Format.ps1xml", "Mayros.Types.ps1xml" })
        {
            File.Copy(Path.Combine(repo, "src", RootAssembly, data), Path.Combine(outDirectory, data));
        }
        HelpBuilder.Build(Path.Combine(repo, "docs", "en-US"), Path.Combine(outDirectory, "en-US"));
        Console.WriteLine($"Staged the Mayros module {version}{(prerelease.Length > 0 ? "-" + prerelease : string.Empty)} in {outDirectory}");
    }
}
