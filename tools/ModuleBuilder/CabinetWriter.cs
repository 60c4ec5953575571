using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ModuleBuilder;

/// <summary>
/// Writes a Microsoft cabinet (.cab) of one folder, stored without compression, as [MS-CAB] lays it out: the
/// header, one CFFOLDER, a CFFILE per file, then the files' bytes in CFDATA blocks of at most 32 KiB (checksum 0,
/// which the format allows). Windows PowerShell's Update-Help expands the help content from a cabinet; no tool on
/// this build machine makes one.
/// </summary>
public static class CabinetWriter
{
    private const int BlockSize = 0x8000;
    private const int HeaderSize = 36;
    private const int FolderSize = 8;
    private const int FileEntrySize = 16;
    private const int DataHeaderSize = 8;
    private const ushort ArchiveAttribute = 0x20;

    /// <summary>Writes <paramref name="files"/> (name inside the cabinet, and content) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, byte[] Content)> files, DateTime stamp)
    {
        if (files.Count == 0 || files.Count > ushort.MaxValue)
        {
            throw new ArgumentException("a cabinet holds 1 to 65535 files", nameof(files));
        }

        var names = new List<byte[]>();
        var entriesSize = 0;
        long total = 0;
        foreach (var (name, content) in files)
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            if (name.Length == 0 || name.Length > 255 || Encoding.ASCII.GetString(bytes) != name)
            {
                throw new ArgumentException($"'{name}' is not a cabinet file name (1 to 255 ASCII characters)", nameof(files));
            }

            names.Add(bytes);
            entriesSize += FileEntrySize + bytes.Length + 1;
            total += content.Length;
        }

        var blocks = (int)((total + BlockSize - 1) / BlockSize);
        var firstFile = HeaderSize + FolderSize;
        var firstData = firstFile + entriesSize;
        var cabinetSize = firstData + (blocks * DataHeaderSize) + total;
        if (blocks > ushort.MaxValue || cabinetSize > int.MaxValue)
        {
            throw new ArgumentException("the files are too large for one cabinet folder", nameof(files));
        }

        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        writer.Write(Encoding.ASCII.GetBytes("MSCF"));
        writer.Write(0u); // reserved1
        writer.Write((uint)cabinetSize);
        writer.Write(0u); // reserved2
        writer.Write((uint)firstFile);
        writer.Write(0u); // reserved3
        writer.Write((byte)3); // versionMinor
        writer.Write((byte)1); // versionMajor
        writer.Write((ushort)1); // cFolders
        writer.Write((ushort)files.Count);
        writer.Write((ushort)0); // flags: no previous or next cabinet, no reserve
        writer.Write((ushort)0); // setID
        writer.Write((ushort)0); // iCabinet

        writer.Write((uint)firstData); // CFFOLDER.coffCabStart
        writer.Write((ushort)blocks);
        writer.Write((ushort)0); // typeCompress: none

        var (date, time) = DosStamp(stamp);
        uint offset = 0;
        for (var i = 0; i < files.Count; i++)
        {
            writer.Write((uint)files[i].Content.Length);
            writer.Write(offset);
            writer.Write((ushort)0); // iFolder
            writer.Write(date);
            writer.Write(time);
            writer.Write(ArchiveAttribute);
            writer.Write(names[i]);
            writer.Write((byte)0);
            offset += (uint)files[i].Content.Length;
        }

        WriteBlocks(writer, files);
    }

    /// <summary>The folder's bytes, every file one after another, cut into blocks of 32 KiB (the last one shorter).</summary>
    private static void WriteBlocks(BinaryWriter writer, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var block = new byte[BlockSize];
        var filled = 0;
        void Flush()
        {
            writer.Write(0u); // csum: not supplied
            writer.Write((ushort)filled); // cbData
            writer.Write((ushort)filled); // cbUncomp
            writer.Write(block, 0, filled);
            filled = 0;
        }

        foreach (var (_, content) in files)
        {
            var at = 0;
            while (at < content.Length)
            {
                var take = Math.Min(BlockSize - filled, content.Length - at);
                Buffer.BlockCopy(content, at, block, filled, take);
                filled += take;
                at += take;
                if (filled == BlockSize)
                {
                    Flush();
                }
            }
        }

        if (filled > 0)
        {
            Flush();
        }
    }

    /// <summary>An MS-DOS date and time (2-second resolution), as CFFILE keeps them.</summary>
    private static (ushort Date, ushort Time) DosStamp(DateTime stamp)
    {
        var year = Math.Clamp(stamp.Year, 1980, 2107);
        var date = (ushort)(((year - 1980) << 9) | (stamp.Month << 5) | stamp.Day);
        var time = (ushort)((stamp.Hour << 11) | (stamp.Minute << 5) | (stamp.Second / 2));
        return (date, time);
    }
}
