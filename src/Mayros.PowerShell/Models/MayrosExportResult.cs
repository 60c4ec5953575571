using System.Collections.Generic;

namespace Mayros.PowerShell.Models
{
    /// <summary>What Export-MayrosSession -PassThru reports: the file and what it holds.</summary>
    public sealed class MayrosExportResult
    {
        /// <summary>An export as Export-MayrosSession -PassThru emits it.</summary>
        public MayrosExportResult(string sessionKey, IReadOnlyList<string> sessions, long events, int checkpoints, string? path)
        {
            SessionKey = sessionKey;
            Sessions = new MayrosList<string>(sessions);
            Events = events;
            Checkpoints = checkpoints;
            Path = path;
        }

        /// <summary>The session exported (with -Recurse, the root of the lineage).</summary>
        public string SessionKey { get; }

        /// <summary>Every session in the file, parents before their forks.</summary>
        public IReadOnlyList<string> Sessions { get; }

        /// <summary>The event lines written, live and hidden events of all the sessions.</summary>
        public long Events { get; }

        /// <summary>The checkpoints in the sessions' records.</summary>
        public int Checkpoints { get; }

        /// <summary>The file written.</summary>
        public string? Path { get; }

        /// <summary>The file's size in bytes.</summary>
        public long Length { get; internal set; }

        /// <summary>The session key.</summary>
        public override string ToString() => SessionKey;
    }
}
