using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>
    /// How the module writes and reads the small JSON objects it stores as literals (checkpoints, rewind records):
    /// compact, members in a fixed order, null members left out, and escaped exactly as the mayros CLI's JSON.stringify
    /// does (only quotes, backslashes and control characters; everything else as the UTF-8 it is), so that what is
    /// stored stays byte for byte what the module always wrote.
    /// </summary>
    internal static class StoredJson
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = StringifyEncoder.Instance };

        private static readonly JsonDocumentOptions ReaderOptions = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 16,
        };

        public static string Write(Action<Utf8JsonWriter> members)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                members(writer);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>Writes a string member unless its value is null.</summary>
        public static void Member(Utf8JsonWriter writer, string name, string? value)
        {
            if (value != null)
            {
                writer.WriteString(name, value);
            }
        }

        /// <summary>The text as a JSON object, or null when it is not one.</summary>
        public static JsonDocument? ParseObject(string text)
        {
            try
            {
                var document = JsonDocument.Parse(text, ReaderOptions);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document;
                }

                document.Dispose();
            }
            catch (JsonException)
            {
                // Not JSON: the caller treats the value as not one of its records.
            }

            return null;
        }

        /// <summary>A string member's value; null when it is absent, null, or not a string.</summary>
        public static string? String(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>A number member as a whole count from 0 to int.MaxValue (a fraction is cut, as the CLI's readers do).</summary>
        public static int? Count(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= 0 && number <= int.MaxValue
                ? (int)number
                : (int?)null;

        /// <summary>
        /// Escapes what JSON.stringify escapes: '"', '\\', and the control characters below U+0020 (\b \t \n \f \r
        /// by name, the rest as lowercase \u00xx). Unlike System.Text.Json's own encoders it leaves HTML characters,
        /// U+2028 and characters outside the Basic Multilingual Plane alone.
        /// </summary>
        private sealed class StringifyEncoder : JavaScriptEncoder
        {
            public static readonly StringifyEncoder Instance = new StringifyEncoder();

            private const string Hex = "0123456789abcdef";

            public override int MaxOutputCharactersPerInputCharacter => 6;

            public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\';

            public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
            {
                for (var i = 0; i < textLength; i++)
                {
                    if (WillEncode(text[i]))
                    {
                        return i;
                    }
                }

                return -1;
            }

            public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
            {
                var escaped = unicodeScalar switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\b' => "\\b",
                    '\t' => "\\t",
                    '\n' => "\\n",
                    '\f' => "\\f",
                    '\r' => "\\r",
                    _ when unicodeScalar < 0x20 => "\\u00" + Hex[unicodeScalar >> 4] + Hex[unicodeScalar & 0xF],
                    _ => null,
                };

                if (escaped == null)
                {
                    // Not one to escape: the scalar as it is (one or two UTF-16 units).
                    var units = char.ConvertFromUtf32(unicodeScalar);
                    return Copy(units, buffer, bufferLength, out numberOfCharactersWritten);
                }

                return Copy(escaped, buffer, bufferLength, out numberOfCharactersWritten);
            }

            private static unsafe bool Copy(string text, char* buffer, int bufferLength, out int written)
            {
                if (text.Length > bufferLength)
                {
                    written = 0;
                    return false;
                }

                for (var i = 0; i < text.Length; i++)
                {
                    buffer[i] = text[i];
                }

                written = text.Length;
                return true;
            }
        }
    }
}
