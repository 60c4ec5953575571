using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Text;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Import-MayrosSession: writes the sessions of an Export-MayrosSession file (or of its lines from the pipeline)
    /// into the Cortex and namespace the connection points at.
    /// </summary>
    [Cmdlet(VerbsData.Import, "MayrosSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FromLines)]
    [OutputType(typeof(MayrosImportResult))]
    public sealed class ImportMayrosSessionCommand : MayrosSessionCmdlet
    {
        private const string FromPath = "Path";
        private const string FromLines = "Lines";
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private string? _buffer;
        private StreamWriter? _lines;

        /// <summary>The export files to import (wildcards allowed), or files from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromPath, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The lines of an export, as Export-MayrosSession writes them to the pipeline without -Path.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromLines, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string InputObject { get; set; } = string.Empty;

        /// <summary>The key the file's root session gets (its forks' parent links follow); the events get ids of their own.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Other keys to change, as @{ 'old-key' = 'new-key' }; the events get ids of their own.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Rename { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == FromLines)
            {
                // Kept on disk, not in memory: the file is read three times, and a pipeline only once.
                if (_lines == null)
                {
                    _buffer = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mayros-import-" + Guid.NewGuid().ToString("N") + ".ndjson");
                    _lines = new StreamWriter(new FileStream(_buffer, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Utf8);
                }

                _lines.Write(InputObject);
                _lines.Write('\n');
                return;
            }

            foreach (var pattern in Path)
            {
                Collection<string>? files = null;
                try
                {
                    files = GetResolvedProviderPathFromPSPath(pattern, out var provider);
                    if (provider.Name != "FileSystem")
                    {
                        throw new ItemNotFoundException($"'{pattern}' is not a file system path.");
                    }
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
                {
                    WriteError(new ErrorRecord(ex, ErrorIds.ExportFileUnavailable, ErrorCategory.ObjectNotFound, pattern)
                    {
                        ErrorDetails = new ErrorDetails($"The file '{pattern}' was not found: {ex.Message} Nothing was written."),
                    });
                    continue;
                }

                foreach (var file in files)
                {
                    Import(file, $"'{file}'");
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                if (_lines != null)
                {
                    _lines.Dispose();
                    _lines = null;
                    Import(_buffer!, "the pipeline input");
                }
            }
            finally
            {
                Clean();
                base.EndProcessing();
            }
        }

        private void Import(string file, string source)
        {
            Process(file, () =>
            {
                var context = CreateContext();
                var plan = SessionImport.Plan(context, Utf8Lines.Reader(file, source), Name, RenameMap());
                if (ShouldProcess($"namespace '{Resolved.Namespace}' on {Resolved.EndpointText}", "Import " + SessionImport.Describe(plan)))
                {
                    foreach (var result in SessionImport.Apply(context, plan))
                    {
                        WriteObject(result);
                    }
                }
            });
        }

        private Dictionary<string, string>? RenameMap()
        {
            if (Rename == null)
            {
                return null;
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in Rename)
            {
                var from = LanguagePrimitives.ConvertTo<string>(entry.Key);
                var to = LanguagePrimitives.ConvertTo<string>(entry.Value);
                SessionKeys.Validate(from, "Rename");
                map[from] = to ?? string.Empty;
            }

            return map;
        }

        private void Clean()
        {
            _lines?.Dispose();
            _lines = null;
            if (_buffer != null && File.Exists(_buffer))
            {
                File.Delete(_buffer);
            }

            _buffer = null;
        }
    }
}
