using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// One session's events as the listing sent them, kept in a temporary file instead of memory, for a command that
    /// goes over a whole session more than once (a fork: once to check and plan, again to write). Memory holds only
    /// the ids (<see cref="EventIdTable"/>, 16 bytes an event) and the rewinds and undos the markers name, so it does
    /// not grow with the events' size. The file is deleted when the spool is disposed (and by the system if the
    /// process dies first). Reading gives each event once, in the order listed, as a new <see cref="SessionEvent"/>.
    /// </summary>
    internal sealed class EventSpool : IDisposable
    {
        private readonly string _session;
        private readonly string _path;
        private readonly FileStream _file;
        private readonly BinaryWriter _writer;
        private bool _sealed;

        public EventSpool(string session)
        {
            _session = session;
            _path = Path.Combine(Path.GetTempPath(), "mayros-spool-" + Guid.NewGuid().ToString("N") + ".tmp");
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new BinaryWriter(_file, new UTF8Encoding(false), leaveOpen: true);
        }

        /// <summary>Where the events are kept (deleted on Dispose).</summary>
        internal string FilePath => _path;

        /// <summary>The ids of the events, by position (repeats included).</summary>
        public EventIdTable Ids { get; } = new EventIdTable();

        /// <summary>The rewinds whose markers hide some of these events (what a consistent read compares with the record).</summary>
        public HashSet<string> RewoundBy { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The undos (by rewind id) whose restored copies are among these events.</summary>
        public HashSet<string> RestoredBy { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The events, each once (known when the listing is over).</summary>
        public int Count { get; private set; }

        public void Add(CortexEvent e)
        {
            if (e.Fields.TryGetValue(SessionLayout.RewoundByField, out var rewind) && e.Fields.TryGetValue(SessionLayout.RewoundField, out var marker)
                && string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase))
            {
                RewoundBy.Add(rewind);
            }

            if (e.Fields.TryGetValue(SessionLayout.RestoredByField, out var undo))
            {
                RestoredBy.Add(undo);
            }

            Ids.Add(e.Id);
            _writer.Write(e.Id);
            _writer.Write(e.Type);
            _writer.Write(e.Agent);
            _writer.Write(e.Timestamp);
            WriteOptional(e.ParentEvent);
            _writer.Write(e.DurationMs.HasValue);
            _writer.Write(e.DurationMs ?? 0);
            _writer.Write(e.Fields.Count);
            foreach (var field in e.Fields)
            {
                _writer.Write(field.Key);
                _writer.Write(field.Value);
            }
        }

        /// <summary>Ends the listing: the file is complete and the repeats known.</summary>
        public void Seal()
        {
            _writer.Flush();
            Ids.Seal();
            var count = 0;
            for (var i = 0; i < Ids.Count; i++)
            {
                if (!Ids.IsRepeat(i))
                {
                    count++;
                }
            }

            Count = count;
            _sealed = true;
        }

        /// <summary>The events with their positions, each once, in the order listed; read from the file each time.</summary>
        public IEnumerable<(int Position, SessionEvent Event)> Read()
        {
            if (!_sealed)
            {
                throw new InvalidOperationException("The spool is read before its listing is over.");
            }

            using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            using var reader = new BinaryReader(file, new UTF8Encoding(false));
            for (var position = 0; position < Ids.Count; position++)
            {
                var e = ReadOne(reader);
                if (!Ids.IsRepeat(position))
                {
                    yield return (position, e);
                }
            }
        }

        /// <summary>The events, each once, in the order listed.</summary>
        public IEnumerable<SessionEvent> Events()
        {
            foreach (var (_, e) in Read())
            {
                yield return e;
            }
        }

        public void Dispose()
        {
            _writer.Dispose();
            _file.Dispose();
            Ids.Dispose();
        }

        private SessionEvent ReadOne(BinaryReader reader)
        {
            var id = reader.ReadString();
            var type = reader.ReadString();
            var agent = reader.ReadString();
            var timestamp = reader.ReadString();
            var parent = reader.ReadBoolean() ? reader.ReadString() : null;
            var hasDuration = reader.ReadBoolean();
            var duration = reader.ReadUInt64();
            var fields = new KeyValuePair<string, string>[reader.ReadInt32()];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = new KeyValuePair<string, string>(reader.ReadString(), reader.ReadString());
            }

            return new SessionEvent(id, _session, type, agent, timestamp, parent, hasDuration ? duration : (ulong?)null, FieldDictionary.From(fields));
        }

        private void WriteOptional(string? text)
        {
            _writer.Write(text != null);
            if (text != null)
            {
                _writer.Write(text);
            }
        }
    }

    /// <summary>
    /// The events of a spool that a command writes anew (a fork's copies), chosen once by a test and then read again
    /// from the file, in order, each time they are asked for: by index, from the first to the last (what planning the
    /// requests and then sending them do), never held all at once.
    /// </summary>
    internal sealed class SpoolSelection : EventCopies.ICopySource, IDisposable
    {
        private readonly EventSpool _spool;
        private readonly bool[] _chosen;
        private readonly IReadOnlyDictionary<string, string> _agents;
        private IEnumerator<(int Position, SessionEvent Event)>? _reader;
        private SessionEvent? _current;
        private int _next;

        private SpoolSelection(EventSpool spool, bool[] chosen, int count, IReadOnlyDictionary<string, string> agents)
        {
            _spool = spool;
            _chosen = chosen;
            Count = count;
            _agents = agents;
        }

        /// <summary>
        /// The events <paramref name="keep"/> accepts, in one pass over the file; agents the events API could not report
        /// are looked up once (one listing, only when some chosen event lacks its agent).
        /// </summary>
        public static SpoolSelection Choose(EventSpool spool, Func<SessionEvent, bool> keep, Func<IEnumerable<string>, IReadOnlyDictionary<string, string>> agentsOf)
        {
            var chosen = new bool[spool.Ids.Count];
            var count = 0;
            var withoutAgent = new List<string>();
            foreach (var (position, e) in spool.Read())
            {
                if (keep(e))
                {
                    chosen[position] = true;
                    count++;
                    if (e.Agent.Length == 0)
                    {
                        withoutAgent.Add(e.Id);
                    }
                }
            }

            var agents = withoutAgent.Count > 0 ? agentsOf(withoutAgent) : new Dictionary<string, string>();
            return new SpoolSelection(spool, chosen, count, agents);
        }

        public int Count { get; }

        /// <summary>The chosen event at this index; asked for in order from 0 (the one just given may be asked for again).</summary>
        public SessionEvent this[int index]
        {
            get
            {
                if (_current != null && index == _next - 1)
                {
                    return _current;
                }

                if (index == 0)
                {
                    _reader?.Dispose();
                    _reader = _spool.Read().GetEnumerator();
                    _next = 0;
                }
                else if (_reader == null || index != _next)
                {
                    throw new InvalidOperationException($"Spooled events are read in order: event {index} was asked for after {_next - 1}.");
                }

                while (_reader.MoveNext())
                {
                    var (position, e) = _reader.Current;
                    if (_chosen[position])
                    {
                        if (e.Agent.Length == 0 && _agents.TryGetValue(e.Id, out var agent))
                        {
                            e.SetAgent(agent);
                        }

                        _current = e;
                        _next = index + 1;
                        return e;
                    }
                }

                throw new InvalidOperationException($"The spool holds {Count:N0} chosen events; event {index} was asked for.");
            }
        }

        /// <summary>Whether an id is one of the chosen events.</summary>
        public bool Has(string id, int at)
        {
            var position = _spool.Ids.Find(id);
            return position >= 0 && _chosen[position];
        }

        public void Dispose() => _reader?.Dispose();
    }
}
