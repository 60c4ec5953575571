using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ModuleBuilder;

/// <summary>
/// The files Update-Help and Save-Help look for at the manifest's HelpInfoURI (or in a -SourcePath folder):
/// Mayros_{GUID}_HelpInfo.xml, and the en-US help content as Mayros_{GUID}_en-US_HelpContent.zip (PowerShell 7 on
/// every platform) and .cab (Windows PowerShell, and PowerShell 7 on Windows when there is no zip).
/// </summary>
public static class UpdatableHelp
{
    private static readonly XNamespace HelpInfo = "http://schemas.microsoft.com/powershell/help/2010/05";

    public static void Build(string moduleDirectory, string outDirectory)
    {
        var manifestPath = Path.Combine(moduleDirectory, "Mayros.psd1");
        var culture = Path.Combine(moduleDirectory, "en-US");
        if (!File.Exists(manifestPath) || !Directory.Exists(culture))
        {
            throw new ArgumentException($"No staged module with en-US help in {moduleDirectory}; build first.");
        }

        var manifest = File.ReadAllText(manifestPath);
        var guid = Guid.Parse(ManifestText.Read(manifest, "GUID"));
        var helpInfoUri = ManifestText.Read(manifest, "HelpInfoURI");
        var version = Version.Parse(ManifestText.Read(manifest, "ModuleVersion"));
        if (helpInfoUri.Length == 0)
        {
            throw new ArgumentException("The manifest has no HelpInfoURI: Update-Help would not look for this module's help.");
        }

        Directory.CreateDirectory(outDirectory);
        var prefix = $"Mayros_{guid:D}";
        var files = Directory.EnumerateFiles(culture).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Content: File.ReadAllBytes(f))).ToList();

        var zip = Path.Combine(outDirectory, prefix + "_en-US_HelpContent.zip");
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content, 0, content.Length);
            }
        }

        CabinetWriter.Write(Path.Combine(outDirectory, prefix + "_en-US_HelpContent.cab"), files, DateTime.UtcNow);

        // UICultureVersion has four parts; Update-Help installs content whose version is newer than what it has.
        var fourParts = new Version(version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0));
        var info = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                HelpInfo + "HelpInfo",
                new XElement(HelpInfo + "HelpContentURI", helpInfoUri),
                new XElement(
                    HelpInfo + "SupportedUICultures",
                    new XElement(
                        HelpInfo + "UICulture",
                        new XElement(HelpInfo + "UICultureName", "en-US"),
                        new XElement(HelpInfo + "UICultureVersion", fourParts.ToString())))));
        using (var writer = XmlWriter.Create(Path.Combine(outDirectory, prefix + "_HelpInfo.xml"), new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            info.Save(writer);
        }

        Console.WriteLine($"Wrote updatable help for Mayros {fourParts} to {outDirectory}");
    }
}
