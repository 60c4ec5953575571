using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>
    /// An event's few string fields, searched in order: a listing of a million events holds a million of these, and a
    /// hash table each would cost several times the memory for no faster lookup at this size. Fields read from a
    /// listing stay as the listing sent them, their JSON object's UTF-8 bytes in a <see cref="FieldArena"/>, and a
    /// value becomes a string only when it is asked for; fields made here are pairs.
    /// </summary>
    public sealed class FieldDictionary : IReadOnlyDictionary<string, string>
    {
        /// <summary>An event with no fields.</summary>
        public static readonly FieldDictionary Empty = new FieldDictionary(Array.Empty<KeyValuePair<string, string>>());

        // Either the pairs (made here), or the bytes of a JSON object whose values are strings and whose names are
        // distinct (read from a listing), at _offset for _length bytes, with _count names. One field for both: a
        // million events, eight megabytes.
        private readonly object _store;
        private readonly int _offset;
        private readonly int _length;
        private readonly int _count;

        private FieldDictionary(KeyValuePair<string, string>[] pairs)
        {
            _store = pairs;
            _count = pairs.Length;
        }

        private FieldDictionary(byte[] json, int offset, int length, int count)
        {
            _store = json;
            _offset = offset;
            _length = length;
            _count = count;
        }

        /// <inheritdoc />
        public int Count => _count;

        /// <inheritdoc />
        public IEnumerable<string> Keys
        {
            get
            {
                foreach (var pair in this)
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
                foreach (var pair in this)
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

        /// <summary>
        /// Fields kept as JSON: <paramref name="length"/> bytes at <paramref name="offset"/> of <paramref name="json"/>
        /// are one object of <paramref name="count"/> (at least one) distinct names, every value a string (the caller,
        /// <see cref="FieldArena"/>, has checked).
        /// </summary>
        internal static FieldDictionary FromJson(byte[] json, int offset, int length, int count) =>
            new FieldDictionary(json, offset, length, count);

        /// <inheritdoc />
        public bool ContainsKey(string key) => TryGetValue(key, out _);

        /// <inheritdoc />
        public bool TryGetValue(string key, out string value)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (_store is KeyValuePair<string, string>[] pairs)
            {
                var at = IndexOf(pairs, pairs.Length, key);
                value = at >= 0 ? pairs[at].Value : null!;
                return at >= 0;
            }

            // Names are distinct, so the first that matches is the field. (The listing came from Cortex, whose strings
            // are valid UTF-8 without lone surrogates, so decoding a value here cannot fail where reading it did not.)
            var reader = Reader();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(key);
                reader.Read();
                if (match)
                {
                    value = reader.GetString()!;
                    return true;
                }
            }

            value = null!;
            return false;
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            if (_store is KeyValuePair<string, string>[] pairs)
            {
                return ((IEnumerable<KeyValuePair<string, string>>)pairs).GetEnumerator();
            }

            // Read into pairs at once: an iterator cannot hold the reader, and an event has a few fields.
            var read = new KeyValuePair<string, string>[_count];
            var reader = Reader();
            for (var i = 0; i < read.Length && reader.Read() && reader.TokenType == JsonTokenType.PropertyName; i++)
            {
                var name = reader.GetString()!;
                reader.Read();
                read[i] = new KeyValuePair<string, string>(name, reader.GetString()!);
            }

            return ((IEnumerable<KeyValuePair<string, string>>)read).GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>A reader on the object's first name (or its end).</summary>
        private Utf8JsonReader Reader()
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>((byte[])_store, _offset, _length));
            reader.Read();
            return reader;
        }

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

    /// <summary>
    /// Where the fields of a listing's events are kept as the listing sent them: blocks of 64 KiB, each below the size
    /// the collector treats as a large object, filled one event's fields after another. Fields larger than a block
    /// quarter get an array of their own, so a block wastes at most that much at its end.
    /// </summary>
    internal sealed class FieldArena
    {
        private const int BlockBytes = 64 * 1024;
        private const int OwnArrayBytes = BlockBytes / 4;

        private byte[]? _block;
        private int _used;

        /// <summary>The fields of one event: <paramref name="json"/> is one object of <paramref name="count"/> distinct names whose values are strings.</summary>
        public FieldDictionary Add(ReadOnlySpan<byte> json, int count)
        {
            if (count == 0)
            {
                return FieldDictionary.Empty;
            }

            if (json.Length > OwnArrayBytes)
            {
                return FieldDictionary.FromJson(json.ToArray(), 0, json.Length, count);
            }

            if (_block == null || _used + json.Length > _block.Length)
            {
                _block = new byte[BlockBytes];
                _used = 0;
            }

            json.CopyTo(new Span<byte>(_block, _used, json.Length));
            var fields = FieldDictionary.FromJson(_block, _used, json.Length, count);
            _used += json.Length;
            return fields;
        }
    }
}
