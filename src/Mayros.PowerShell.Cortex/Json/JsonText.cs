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

        /// <summary>A triple as Cortex's create and batch routes take it: {"subject","predicate","object"}, bare names.</summary>
        internal static void WriteTriple(Utf8JsonWriter writer, CortexTripleInput row)
        {
            writer.WriteStartObject();
            writer.WriteString("subject", row.Subject);
            writer.WriteString("predicate", row.Predicate);
            writer.WritePropertyName("object");
            WriteValue(writer, row.Object);
            writer.WriteEndObject();
        }

        /// <summary>An event as POST /api/v1/events takes it; the optional members only when set.</summary>
        internal static void WriteEvent(Utf8JsonWriter writer, CortexEvent e)
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            writer.WriteString("event_type", e.Type);
            writer.WriteString("agent_id", e.Agent);
            writer.WriteString("timestamp", e.Timestamp);
            if (e.Session != null)
            {
                writer.WriteString("session", e.Session);
            }

            if (e.ParentEvent != null)
            {
                writer.WriteString("parent_event", e.ParentEvent);
            }

            if (e.DurationMs != null)
            {
                writer.WriteNumber("duration_ms", e.DurationMs.Value);
            }

            writer.WriteStartObject("fields");
            foreach (var field in e.Fields)
            {
                writer.WriteString(field.Key, field.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        /// <summary>The start of an events request, up to its first event: {"namespace":"ns","events":[.</summary>
        internal static byte[] EventsPrefix(string @namespace)
        {
            var envelope = Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("namespace", @namespace);
                w.WriteEndObject();
            });
            return Encoding.UTF8.GetBytes(Utf8(envelope).TrimEnd('}') + ",\"events\":[");
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
