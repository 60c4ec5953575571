using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Mayros.PowerShell.Text
{
    /// <summary>Writes the small JSON objects the module stores as literals (checkpoints, rewind records), compactly.</summary>
    internal static class JsonWriter
    {
        /// <summary>Writes an object of string, integer and null members, in the given order; null members are left out.</summary>
        public static string Object(IEnumerable<KeyValuePair<string, object?>> members)
        {
            var builder = new StringBuilder("{");
            var first = true;
            foreach (var member in members)
            {
                if (member.Value is null)
                {
                    continue;
                }

                if (!first)
                {
                    builder.Append(',');
                }

                first = false;
                AppendString(builder, member.Key);
                builder.Append(':');
                switch (member.Value)
                {
                    case string text:
                        AppendString(builder, text);
                        break;
                    case int number:
                        builder.Append(number.ToString(CultureInfo.InvariantCulture));
                        break;
                    case long number:
                        builder.Append(number.ToString(CultureInfo.InvariantCulture));
                        break;
                    case bool flag:
                        builder.Append(flag ? "true" : "false");
                        break;
                    default:
                        AppendString(builder, member.Value.ToString() ?? string.Empty);
                        break;
                }
            }

            return builder.Append('}').ToString();
        }

        private static void AppendString(StringBuilder builder, string text)
        {
            builder.Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    default:
                        if (c < 0x20)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }
    }
}
