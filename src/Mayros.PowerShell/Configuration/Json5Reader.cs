using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>A JSON5 (and so also JSON) text that could not be read, with where it went wrong.</summary>
    internal sealed class Json5Exception : Exception
    {
        public Json5Exception(string message, int line, int column)
            : base($"{message} (line {line}, column {column})")
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// Reads JSON5 into plain values: Dictionary&lt;string, object?&gt; for objects, List&lt;object?&gt; for arrays,
    /// string, double, bool and null. JSON5 adds comments, trailing commas, unquoted keys, single quotes, hex and
    /// signed numbers, Infinity and NaN; every JSON text is also JSON5. It reads the Mayros config file only (the
    /// records the module stores are read by the typed codecs of the Cortex assembly), and has no dependency, so
    /// that resolving a connection never needs System.Text.Json in the default load context.
    /// </summary>
    internal sealed class Json5Reader
    {
        private readonly string _text;
        private int _position;

        private Json5Reader(string text)
        {
            _text = text;
        }

        public static object? Parse(string text)
        {
            var reader = new Json5Reader(text ?? throw new ArgumentNullException(nameof(text)));
            reader.SkipTrivia();
            var value = reader.ReadValue();
            reader.SkipTrivia();
            if (reader._position < text.Length)
            {
                throw reader.Error("Unexpected text after the value");
            }

            return value;
        }

        private object? ReadValue()
        {
            if (_position >= _text.Length)
            {
                throw Error("Unexpected end of text; a value was expected");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                case '\'':
                    return ReadString();
                default:
                    if (TryWord("true"))
                    {
                        return true;
                    }

                    if (TryWord("false"))
                    {
                        return false;
                    }

                    if (TryWord("null"))
                    {
                        return null;
                    }

                    if (c == '-' || c == '+' || c == '.' || char.IsDigit(c) || c == 'I' || c == 'N')
                    {
                        return ReadNumber();
                    }

                    throw Error($"Unexpected character '{c}'");
            }
        }

        private Dictionary<string, object?> ReadObject()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _position++; // {
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _position++;
                    return result;
                }

                var key = Peek() == '"' || Peek() == '\'' ? ReadString() : ReadIdentifier();
                SkipTrivia();
                if (Peek() != ':')
                {
                    throw Error($"Expected ':' after the key '{key}'");
                }

                _position++;
                SkipTrivia();
                result[key] = ReadValue();
                SkipTrivia();
                var next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == '}')
                {
                    _position++;
                    return result;
                }

                throw Error("Expected ',' or '}' in an object");
            }
        }

        private List<object?> ReadArray()
        {
            var result = new List<object?>();
            _position++; // [
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _position++;
                    return result;
                }

                result.Add(ReadValue());
                SkipTrivia();
                var next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == ']')
                {
                    _position++;
                    return result;
                }

                throw Error("Expected ',' or ']' in an array");
            }
        }

        private string ReadString()
        {
            var quote = _text[_position++];
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("Unterminated string");
                }

                var c = _text[_position++];
                if (c == quote)
                {
                    return builder.ToString();
                }

                if (c == '\n' || c == '\r')
                {
                    throw Error("A line break inside a string must be escaped");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_position >= _text.Length)
                {
                    throw Error("Unterminated escape");
                }

                var e = _text[_position++];
                switch (e)
                {
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't': builder.Append('\t'); break;
                    case 'v': builder.Append('\v'); break;
                    case '0': builder.Append('\0'); break;
                    case 'x': builder.Append((char)ReadHex(2)); break;
                    case 'u': builder.Append((char)ReadHex(4)); break;
                    case '\r':
                        if (Peek() == '\n')
                        {
                            _position++;
                        }

                        break; // line continuation
                    case '\n':
                    case '\u2028':
                    case '\u2029':
                        break; // line continuation
                    default:
                        builder.Append(e);
                        break;
                }
            }
        }

        private int ReadHex(int digits)
        {
            if (_position + digits > _text.Length
                || !int.TryParse(_text.Substring(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw Error("Bad hexadecimal escape");
            }

            _position += digits;
            return value;
        }

        private string ReadIdentifier()
        {
            var start = _position;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsLetterOrDigit(c) || c == '_' || c == '$' || (c > 127 && !char.IsWhiteSpace(c) && c != ':'))
                {
                    _position++;
                    continue;
                }

                break;
            }

            if (_position == start || char.IsDigit(_text[start]))
            {
                throw Error("Expected a key");
            }

            return _text.Substring(start, _position - start);
        }

        private double ReadNumber()
        {
            var sign = 1.0;
            if (Peek() == '+' || Peek() == '-')
            {
                sign = _text[_position++] == '-' ? -1 : 1;
            }

            if (TryWord("Infinity"))
            {
                return sign * double.PositiveInfinity;
            }

            if (TryWord("NaN"))
            {
                return double.NaN;
            }

            if (Peek() == '0' && (PeekAt(1) == 'x' || PeekAt(1) == 'X'))
            {
                _position += 2;
                var hexStart = _position;
                while (_position < _text.Length && Uri.IsHexDigit(_text[_position]))
                {
                    _position++;
                }

                if (_position == hexStart)
                {
                    throw Error("Bad hexadecimal number");
                }

                return sign * ulong.Parse(_text.Substring(hexStart, _position - hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }

            var start = _position;
            while (_position < _text.Length && (char.IsDigit(_text[_position]) || "+-.eE".IndexOf(_text[_position]) >= 0))
            {
                _position++;
            }

            var text = _text.Substring(start, _position - start);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || text.Length == 0)
            {
                _position = start;
                throw Error($"'{text}' is not a number");
            }

            return sign * number;
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0)
            {
                var end = _position + word.Length;
                if (end >= _text.Length || !(char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
                {
                    _position = end;
                    return true;
                }
            }

            return false;
        }

        private void SkipTrivia()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    _position++;
                }
                else if (c == '/' && PeekAt(1) == '/')
                {
                    while (_position < _text.Length && _text[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '/' && PeekAt(1) == '*')
                {
                    var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error("Unterminated comment");
                    }

                    _position = end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private Json5Exception Error(string message)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < Math.Min(_position, _text.Length); i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            return new Json5Exception(message, line, column);
        }
    }
}
