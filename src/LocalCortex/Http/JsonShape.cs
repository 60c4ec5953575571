using System;
using System.Buffers;
using System.Text.Json;

namespace LocalCortex.Http;

/// <summary>serde-style field access on a JSON body: a wrong shape is the 422 rejection, naming the field.</summary>
public static class JsonShape
{
    /// <summary>A number with one of these is a float to serde.</summary>
    private static readonly SearchValues<char> FloatMarks = SearchValues.Create(".eE");

    public static void RequireObject(JsonElement element, string type)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RejectionException.WrongShape($"invalid type: {Describe(element)}, expected struct {type}");
        }
    }

    public static string RequiredString(JsonElement obj, string field, string at = "")
    {
        if (!obj.TryGetProperty(field, out var value))
        {
            throw RejectionException.WrongShape($"{at}missing field `{field}`");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw RejectionException.WrongShape($"{at}{field}: invalid type: {Describe(value)}, expected a string");
        }

        return value.GetString()!;
    }

    public static string? OptionalString(JsonElement obj, string field, string at = "")
    {
        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw RejectionException.WrongShape($"{at}{field}: invalid type: {Describe(value)}, expected a string");
        }

        return value.GetString();
    }

    /// <summary>An optional unsigned integer (usize/u64): null or absent is null; a float or negative is 422.</summary>
    public static ulong? OptionalCount(JsonElement obj, string field, string at = "")
    {
        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var count) && value.GetRawText().AsSpan().IndexOfAny(FloatMarks) < 0)
        {
            return count;
        }

        throw RejectionException.WrongShape($"{at}{field}: invalid type: {Describe(value)}, expected usize");
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "sequence",
        JsonValueKind.String => $"string \"{element.GetString()}\"",
        JsonValueKind.Number => element.GetRawText().AsSpan().IndexOfAny(FloatMarks) >= 0 ? $"floating point `{element.GetRawText()}`" : $"integer `{element.GetRawText()}`",
        JsonValueKind.True => "boolean `true`",
        JsonValueKind.False => "boolean `false`",
        _ => "null",
    };
}
