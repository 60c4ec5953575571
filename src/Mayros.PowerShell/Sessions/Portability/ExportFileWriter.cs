using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// Writes an export file whole or not at all: beside the target first, then the finished file is moved into place,
    /// so the path never holds half an export and an old file is replaced only by a complete new one.
    /// </summary>
    internal static class ExportFileWriter
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>
        /// Hands <paramref name="write"/> a function that writes one line (UTF-8, ended by \n), then puts the file in
        /// place; returns what <paramref name="write"/> returned. The file is left untouched when anything fails.
        /// </summary>
        public static T Write<T>(string path, Func<Action<string>, T> write)
        {
            var directory = Path.GetDirectoryName(path);
            var partial = Path.Combine(string.IsNullOrEmpty(directory) ? "." : directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0,
                8) + ".partial");
            try
            {
                T result;
                using (var writer = Open(partial))
                {
                    result = write(line =>
                    {
                        writer.Write(line);
                        writer.Write('\n');
                    });
                }

                if (File.Exists(path))
                {
                    File.Replace(partial, path, null);
                }
                else
                {
                    File.Move(partial, path);
                }

                return result;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new MayrosException(
                    ErrorIds.ExportFileUnavailable,
                    ErrorCategory.WriteError,
                    $"The export could not be written to '{path}': {ex.Message}",
                    path,
                    "Check that the folder exists and can be written to, and that the disk has room.");
            }
            finally
            {
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }
        }

        private static StreamWriter Open(string path)
        {
            try
            {
                return new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Utf8);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new IOException($"its folder does not exist ({ex.Message})", ex);
            }
        }
    }
}
