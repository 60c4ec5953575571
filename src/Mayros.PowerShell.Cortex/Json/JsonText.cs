using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>How Cortex spells things on the wire, from the client's side.</summary>
    public static class JsonText
    {
        internal static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>
        /// Strips the display brackets Cortex puts around names in responses ("&lt;x&gt;" becomes "x"). A name that was
        /// stored with brackets comes back doubled, so exactly one pair is removed.
        /// </summary>
        public static string Unbracket(string name)
        {
            if (name.Length >= 2 && name[0] == '<' && name[name.Length - 1] == '>')
            {
                return name.Substring(1, name.Length - 2);
            }

            return name;
        }

        /// <summary>
        /// Formats a double so that Cortex stores it as a Float: shortest round-trip digits, always with a '.' or an
        /// exponent (System.Text.Json would write 1.0 as 1, which Cortex stores as an Integer, a different triple).
        /// </summary>
        public static string FormatFloat(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Cortex cannot store NaN or infinity.");
            }

            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOf('E') >= 0)
            {
                // 1E+20 -> 1e20, 1.5E-07 -> 1.5e-7: both are read as floats.
                var e = text.IndexOf('E');
                var exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return text.Substring(0, e) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
            }

            return text.IndexOf('.') >= 0 ? text : text + ".0";
        }

        internal static void WriteValue(Utf8JsonWriter writer, CortexValue value)
        {
            switch (value.Kind)
            {
                case CortexValueKind.Node:
                    writer.WriteStartObject();
                    writer.WriteString("node", value.Text);
                    writer.WriteEndObject();
                    break;
                case CortexValueKind.String:
                    writer.WriteStringValue(value.Text);
                    break;
                case CortexValueKind.Integer:
                    writer.WriteNumberValue(value.Integer);
                    break;
                case CortexValueKind.Float:
                    writer.WriteRawValue(FormatFloat(value.Float), skipInputValidation: true);
                    break;
                default:
                    writer.WriteBooleanValue(value.Boolean);
                    break;
            }
        }

        /// <summary>Reads a ValueDto from a response: strings, typed numbers, booleans, and bracketed node objects.</summary>
        internal static bool TryReadValue(JsonElement element, out CortexValue value)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    value = CortexValue.String(element.GetString()!);
                    return true;
                case JsonValueKind.Number:
                    var raw = element.GetRawText();
                    if (raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    {
                        value = CortexValue.FromInteger(integer);
                    }
                    else
                    {
                        value = CortexValue.FromFloat(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
                    }

                    return true;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    value = CortexValue.FromBoolean(element.ValueKind == JsonValueKind.True);
                    return true;
                case JsonValueKind.Object:
                    if (element.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String)
                    {
                        value = CortexValue.Node(Unbracket(node.GetString()!));
                        return true;
                    }

                    break;
            }

            value = default;
            return false;
        }

        internal static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                write(writer);
            }

            return stream.ToArray();
        }

        internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    }
}
