using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Mayros.PowerShell.Cortex;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// New events written from existing ones: a fork's copies and an undo's restored events. Each keeps the original's
    /// type, agent, timestamp and duration, gets a derived id (so a re-run writes what Cortex already holds, which it
    /// skips, instead of duplicates) and fields of its own, and its parent link points at the parent's new id wherever
    /// the parent is written too.
    /// </summary>
    internal static class EventCopies
    {
        /// <summary>
        /// The new events for session <paramref name="key"/>, planned into requests at once, so that an event too large
        /// for any request fails here, before anything is written. The copies are made as they are needed (to plan,
        /// then to write each request), never all held at once.
        /// </summary>
        public static CortexWritePlan Plan(
            SessionContext context,
            EventIndex index,
            IReadOnlyList<SessionEvent> originals,
            string key,
            Func<string, string> newId,
            Func<SessionEvent, FieldDictionary> fields)
        {
            index.ResolveAgents(originals);
            var written = new HashSet<string>(originals.Select(e => e.Id), StringComparer.Ordinal);
            var ids = new LastIds(newId);
            CortexEvent Copy(SessionEvent e) => new CortexEvent(
                ids.Of(e.Id),
                e.Type,
                e.Agent,
                e.TimestampText,
                key,
                e.ParentEvent != null && written.Contains(e.ParentEvent) ? ids.Of(e.ParentEvent) : e.ParentEvent,
                e.DurationMs,
                fields(e));
            return context.Api.PlanEvents(context.Layout.Namespace, new Projection(originals, Copy));
        }

        /// <summary>
        /// New ids, remembering the last two: an event's parent is nearly always the event before it, so a copy and
        /// its parent link cost one hash between them.
        /// </summary>
        private sealed class LastIds
        {
            private readonly Func<string, string> _newId;
            private string? _a, _aNew, _b, _bNew;

            public LastIds(Func<string, string> newId) => _newId = newId;

            public string Of(string id)
            {
                if (ReferenceEquals(id, _a) || id == _a)
                {
                    return _aNew!;
                }

                if (ReferenceEquals(id, _b) || id == _b)
                {
                    return _bNew!;
                }

                (_b, _bNew) = (_a, _aNew);
                (_a, _aNew) = (id, _newId(id));
                return _aNew;
            }
        }

        /// <summary>A list whose items are made from another's when they are read.</summary>
        private sealed class Projection : IReadOnlyList<CortexEvent>
        {
            private readonly IReadOnlyList<SessionEvent> _source;
            private readonly Func<SessionEvent, CortexEvent> _make;

            public Projection(IReadOnlyList<SessionEvent> source, Func<SessionEvent, CortexEvent> make)
            {
                _source = source;
                _make = make;
            }

            public int Count => _source.Count;

            public CortexEvent this[int index] => _make(_source[index]);

            public IEnumerator<CortexEvent> GetEnumerator()
            {
                foreach (var e in _source)
                {
                    yield return _make(e);
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>
        /// A UUID (version 5 layout) from SHA-256 of a purpose and its parts, one per line: the same inputs always
        /// give the same id, so a re-run writes what Cortex already holds and it is skipped.
        /// </summary>
        public static string DerivedId(HashAlgorithm sha, string purpose, params string[] parts)
        {
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(purpose + "\n" + string.Join("\n", parts)));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            var id = new char[36];
            for (int i = 0, at = 0; i < 16; i++)
            {
                if (at == 8 || at == 13 || at == 18 || at == 23)
                {
                    id[at++] = '-';
                }

                id[at++] = Hex[hash[i] >> 4];
                id[at++] = Hex[hash[i] & 0x0F];
            }

            return new string(id);
        }

        /// <summary>
        /// An event's own fields for a new event written from it: without the module's bookkeeping (optionally keeping
        /// where the event was copied from), plus the new event's own.
        /// </summary>
        public static FieldDictionary OwnFields(SessionEvent e, bool keepCopiedFrom, params KeyValuePair<string, string>[] added)
        {
            var fields = new List<KeyValuePair<string, string>>(e.Fields.Count + added.Length);
            foreach (var field in e.Fields)
            {
                if (!SessionLayout.IsBookkeeping(field.Key) || (keepCopiedFrom && field.Key == SessionLayout.CopiedFromField))
                {
                    fields.Add(field);
                }
            }

            fields.AddRange(added);
            return FieldDictionary.From(fields);
        }

        private const string Hex = "0123456789abcdef";
    }
}
