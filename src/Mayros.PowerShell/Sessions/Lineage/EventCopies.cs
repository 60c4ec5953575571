using System;
using System.Collections.Generic;
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
        /// <summary>The events a write copies, read by index from the first to the last, and whether an id is among them.</summary>
        internal interface ICopySource
        {
            int Count { get; }

            SessionEvent this[int index] { get; }

            /// <summary>Whether <paramref name="id"/> is among the events, asked for the parent of event <paramref name="at"/>.</summary>
            bool Has(string id, int at);
        }

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
            return Plan(context, new Originals(originals), key, newId, fields);
        }

        /// <summary>The same, for events read again as they are needed (a spool's), whose agents are already resolved.</summary>
        public static CortexWritePlan Plan(SessionContext context, ICopySource originals, string key, Func<string, string> newId, Func<SessionEvent, FieldDictionary> fields)
        {
            var ids = new LastIds(newId);
            SessionEvent? last = null;
            CortexEvent Copy(int i)
            {
                var e = last = originals[i];
                return new CortexEvent(
                    ids.Of(e.Id),
                    e.Type,
                    e.Agent,
                    e.TimestampText,
                    key,
                    e.ParentEvent != null && originals.Has(e.ParentEvent, i) ? ids.Of(e.ParentEvent) : e.ParentEvent,
                    e.DurationMs,
                    fields(e));
            }

            try
            {
                return context.Api.PlanEvents(context.Layout.Namespace, new Projection(originals.Count, Copy));
            }
            catch (CortexRequestTooLargeException tooLarge) when (last != null)
            {
                // The copy's id means nothing to the user; the event it is written from does.
                throw new CortexRequestTooLargeException($"The new event written from event '{last.Id}' of session '{last.Session}'", tooLarge.Bytes, tooLarge.Limit,
                    tooLarge.Server);
            }
        }

        /// <summary>
        /// Whether an id is one of the events being copied. An event's parent is nearly always the event just before
        /// it, which is looked at first; only another parent makes the ids sorted, once, to be searched (four bytes an
        /// event, where a hash set of a million ids would cost some thirty megabytes).
        /// </summary>
        private sealed class Originals : ICopySource
        {
            private readonly IReadOnlyList<SessionEvent> _events;
            private int[]? _byId;

            public Originals(IReadOnlyList<SessionEvent> events) => _events = events;

            public int Count => _events.Count;

            public SessionEvent this[int index] => _events[index];

            /// <summary>Whether <paramref name="id"/> is among the events, asked for the parent of event <paramref name="at"/>.</summary>
            public bool Has(string id, int at)
            {
                if ((at > 0 && string.Equals(_events[at - 1].Id, id, StringComparison.Ordinal))
                    || (at + 1 < _events.Count && string.Equals(_events[at + 1].Id, id, StringComparison.Ordinal)))
                {
                    return true;
                }

                if (_byId == null)
                {
                    var byId = new int[_events.Count];
                    for (var i = 0; i < byId.Length; i++)
                    {
                        byId[i] = i;
                    }

                    Array.Sort(byId, (a, b) => string.CompareOrdinal(_events[a].Id, _events[b].Id));
                    _byId = byId;
                }

                int low = 0, high = _byId.Length - 1;
                while (low <= high)
                {
                    var middle = low + ((high - low) / 2);
                    var c = string.CompareOrdinal(_events[_byId[middle]].Id, id);
                    if (c == 0)
                    {
                        return true;
                    }

                    if (c < 0)
                    {
                        low = middle + 1;
                    }
                    else
                    {
                        high = middle - 1;
                    }
                }

                return false;
            }
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

        /// <summary>A list whose items are made, by their index, when they are read.</summary>
        private sealed class Projection : IReadOnlyList<CortexEvent>
        {
            private readonly Func<int, CortexEvent> _make;

            public Projection(int count, Func<int, CortexEvent> make)
            {
                Count = count;
                _make = make;
            }

            public int Count { get; }

            public CortexEvent this[int index] => _make(index);

            public IEnumerator<CortexEvent> GetEnumerator()
            {
                for (var i = 0; i < Count; i++)
                {
                    yield return _make(i);
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
