using System;
using System.Globalization;

namespace LocalCortex.Graph;

/// <summary>The value kinds REST can create, in Cortex's variant order (the order is part of the id recipe).</summary>
public enum ValueKind : byte
{
    Node = 0,
    String = 1,
    Integer = 2,
    Float = 3,
    Boolean = 4,
}

/// <summary>An object value as Cortex stores it: typed, so 1, 1.0, "1" and {"node":"1"} are four different values.</summary>
public readonly struct GraphValue : IEquatable<GraphValue>, IComparable<GraphValue>
{
    private GraphValue(ValueKind kind, string? text, long integer, double number, bool boolean)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Float = number;
        Boolean = boolean;
    }

    public ValueKind Kind { get; }

    /// <summary>The node name (bare, never bracketed) or the string literal.</summary>
    public string? Text { get; }

    public long Integer { get; }

    public double Float { get; }

    public bool Boolean { get; }

    public static GraphValue Node(string name) => new(ValueKind.Node, name, 0, 0, false);

    public static GraphValue String(string text) => new(ValueKind.String, text, 0, 0, false);

    public static GraphValue FromInteger(long value) => new(ValueKind.Integer, null, value, 0, false);

    public static GraphValue FromFloat(double value) => new(ValueKind.Float, null, 0, value, false);

    public static GraphValue FromBoolean(bool value) => new(ValueKind.Boolean, null, 0, 0, value);

    public bool Equals(GraphValue other) => Kind == other.Kind && Kind switch
    {
        ValueKind.Node or ValueKind.String => string.Equals(Text, other.Text, StringComparison.Ordinal),
        ValueKind.Integer => Integer == other.Integer,
        ValueKind.Float => BitConverter.DoubleToInt64Bits(Float) == BitConverter.DoubleToInt64Bits(other.Float),
        _ => Boolean == other.Boolean,
    };

    public override bool Equals(object? obj) => obj is GraphValue other && Equals(other);

    public static bool operator ==(GraphValue left, GraphValue right) => left.Equals(right);

    public static bool operator !=(GraphValue left, GraphValue right) => !left.Equals(right);

    public static bool operator <(GraphValue left, GraphValue right) => left.CompareTo(right) < 0;

    public static bool operator <=(GraphValue left, GraphValue right) => left.CompareTo(right) <= 0;

    public static bool operator >(GraphValue left, GraphValue right) => left.CompareTo(right) > 0;

    public static bool operator >=(GraphValue left, GraphValue right) => left.CompareTo(right) >= 0;

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Node or ValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Text!)),
        ValueKind.Integer => HashCode.Combine(Kind, Integer),
        ValueKind.Float => HashCode.Combine(Kind, BitConverter.DoubleToInt64Bits(Float)),
        _ => HashCode.Combine(Kind, Boolean),
    };

    /// <summary>The sort key Cortex's predicate index uses: the type tag first, then the value.</summary>
    public int CompareTo(GraphValue other)
    {
        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        return Kind switch
        {
            ValueKind.Node or ValueKind.String => string.CompareOrdinal(Text, other.Text),
            ValueKind.Integer => Integer.CompareTo(other.Integer),
            ValueKind.Float => Float.CompareTo(other.Float),
            _ => Boolean.CompareTo(other.Boolean),
        };
    }

    /// <summary>The text the SQLite journal keeps for this value (round-trips exactly).</summary>
    public string ToStorageText() => Kind switch
    {
        ValueKind.Node or ValueKind.String => Text!,
        ValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ValueKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        _ => Boolean ? "true" : "false",
    };

    public static GraphValue FromStorage(ValueKind kind, string text) => kind switch
    {
        ValueKind.Node => Node(text),
        ValueKind.String => String(text),
        ValueKind.Integer => FromInteger(long.Parse(text, CultureInfo.InvariantCulture)),
        ValueKind.Float => FromFloat(double.Parse(text, CultureInfo.InvariantCulture)),
        ValueKind.Boolean => FromBoolean(text == "true"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown value kind in the journal."),
    };

    public override string ToString() => Kind + ":" + ToStorageText();
}
