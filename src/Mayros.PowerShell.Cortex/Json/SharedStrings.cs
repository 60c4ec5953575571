using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// The last few strings read at one place of a listing or a file (an event's type, its agent, a field's name or
    /// value), so that the next value that says the same is compared where it lies in the JSON, as UTF-8, and shares
    /// the string read before instead of making a new one. A large listing then holds one copy of each repeated string
    /// rather than one per element. The oldest slot is replaced when all are taken.
    /// </summary>
    internal sealed class SharedStrings
    {
        private readonly Func<string, string>? _transform;
        private readonly int _maxLength;
        private readonly string?[] _texts;
        private readonly byte[]?[] _utf8;
        private int _next;

        /// <param name="slots">How many different strings are remembered.</param>
        /// <param name="transform">What a string read becomes (unbracketing a name, say); the raw text is what is compared.</param>
        /// <param name="maxLength">Longer strings are returned but not remembered.</param>
        public SharedStrings(int slots = 1, Func<string, string>? transform = null, int maxLength = int.MaxValue)
        {
            _texts = new string?[slots];
            _utf8 = new byte[]?[slots];
            _transform = transform;
            _maxLength = maxLength;
        }

        /// <summary>The string remembered last (after the transformation); null before the first.</summary>
        public string? Text => _texts[(_next + _texts.Length - 1) % _texts.Length];

        /// <summary>Whether the string token or property name at the reader says what one of the slots holds.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool Matches(ref Utf8JsonReader reader) => Find(ref reader) >= 0;

        /// <summary>The string at the reader (a string token), shared when it repeats; ShapeException otherwise.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string Read(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ShapeException(what + " is not a string");
            }

            var slot = Find(ref reader);
            return slot >= 0 ? _texts[slot]! : Remember(reader.GetString()!);
        }

        /// <summary>The string value of <paramref name="value"/> (a JSON string), shared when it repeats.</summary>
        public string Read(JsonElement value)
        {
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (_utf8[i] != null && value.ValueEquals(_utf8[i]))
                {
                    return _texts[i]!;
                }
            }

            return Remember(value.GetString()!);
        }

        /// <summary>The name of <paramref name="property"/>, shared when it repeats.</summary>
        public string Name(JsonProperty property)
        {
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (_utf8[i] != null && property.NameEquals(_utf8[i]))
                {
                    return _texts[i]!;
                }
            }

            return Remember(property.Name);
        }

        /// <summary>Remembers <paramref name="raw"/> in the next slot; returns what it becomes.</summary>
        public string Remember(string raw)
        {
            var text = _transform == null ? raw : _transform(raw);
            if (raw.Length <= _maxLength)
            {
                _texts[_next] = text;
                _utf8[_next] = Encoding.UTF8.GetBytes(raw);
                _next = (_next + 1) % _texts.Length;
            }

            return text;
        }

        [MethodImpl(HotPath.Optimized)]
        private int Find(ref Utf8JsonReader reader)
        {
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (_utf8[i] != null && reader.ValueTextEquals(_utf8[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
