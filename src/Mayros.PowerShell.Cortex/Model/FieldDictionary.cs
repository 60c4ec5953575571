using System;
using System.Collections;
using System.Collections.Generic;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// An event's few string fields as two arrays searched in order: a listing of 100,000 events holds 100,000 of
    /// these, and a hash table each would cost several times the memory for no faster lookup at this size.
    /// </summary>
    public sealed class FieldDictionary : IReadOnlyDictionary<string, string>
    {
        /// <summary>An event with no fields.</summary>
        public static readonly FieldDictionary Empty = new FieldDictionary(Array.Empty<KeyValuePair<string, string>>());

        private readonly KeyValuePair<string, string>[] _pairs;

        private FieldDictionary(KeyValuePair<string, string>[] pairs)
        {
            _pairs = pairs;
        }

        /// <inheritdoc />
        public int Count => _pairs.Length;

        /// <inheritdoc />
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

        /// <inheritdoc />
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

        /// <inheritdoc />
        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The event has no field '{key}'.");

        /// <summary>The pairs in order; where a key repeats, its last value wins (as JSON readers do).</summary>
        public static FieldDictionary From(IReadOnlyList<KeyValuePair<string, string>> pairs)
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

            return new FieldDictionary(copy);
        }

        /// <inheritdoc />
        public bool ContainsKey(string key) => IndexOf(_pairs, _pairs.Length, key) >= 0;

        /// <inheritdoc />
        public bool TryGetValue(string key, out string value)
        {
            var at = IndexOf(_pairs, _pairs.Length, key);
            value = at >= 0 ? _pairs[at].Value : null!;
            return at >= 0;
        }

        /// <inheritdoc />
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
