using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace ModuleBuilder;

/// <summary>Packs the staged module as a PowerShell Gallery style .nupkg (what Publish-PSResource would upload).</summary>
public static class Packer
{
    /// <summary>What separates the items of a psd1 list such as @('a', 'b').</summary>
    private static readonly char[] ListSeparators = { '\'', ',', '\n', '\r', ' ' };

    /// <summary>The tags the PowerShell Gallery gives a module of cmdlets.</summary>
    private static readonly string[] GalleryTags = { "PSModule", "PSIncludes_Cmdlet" };

    public static string Pack(string moduleDirectory, string outDirectory)
    {
        var manifestPath = Path.Combine(moduleDirectory, "Mayros.psd1");
        if (!File.Exists(manifestPath))
        {
            throw new ArgumentException($"No staged module in {moduleDirectory}; build first.");
        }

        var manifest = File.ReadAllText(manifestPath);
        string Value(string key) => ManifestText.Read(manifest, key);
        var version = Value("ModuleVersion") + (Value("Prerelease").Length > 0 ? "-" + Value("Prerelease") : string.Empty);
        var cmdlets = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline).Groups[1].Value
            .Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);
        var tags = Regex.Match(manifest, @"Tags\s*=\s*@\(([^)]*)\)").Groups[1].Value
            .Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);
        var allTags = GalleryTags.Concat(cmdlets.Select(c => "PSCmdlet_" + c)).Concat(tags);

        string X(string text) => SecurityElement.Escape(text) ?? string.Empty;
        var nuspec = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
              <metadata>
                <id>Mayros</id>
                <version>{X(version)}</version>
                <authors>{X(Value("Author"))}</authors>
                <description>{X(Value("Description"))}</description>
                <projectUrl>{X(Value("ProjectUri"))}</projectUrl>
                <licenseUrl>{X(Value("LicenseUri"))}</licenseUrl>
                <releaseNotes>{X(Value("ReleaseNotes"))}</releaseNotes>
                <tags>{X(string.Join(" ", allTags))}</tags>
              </metadata>
            </package>
            """;

        Directory.CreateDirectory(outDirectory);
        var package = Path.Combine(outDirectory, $"Mayros.{version}.nupkg");
        File.Delete(package);
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            Add(zip, "Mayros.nuspec", nuspec);
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                """ +
                """<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />""" +
                """<Default Extension="nuspec" ContentType="application/octet" />""" +
                """<Default Extension="psd1" ContentType="application/octet" />""" +
                """<Default Extension="dll" ContentType="application/octet" />""" +
                """<Default Extension="pdb" ContentType="application/octet" />""" +
                """<Default Extension="xml" ContentType="application/octet" />""" +
                """<Default Extension="ps1xml" ContentType="application/octet" />""" +
                """<Default Extension="txt" ContentType="application/octet" />""" +
                "</Types>");
            Add(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="utf-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                """ +
                """<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/Mayros.nuspec" Id="R0" />""" +
                "</Relationships>");
            foreach (var file in Directory.EnumerateFiles(moduleDirectory, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, Path.GetRelativePath(moduleDirectory, file).Replace('\\', '/'));
            }
        }

        Console.WriteLine($"Packed {package}");
        return package;
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
