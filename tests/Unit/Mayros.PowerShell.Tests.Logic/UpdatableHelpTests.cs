using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// build.ps1 -Task Package's updatable help: the files Update-Help looks for, named from the manifest's GUID. The
/// Pester install test runs Update-Help -SourcePath on them; this reads them as the formats define them.
/// </summary>
public sealed class UpdatableHelpTests : IDisposable
{
    private const string Guid_ = "5b0d8e43-6f0a-4b7e-9d3c-2f6a1c8e7b41";
    private static readonly XNamespace HelpInfo = "http://schemas.microsoft.com/powershell/help/2010/05";
    private readonly string _out = Path.Combine(Path.GetTempPath(), "mayros-help-" + Guid.NewGuid().ToString("N"));
    private readonly string _staged = typeof(UpdatableHelpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StagedModule").Value!;

    [Fact]
    public void HelpInfoNamesTheManifestsHelpInfoUriAndTheModuleVersionInFourParts()
    {
        ModuleBuilder.UpdatableHelp.Build(_staged, _out);

        var manifest = File.ReadAllText(Path.Combine(_staged, "Mayros.psd1"));
        var info = XDocument.Load(Path.Combine(_out, $"Mayros_{Guid_}_HelpInfo.xml")).Root!;
        Assert.Equal(HelpInfo + "HelpInfo", info.Name);
        Assert.Equal(ModuleBuilder.ManifestText.Read(manifest, "HelpInfoURI"), info.Element(HelpInfo + "HelpContentURI")!.Value);
        Assert.StartsWith("https://", info.Element(HelpInfo + "HelpContentURI")!.Value, StringComparison.Ordinal);
        var culture = info.Descendants(HelpInfo + "UICulture").Single();
        Assert.Equal("en-US", culture.Element(HelpInfo + "UICultureName")!.Value);
        Assert.Equal(ModuleBuilder.ManifestText.Read(manifest, "ModuleVersion") + ".0", culture.Element(HelpInfo + "UICultureVersion")!.Value);
    }

    [Fact]
    public void TheZipAndTheCabinetHoldExactlyTheStagedEnUsHelp()
    {
        ModuleBuilder.UpdatableHelp.Build(_staged, _out);
        var expected = Directory.EnumerateFiles(Path.Combine(_staged, "en-US")).OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f)!, File.ReadAllBytes);
        Assert.Contains("Mayros.PowerShell.dll-Help.xml", expected.Keys);
        Assert.Contains("about_Mayros.help.txt", expected.Keys);

        using (var zip = ZipFile.OpenRead(Path.Combine(_out, $"Mayros_{Guid_}_en-US_HelpContent.zip")))
        {
            Assert.Equal(expected.Keys.OrderBy(k => k), zip.Entries.Select(e => e.FullName).OrderBy(k => k));
            foreach (var entry in zip.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }

                Assert.Equal(expected[entry.FullName], content.ToArray());
            }
        }

        var cabinet = ReadCabinet(File.ReadAllBytes(Path.Combine(_out, $"Mayros_{Guid_}_en-US_HelpContent.cab")));
        Assert.Equal(expected.Keys, cabinet.Keys);
        foreach (var (name, content) in expected)
        {
            Assert.Equal(content, cabinet[name]);
        }
    }

    [Fact]
    public void ACabinetOfSeveralBlocksSplitsAtThirtyTwoKibibytesAndKeepsEveryByte()
    {
        Directory.CreateDirectory(_out);
        var path = Path.Combine(_out, "blocks.cab");
        var random = new Random(7);
        var files = new[] { 40_000, 0, 32_768, 5 }.Select((size, i) =>
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return ($"f{i}.bin", bytes);
        }).ToList();

        ModuleBuilder.CabinetWriter.Write(path, files, new DateTime(2026, 12, 6, 10, 20, 30, DateTimeKind.Utc));

        var read = ReadCabinet(File.ReadAllBytes(path));
        Assert.Equal(files.Select(f => f.Item1), read.Keys);
        foreach (var (name, content) in files)
        {
            Assert.Equal(content, read[name]);
        }
    }

    [Fact]
    public void TheStagedManifestCarriesTheNewestChangelogSectionAsReleaseNotes()
    {
        var manifest = File.ReadAllText(Path.Combine(_staged, "Mayros.psd1"));
        var notes = ModuleBuilder.ManifestText.Read(manifest, "ReleaseNotes");
        var changelog = File.ReadAllLines(Path.Combine(RepositoryRoot(), "CHANGELOG.md"));
        var newest = changelog.First(l => l.StartsWith("## ", StringComparison.Ordinal));

        Assert.StartsWith(newest, notes, StringComparison.Ordinal);
        Assert.DoesNotContain(changelog.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Skip(1), l => notes.Contains(l, StringComparison.Ordinal));
        Assert.EndsWith("/blob/main/CHANGELOG.md", notes, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private static string RepositoryRoot() =>
        typeof(UpdatableHelpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>
    /// A reader of [MS-CAB] written from the format's description, apart from the writer: the header's fields, each
    /// CFFILE, then the CFDATA blocks of an uncompressed folder, whose bytes are the files one after another.
    /// </summary>
    private static Dictionary<string, byte[]> ReadCabinet(byte[] cab)
    {
        using var reader = new BinaryReader(new MemoryStream(cab));
        Assert.Equal("MSCF", Encoding.ASCII.GetString(reader.ReadBytes(4)));
        reader.ReadUInt32();
        Assert.Equal((uint)cab.Length, reader.ReadUInt32()); // cbCabinet
        reader.ReadUInt32();
        var firstFile = reader.ReadUInt32();
        reader.ReadUInt32();
        Assert.Equal(3, reader.ReadByte()); // versionMinor
        Assert.Equal(1, reader.ReadByte()); // versionMajor
        Assert.Equal(1, reader.ReadUInt16()); // cFolders
        var fileCount = reader.ReadUInt16();
        Assert.Equal(0, reader.ReadUInt16()); // flags: no reserve, no chain
        reader.ReadUInt16();
        reader.ReadUInt16();
        var firstData = reader.ReadUInt32();
        var blocks = reader.ReadUInt16();
        Assert.Equal(0, reader.ReadUInt16()); // typeCompress: none

        reader.BaseStream.Position = firstFile;
        var entries = new List<(string Name, uint Size, uint Offset)>();
        for (var i = 0; i < fileCount; i++)
        {
            var size = reader.ReadUInt32();
            var offset = reader.ReadUInt32();
            Assert.Equal(0, reader.ReadUInt16()); // iFolder
            reader.ReadUInt16();
            reader.ReadUInt16();
            reader.ReadUInt16();
            var name = new List<byte>();
            for (var b = reader.ReadByte(); b != 0; b = reader.ReadByte())
            {
                name.Add(b);
            }

            entries.Add((Encoding.ASCII.GetString(name.ToArray()), size, offset));
        }

        Assert.Equal(firstData, (uint)reader.BaseStream.Position);
        var folder = new MemoryStream();
        for (var i = 0; i < blocks; i++)
        {
            reader.ReadUInt32(); // csum
            var compressed = reader.ReadUInt16();
            var uncompressed = reader.ReadUInt16();
            Assert.Equal(compressed, uncompressed);
            Assert.InRange(uncompressed, 1, 32768);
            folder.Write(reader.ReadBytes(compressed));
        }

        Assert.Equal(cab.Length, reader.BaseStream.Position);
        var bytes = folder.ToArray();
        return entries.ToDictionary(e => e.Name, e => bytes.AsSpan((int)e.Offset, (int)e.Size).ToArray());
    }
}
