using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCortex.Graph;

namespace LocalCortex.Http;

/// <summary>How Cortex spells things on the wire: ValueDto, bracketed display names, created_at, f64 numbers.</summary>
public static class WireFormat
{
    private static readonly SearchValues<char> FloatMarks = SearchValues.Create(".eE");
    private static readonly SearchValues<char> Exponent = SearchValues.Create("eE");

    /// <summary>Display form of a named node or predicate: wrapped in angle brackets.</summary>
    public static string Bracket(string name) => "<" + name + ">";

    /// <summary>
    /// Reads an untagged ValueDto the way serde tries its variants: string, i64, f64, bool, {"node": string}.
    /// Anything else is the 422 "did not match any variant" rejection.
    /// </summary>
    public static GraphValue ReadValue(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return GraphValue.String(element.GetString()!);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(FloatMarks) < 0 && raw != "-0"
                    && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return GraphValue.FromInteger(integer);
                }

                return GraphValue.FromFloat(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.True:
                return GraphValue.FromBoolean(true);
            case JsonValueKind.False:
                return GraphValue.FromBoolean(false);
            case JsonValueKind.Object when element.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String:
                return GraphValue.Node(node.GetString()!);
            default:
                throw RejectionException.WrongShape($"{path}: data did not match any variant of untagged enum ValueDto");
        }
    }

    /// <summary>Writes a stored value; nodes come back bracketed unless <paramref name="echo"/> (batch echoes).</summary>
    public static void WriteValue(Utf8JsonWriter writer, GraphValue value, bool echo = false)
    {
        switch (value.Kind)
        {
            case ValueKind.Node:
                writer.WriteStartObject();
                writer.WriteString("node", echo ? value.Text : Bracket(value.Text!));
                writer.WriteEndObject();
                break;
            case ValueKind.String:
                writer.WriteStringValue(value.Text);
                break;
            case ValueKind.Integer:
                writer.WriteNumberValue(value.Integer);
                break;
            case ValueKind.Float:
                writer.WriteRawValue(FormatFloat(value.Float), skipInputValidation: true);
                break;
            default:
                writer.WriteBooleanValue(value.Boolean);
                break;
        }
    }

    /// <summary>
    /// Formats an f64 the way serde_json (ryu) does: the shortest round-trip digits, always with a '.' or an
    /// exponent: 1.0, 2.5, 0.001, 1e20, 1.5e-7. Non-finite values serialise as null in serde_json.
    /// </summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is, but chooses its own layout. Take R's digits and exponent and re-lay them.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        var exponent = 0;
        var e = r.AsSpan().IndexOfAny(Exponent);
        if (e >= 0)
        {
            mantissa = r[..e];
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = r;
        }

        var dot = mantissa.IndexOf('.');
        var digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        var pointPosition = (dot >= 0 ? dot : mantissa.Length) + exponent; // digits are d1d2..., value = 0.d1d2... * 10^point
        var trimmed = digits.TrimStart('0');
        pointPosition -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        var length = digits.Length;
        var kk = pointPosition; // ryu's "kk": digits before the decimal point
        if (length <= kk && kk <= 16)
        {
            sb.Append(digits).Append('0', kk - length).Append(".0");
        }
        else if (0 < kk && kk <= 16)
        {
            sb.Append(digits, 0, kk).Append('.').Append(digits, kk, length - kk);
        }
        else if (-5 < kk && kk <= 0)
        {
            sb.Append("0.").Append('0', -kk).Append(digits);
        }
        else if (length == 1)
        {
            sb.Append(digits).Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits, 1, length - 1).Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>chrono's to_rfc3339(): "+00:00", and 0, 3, 6 or 9 fraction digits, whichever is exact.</summary>
    public static string FormatCreatedAt(DateTime utc)
    {
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        var baseText = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        string fraction;
        if (nanos == 0)
        {
            fraction = string.Empty;
        }
        else if (nanos % 1_000_000 == 0)
        {
            fraction = "." + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture);
        }
        else if (nanos % 1_000 == 0)
        {
            fraction = "." + (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture);
        }
        else
        {
            fraction = "." + nanos.ToString("D9", CultureInfo.InvariantCulture);
        }

        return baseText + fraction + "+00:00";
    }

    /// <summary>A TripleDto: id, subject, predicate, object, created_at, in that order.</summary>
    public static void WriteTriple(Utf8JsonWriter writer, StoredTriple triple)
    {
        writer.WriteStartObject();
        writer.WriteString("id", triple.Id.ToHex());
        writer.WriteString("subject", Bracket(triple.Subject));
        writer.WriteString("predicate", Bracket(triple.Predicate));
        writer.WritePropertyName("object");
        WriteValue(writer, triple.Object);
        writer.WriteString("created_at", FormatCreatedAt(triple.CreatedAtUtc));
        writer.WriteEndObject();
    }
}
