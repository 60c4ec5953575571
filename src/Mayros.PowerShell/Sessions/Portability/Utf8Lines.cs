using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>The lines of an export file on disk, read as strict UTF-8 each time they are enumerated.</summary>
    internal static class Utf8Lines
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>A file's reader for an import: <paramref name="source"/> is how messages name the file.</summary>
        public static ExportFileReader Reader(string file, string source) => new ExportFileReader(source, () => Read(file, source));

        /// <summary>The file's lines; a file that cannot be opened, or is not UTF-8, is a clear error that wrote nothing.</summary>
        public static IEnumerable<string> Read(string file, string source)
        {
            StreamReader reader;
            try
            {
                reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Utf8);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new MayrosException(
                    ErrorIds.ExportFileUnavailable,
                    ErrorCategory.ReadError,
                    $"{source} cannot be read: {ex.Message} Nothing was written.",
                    file,
                    "Check the path and that the file can be read.");
            }

            using (reader)
            {
                while (true)
                {
                    string? line;
                    try
                    {
                        line = reader.ReadLine();
                    }
                    catch (DecoderFallbackException ex)
                    {
                        throw new MayrosException(
                            ErrorIds.ImportFileInvalid,
                            ErrorCategory.InvalidData,
                            $"{source} is not UTF-8 text ({ex.Message}), so it is not a Mayros session export. Nothing was written.",
                            file,
                            "Import a file that Export-MayrosSession wrote, whole and unchanged.");
                    }

                    if (line == null)
                    {
                        yield break;
                    }

                    yield return line;
                }
            }
        }
    }
}
