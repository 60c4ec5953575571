using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>The first line of an export: what the file is, which version of the format, where it came from, what it holds.</summary>
    public sealed class ExportHeader
    {
        /// <summary>A header to write or as read.</summary>
        public ExportHeader(int version, string module, string exportedAt, string server, string @namespace, string root, IReadOnlyList<string> sessions)
        {
            Version = version;
            Module = module;
            ExportedAt = exportedAt;
            Server = server;
            Namespace = @namespace;
            Root = root;
            Sessions = sessions;
        }

        /// <summary>The format version the file is written in.</summary>
        public int Version { get; }

        /// <summary>The module (name and version) that wrote it.</summary>
        public string Module { get; }

        /// <summary>When it was written (ISO 8601, UTC).</summary>
        public string ExportedAt { get; }

        /// <summary>The Cortex it was read from.</summary>
        public string Server { get; }

        /// <summary>The namespace it was read from.</summary>
        public string Namespace { get; }

        /// <summary>The session asked for (with -Recurse, the root of the lineage).</summary>
        public string Root { get; }

        /// <summary>Every session in the file, parents before their forks.</summary>
        public IReadOnlyList<string> Sessions { get; }
    }

    /// <summary>One stored value of a session's record: its field (the predicate after {ns}:session:) or a foreign predicate.</summary>
    public sealed class ExportRecordValue
    {
        /// <summary>A value under {ns}:session:<paramref name="field"/>, or (field null) under the full <paramref name="predicate"/>.</summary>
        public ExportRecordValue(string? field, string? predicate, CortexValue value)
        {
            Field = field;
            Predicate = predicate;
            Value = value;
        }

        /// <summary>The field, as in status or checkpoint; null for a predicate outside the namespace's session fields.</summary>
        public string? Field { get; }

        /// <summary>The full predicate, when it is not one of the namespace's session fields.</summary>
        public string? Predicate { get; }

        /// <summary>The value, with its kind (string, node, integer, float, boolean) as Cortex stores it.</summary>
        public CortexValue Value { get; }
    }

    /// <summary>A session's record: every value stored under its subject.</summary>
    public sealed class ExportRecord
    {
        /// <summary>The record of <paramref name="session"/>.</summary>
        public ExportRecord(string session, IReadOnlyList<ExportRecordValue> values)
        {
            Session = session;
            Values = values;
        }

        /// <summary>The session's key.</summary>
        public string Session { get; }

        /// <summary>Its stored values.</summary>
        public IReadOnlyList<ExportRecordValue> Values { get; }
    }

    /// <summary>An event line: the event as Cortex's events listing gives it, and the session it belongs to.</summary>
    public sealed class ExportEvent
    {
        /// <summary>An event of <paramref name="session"/>.</summary>
        public ExportEvent(string session, CortexEvent e)
        {
            Session = session;
            Event = e;
        }

        /// <summary>The session's key.</summary>
        public string Session { get; }

        /// <summary>The event.</summary>
        public CortexEvent Event { get; }
    }

    /// <summary>The last line of an export: what the file held, so that a file cut short is known as such.</summary>
    public sealed class ExportEnd
    {
        /// <summary>The end of a file of <paramref name="sessions"/> records and <paramref name="events"/> event lines.</summary>
        public ExportEnd(int sessions, long events)
        {
            Sessions = sessions;
            Events = events;
        }

        /// <summary>Session lines in the file.</summary>
        public int Sessions { get; }

        /// <summary>Event lines in the file.</summary>
        public long Events { get; }
    }

    /// <summary>A line that is not what the format allows there; the reader adds the line number.</summary>
    public sealed class ExportFormatException : Exception
    {
        /// <summary>A line that breaks the format, for the reason given.</summary>
        public ExportFormatException(string message, bool newerVersion = false)
            : base(message)
        {
            NewerVersion = newerVersion;
        }

        /// <summary>Creates the exception with no details (the format's reasons are always given).</summary>
        public ExportFormatException()
        {
        }

        /// <summary>Creates the exception around an inner one.</summary>
        public ExportFormatException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>The file is in a later version of the format than this module reads.</summary>
        public bool NewerVersion { get; }
    }
}
