using System;
using System.Security.Cryptography;
using System.Text;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// The ids of a spooled session's events, by their position in the spool, in 16 bytes an event: a lowercase UUID
    /// (what Mayros and the module write) as its 32 hex digits in two numbers, any other id as the first 128 bits of
    /// its SHA-256 (two different ids meet there with a chance near 2^-128 a pair, as content addresses do). Once
    /// sealed it says which positions repeat an earlier one (Cortex lists an event with two type triples twice, and a
    /// listing read again after a dropped connection repeats what it had sent) and where an id is, by a binary search.
    /// </summary>
    internal sealed class EventIdTable : IDisposable
    {
        private const int NotHex = -1;
        private readonly SHA256 _sha = SHA256.Create();
        private ulong[] _high = new ulong[1024];
        private ulong[] _low = new ulong[1024];
        private int[]? _sorted;
        private bool[]? _repeats;

        /// <summary>How many ids were added (repeats included).</summary>
        public int Count { get; private set; }

        /// <summary>Adds the id of the event at the next position.</summary>
        public void Add(string id)
        {
            if (_sorted != null)
            {
                throw new InvalidOperationException("The table is sealed.");
            }

            if (Count == _high.Length)
            {
                Array.Resize(ref _high, _high.Length * 2);
                Array.Resize(ref _low, _low.Length * 2);
            }

            (_high[Count], _low[Count]) = Key(id);
            Count++;
        }

        /// <summary>Sorts the ids once (a permutation of positions, 4 bytes an event) and marks every repeat after the first.</summary>
        public void Seal()
        {
            var sorted = new int[Count];
            for (var i = 0; i < sorted.Length; i++)
            {
                sorted[i] = i;
            }

            Array.Sort(sorted, Compare);
            var repeats = new bool[Count];
            for (var i = 1; i < sorted.Length; i++)
            {
                if (_high[sorted[i]] == _high[sorted[i - 1]] && _low[sorted[i]] == _low[sorted[i - 1]])
                {
                    repeats[sorted[i]] = true;
                }
            }

            _sorted = sorted;
            _repeats = repeats;
        }

        /// <summary>Whether the event at this position repeats one listed before it.</summary>
        public bool IsRepeat(int position) => _repeats![position];

        /// <summary>The first position of this id, or -1 when no event has it.</summary>
        public int Find(string id)
        {
            var (high, low) = Key(id);
            var sorted = _sorted!;
            int lo = 0, hi = sorted.Length - 1;
            while (lo <= hi)
            {
                var middle = lo + ((hi - lo) / 2);
                var p = sorted[middle];
                var c = _high[p] != high ? _high[p].CompareTo(high) : _low[p].CompareTo(low);
                if (c == 0)
                {
                    // Repeats sort after their first position, so step back to it.
                    while (middle > 0 && _high[sorted[middle - 1]] == high && _low[sorted[middle - 1]] == low)
                    {
                        middle--;
                    }

                    return sorted[middle];
                }

                if (c < 0)
                {
                    lo = middle + 1;
                }
                else
                {
                    hi = middle - 1;
                }
            }

            return -1;
        }

        public void Dispose() => _sha.Dispose();

        private (ulong High, ulong Low) Key(string id)
        {
            if (TryParse(id, out var high, out var low))
            {
                return (high, low);
            }

            var hash = _sha.ComputeHash(Encoding.UTF8.GetBytes(id));
            return (BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
        }

        private int Compare(int a, int b)
        {
            var c = _high[a] != _high[b] ? _high[a].CompareTo(_high[b]) : _low[a].CompareTo(_low[b]);
            return c != 0 ? c : a.CompareTo(b);
        }

        /// <summary>A lowercase 8-4-4-4-12 UUID as its first and last 16 hex digits; false for any other text.</summary>
        internal static bool TryParse(string id, out ulong high, out ulong low)
        {
            high = 0;
            low = 0;
            if (id.Length != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-')
            {
                return false;
            }

            var digits = 0;
            for (var i = 0; i < 36; i++)
            {
                if (i == 8 || i == 13 || i == 18 || i == 23)
                {
                    continue;
                }

                var ch = id[i];
                int value = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : NotHex;
                if (value == NotHex)
                {
                    return false;
                }

                if (digits++ < 16)
                {
                    high = (high << 4) | (uint)value;
                }
                else
                {
                    low = (low << 4) | (uint)value;
                }
            }

            return true;
        }
    }
}
