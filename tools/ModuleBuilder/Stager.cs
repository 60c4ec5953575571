using System;
using System.IO;
using System.Linq;

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
        manifest = ManifestText.Stamp(manifest, "ModuleVersion", version);
        manifest = ManifestText.Stamp(manifest, "Prerelease", prerelease);
        var projectUri = ManifestText.Read(manifest, "ProjectUri").TrimEnd('/');
        manifest = ManifestText.Stamp(manifest, "ReleaseNotes", ReleaseNotes(Path.Combine(repo, "CHANGELOG.md"), projectUri));
        File.WriteAllText(Path.Combine(outDirectory, "Mayros.psd1"), manifest);

        foreach (var data in new[] { "Mayros.Format.ps1xml", "Mayros.Types.ps1xml" })
        {
            File.Copy(Path.Combine(repo, "src", RootAssembly, data), Path.Combine(outDirectory, data));
        }
        HelpBuilder.Build(Path.Combine(repo, "docs", "en-US"), Path.Combine(outDirectory, "en-US"), OnlineHelpBase(projectUri));
        Console.WriteLine($"Staged the Mayros module {version}{(prerelease.Length > 0 ? "-" + prerelease : string.Empty)} in {outDirectory}");
    }

    /// <summary>Where the help pages are read online: the project's docs/en-US, whose pages the help is built from.</summary>
    public static string OnlineHelpBase(string projectUri) => projectUri.TrimEnd('/') + "/blob/main/docs/en-US/";

    /// <summary>The newest section of the changelog (its heading and text), then where the whole history is.</summary>
    public static string ReleaseNotes(string changelog, string projectUri)
    {
        var lines = File.ReadAllLines(changelog);
        var start = Array.FindIndex(lines, l => l.StartsWith("## ", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new ArgumentException($"{changelog} has no '## ' version section for the release notes");
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var section = lines.Skip(start).Take((end < 0 ? lines.Length : end) - start);
        return string.Join("\n", section).Trim() + $"\n\nEvery version: {projectUri}/blob/main/CHANGELOG.md";
    }
}
