using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text;
using LocalCortex.Graph;
using LocalCortex.Http;

namespace LocalCortex.Dag;

/// <summary>
/// JSON as serde_json writes it (compact, fields in declaration order, only '"', '\\' and control characters
/// escaped, non-ASCII as UTF-8): the bytes a DAG action's hash covers, so they must be the same bytes Cortex makes.
/// </summary>
public static class SerdeJson
{
    private static readonly System.Buffers.SearchValues<char> FloatMarks = System.Buffers.SearchValues.Create(".eE");

    public static void Text(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>A triple's object as serde_json::to_value of the request's ValueDto: the value, or {"node":"x"}.</summary>
    public static void Value(StringBuilder sb, GraphValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.Node:
                sb.Append("{\"node\":");
                Text(sb, value.Text!);
                sb.Append('}');
                break;
            case ValueKind.String:
                Text(sb, value.Text!);
                break;
            case ValueKind.Integer:
                sb.Append(value.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Float:
                sb.Append(WireFormat.FormatFloat(value.Float));
                break;
            default:
                sb.Append(value.Boolean ? "true" : "false");
                break;
        }
    }

    /// <summary>A [u8; 32] as serde writes it: an array of 32 numbers.</summary>
    public static void ByteArray(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('[');
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(bytes[i].ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(']');
    }

    /// <summary>
    /// chrono's to_rfc3339() of a UTC time: "+00:00", and the fraction in 0, 3, 6 or 9 digits, the fewest that
    /// hold it (SecondsFormat::AutoSi). .NET keeps 100 ns ticks, so a fraction has at most 7 significant digits.
    /// </summary>
    public static string Rfc3339(DateTime utc)
    {
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        var head = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        string fraction;
        if (nanos == 0)
        {
            fraction = string.Empty;
        }
        else if (nanos % 1_000_000 == 0)
        {
            fraction = "." + (nanos / 1_000_000).ToString("000", CultureInfo.InvariantCulture);
        }
        else if (nanos % 1_000 == 0)
        {
            fraction = "." + (nanos / 1_000).ToString("000000", CultureInfo.InvariantCulture);
        }
        else
        {
            fraction = "." + nanos.ToString("000000000", CultureInfo.InvariantCulture);
        }

        return head + fraction + "+00:00";
    }

    /// <summary>Any JSON as a serde_json::Value re-serialises it: object keys sorted (a BTreeMap), numbers as i64 or f64.</summary>
    public static void Element(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, System.StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Text(sb, property.Name);
                    sb.Append(':');
                    Element(sb, property.Value);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        sb.Append(',');
                    }

                    Element(sb, item);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                Text(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                sb.Append(element.TryGetInt64(out var integer) && raw.AsSpan().IndexOfAny(FloatMarks) < 0
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : WireFormat.FormatFloat(element.GetDouble()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }
}
