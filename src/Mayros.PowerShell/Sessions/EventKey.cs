using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// An event id as 128 bits, for the sets and tables that must hold one entry per event of a large import: 16 bytes
    /// in the entry instead of a string of about 100 bytes beside it. Two independent 64-bit hashes of the id's
    /// characters; two different ids share a key with a chance of about 2^-128 per pair, which for a million events is
    /// far below the chance of a bit flipped in memory.
    /// </summary>
    internal readonly struct EventKey : IEquatable<EventKey>
    {
        private readonly ulong _first;
        private readonly ulong _second;

        private EventKey(ulong first, ulong second)
        {
            _first = first;
            _second = second;
        }

        public static EventKey Of(string id)
        {
            // FNV-1a for the first half; a multiply-rotate mix with another constant for the second.
            var first = 14695981039346656037UL;
            var second = 0x9E3779B97F4A7C15UL ^ (ulong)id.Length;
            foreach (var c in id)
            {
                first = (first ^ c) * 1099511628211UL;
                second = (second + c) * 0xC2B2AE3D27D4EB4FUL;
                second = (second << 31) | (second >> 33);
            }

            second ^= second >> 29;
            return new EventKey(first, second * 0x165667B19E3779F9UL);
        }

        public bool Equals(EventKey other) => _first == other._first && _second == other._second;

        public override bool Equals(object? obj) => obj is EventKey other && Equals(other);

        public override int GetHashCode() => unchecked((int)_first ^ (int)(_first >> 32));
    }

    /// <summary>Sets of event ids kept as <see cref="EventKey"/>s.</summary>
    internal sealed class EventKeySet
    {
        private readonly HashSet<EventKey> _keys = new HashSet<EventKey>();

        public void Add(string id) => _keys.Add(EventKey.Of(id));

        /// <summary>Adds an id; false when it was there already.</summary>
        public bool AddNew(string id) => _keys.Add(EventKey.Of(id));

        public bool Contains(string id) => _keys.Contains(EventKey.Of(id));
    }
}
