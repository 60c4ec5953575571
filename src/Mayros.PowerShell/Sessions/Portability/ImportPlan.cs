using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>Where a session of an import stands in the target, before anything is written.</summary>
    internal enum ImportState
    {
        /// <summary>The key is free: the import writes the session.</summary>
        New,

        /// <summary>The target holds exactly this session already: nothing is written for it.</summary>
        Unchanged,

        /// <summary>The target holds part of it and no status (an interrupted import): the import finishes it.</summary>
        Resumed,
    }

    /// <summary>One session of an import.</summary>
    internal sealed class SessionToImport
    {
        public SessionToImport(string sourceKey, string key)
        {
            SourceKey = sourceKey;
            Key = key;
        }

        public string SourceKey { get; }

        /// <summary>The key it gets in the target (its own, or the one -Name or -Rename gives it).</summary>
        public string Key { get; }

        public long Events { get; set; }

        public int Checkpoints { get; set; }

        public string? Status { get; set; }

        public List<CortexTripleInput> Values { get; } = new List<CortexTripleInput>();

        public ImportState State { get; set; }
    }

    /// <summary>What an import will write, decided (and the file checked from end to end) before anything is written.</summary>
    internal sealed class ImportPlan
    {
        public ImportPlan(ExportFileReader file, ExportHeader header, IReadOnlyList<SessionToImport> sessions, EventKeySet ids)
        {
            File = file;
            Header = header;
            Sessions = sessions;
            Ids = ids;
        }

        /// <summary>The file, read again when the import writes.</summary>
        public ExportFileReader File { get; }

        /// <summary>The file, as messages name it.</summary>
        public string Source => File.Source;

        public ExportHeader Header { get; }

        public IReadOnlyList<SessionToImport> Sessions { get; }

        /// <summary>The file's event ids: references to them follow a rename.</summary>
        public EventKeySet Ids { get; }

        public long Events => Sessions.Sum(s => s.Events);

        public int EventRequests { get; set; }

        public int RecordRequests { get; set; }

        /// <summary>Every session is already in the target exactly as in the file.</summary>
        public bool NothingToWrite => Sessions.All(s => s.State == ImportState.Unchanged);
    }
}
