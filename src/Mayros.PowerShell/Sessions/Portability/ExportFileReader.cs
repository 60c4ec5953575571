using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>What a whole export file holds, once every line of it has been checked.</summary>
    internal sealed class ExportFileContents
    {
        public ExportFileContents(ExportHeader header, IReadOnlyList<ExportRecord> records, EventKeySet ids)
        {
            Header = header;
            Records = records;
            Ids = ids;
        }

        public ExportHeader Header { get; }

        /// <summary>One record line per session of the header, in the file's order.</summary>
        public IReadOnlyList<ExportRecord> Records { get; }

        /// <summary>The file's event ids.</summary>
        public EventKeySet Ids { get; }
    }

    /// <summary>
    /// An export file as a reader must take it (docs/EXPORT-FORMAT.md): the header first, in a version this module
    /// reads, then every line read in the header's version; one record line per session the header names; nothing
    /// after the end line, whose counts must be the file's. The lines are never held: each pass reads them again.
    /// </summary>
    internal sealed class ExportFileReader
    {
        private readonly Func<IEnumerable<string>> _lines;

        /// <param name="source">The file, as messages name it ("'/tmp/a.ndjson'", "the pipeline input").</param>
        /// <param name="lines">The file's lines, read from the start each time they are enumerated.</param>
        public ExportFileReader(string source, Func<IEnumerable<string>> lines)
        {
            Source = source;
            _lines = lines;
        }

        public string Source { get; }

        /// <summary>
        /// Reads the file from end to end and applies every rule of the format. Any line that breaks one stops here with
        /// the line's number, before a single request.
        /// </summary>
        public ExportFileContents Check()
        {
            var state = new CheckState();
            var number = 0;
            foreach (var text in _lines())
            {
                number++;
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    state.Take(text);
                }
                catch (ExportFormatException ex)
                {
                    throw Invalid(number, ex);
                }
            }

            return state.Finish(this, number);
        }

        /// <summary>What <see cref="Check"/> has read so far, and the rules each next line must keep.</summary>
        private sealed class CheckState
        {
            private readonly List<ExportRecord> _records = new List<ExportRecord>();
            private readonly EventKeySet _ids = new EventKeySet();
            private ExportHeader? _header;
            private HashSet<string>? _sessions;
            private ExportEnd? _end;
            private long _events;

            public void Take(string text)
            {
                if (_header == null)
                {
                    _header = SessionExportFormat.ReadHeader(text);
                    _sessions = new HashSet<string>(_header.Sessions, StringComparer.Ordinal);
                    if (_sessions.Count != _header.Sessions.Count)
                    {
                        throw new ExportFormatException("\"sessions\" names a session twice");
                    }

                    return;
                }

                if (_end != null)
                {
                    throw new ExportFormatException("it comes after the end line");
                }

                switch (SessionExportFormat.ReadLine(text, _header.Version))
                {
                    case ExportRecord record:
                        RequireSession(_sessions!, record.Session);
                        if (_records.Any(r => r.Session == record.Session))
                        {
                            throw new ExportFormatException($"session '{record.Session}' has a record line already");
                        }

                        _records.Add(record);
                        break;
                    case ExportEvent e:
                        RequireSession(_sessions!, e.Session);
                        _ids.Add(e.Event.Id);
                        _events++;
                        break;
                    case ExportEnd last:
                        if (last.Sessions != _records.Count || last.Events != _events)
                        {
                            throw new ExportFormatException(CountsDiffer(last, _records.Count, _events));
                        }

                        _end = last;
                        break;
                }
            }

            /// <summary>The rules of the whole file, once its last line (<paramref name="number"/>) has been read.</summary>
            public ExportFileContents Finish(ExportFileReader reader, int number)
            {
                if (_header == null)
                {
                    throw reader.Invalid(Math.Max(1, number), new ExportFormatException("the file is empty"));
                }

                if (_end == null)
                {
                    throw reader.Invalid(number, new ExportFormatException(
                        $"the file ends here without its end line, so it was cut short ({_events:N0} events read)"));
                }

                var missing = _header.Sessions.Where(k => _records.All(r => r.Session != k)).ToList();
                if (missing.Count > 0)
                {
                    throw reader.Invalid(number, new ExportFormatException(
                        $"the header names session '{missing[0]}', but the file has no record line for it"));
                }

                return new ExportFileContents(_header, _records, _ids);
            }
        }

        /// <summary>The file's event lines (read in the version of <paramref name="header"/>), each with its length in characters.</summary>
        public IEnumerable<(ExportEvent Line, int Characters)> Events(ExportHeader header)
        {
            var first = true;
            foreach (var (text, number) in Lines())
            {
                if (first)
                {
                    first = false;
                    continue;
                }

                object line;
                try
                {
                    line = SessionExportFormat.ReadLine(text, header.Version);
                }
                catch (ExportFormatException ex)
                {
                    // Checked already: the file changed since.
                    throw Invalid(number, ex);
                }

                if (line is ExportEvent e)
                {
                    yield return (e, text.Length);
                }
            }
        }

        /// <summary>The lines that are not blank, with their numbers (from 1, blank ones counted).</summary>
        private IEnumerable<(string Text, int Number)> Lines()
        {
            var number = 0;
            foreach (var text in _lines())
            {
                number++;
                if (text.Trim().Length > 0)
                {
                    yield return (text, number);
                }
            }
        }

        private static void RequireSession(HashSet<string> sessions, string key)
        {
            if (!sessions.Contains(key))
            {
                throw new ExportFormatException($"its session '{key}' is not among the header's sessions");
            }
        }

        private static string CountsDiffer(ExportEnd end, int sessions, long events) =>
            $"the end line counts {end.Sessions:N0} sessions and {end.Events:N0} events, but the file holds {sessions:N0} and {events:N0}";

        private MayrosException Invalid(int line, ExportFormatException why) => new MayrosException(
            why.NewerVersion ? ErrorIds.ImportFileVersionUnsupported : ErrorIds.ImportFileInvalid,
            ErrorCategory.InvalidData,
            $"Line {line:N0} of {Source} cannot be imported: {why.Message}. Nothing was written.",
            Source,
            why.NewerVersion
                ? "Import it with the module version that wrote it, or a later one (Update-Module Mayros)."
                : "Import a file that Export-MayrosSession wrote, whole and unchanged (docs/EXPORT-FORMAT.md describes the format).");
    }
}
