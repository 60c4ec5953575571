using System;
using System.Collections;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// An event's few string fields as two arrays searched in order: a listing of 100,000 events holds 100,000 of
    /// these, and a hash table each would cost several times the memory for no faster lookup at this size.
    /// </summary>
    public sealed class FieldMap : IReadOnlyDictionary<string, string>
    {
        public static readonly FieldMap Empty = new FieldMap(Array.Empty<KeyValuePair<string, string>>());

        private readonly KeyValuePair<string, string>[] _pairs;

        private FieldMap(KeyValuePair<string, string>[] pairs)
        {
            _pairs = pairs;
        }

        public int Count => _pairs.Length;

        public IEnumerable<string> Keys
        {
            get
            {
                foreach (var pair in _pairs)
                {
                    yield return pair.Key;
                }
            }
        }

        public IEnumerable<string> Values
        {
            get
            {
                foreach (var pair in _pairs)
                {
                    yield return pair.Value;
                }
            }
        }

        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The event has no field '{key}'.");

        /// <summary>The pairs in order; where a key repeats, its last value wins (as JSON readers do).</summary>
        public static FieldMap From(IReadOnlyList<KeyValuePair<string, string>> pairs)
        {
            if (pairs.Count == 0)
            {
                return Empty;
            }

            var copy = new KeyValuePair<string, string>[pairs.Count];
            var count = 0;
            foreach (var pair in pairs)
            {
                var at = IndexOf(copy, count, pair.Key);
                if (at >= 0)
                {
                    copy[at] = pair;
                }
                else
                {
                    copy[count++] = pair;
                }
            }

            if (count < copy.Length)
            {
                Array.Resize(ref copy, count);
            }

            return new FieldMap(copy);
        }

        public bool ContainsKey(string key) => IndexOf(_pairs, _pairs.Length, key) >= 0;

        public bool TryGetValue(string key, out string value)
        {
            var at = IndexOf(_pairs, _pairs.Length, key);
            value = at >= 0 ? _pairs[at].Value : null!;
            return at >= 0;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static int IndexOf(KeyValuePair<string, string>[] pairs, int count, string key)
        {
            for (var i = 0; i < count; i++)
            {
                if (string.Equals(pairs[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
