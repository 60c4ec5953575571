using System;
using System.Globalization;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>The kinds of object a Cortex triple can hold through REST, in Cortex's own variant order.</summary>
    public enum CortexValueKind
    {
        /// <summary>A node, written {"node": name}.</summary>
        Node = 0,
        /// <summary>A string literal.</summary>
        String = 1,
        /// <summary>A whole number (written without a '.').</summary>
        Integer = 2,
        /// <summary>A floating-point number (written with a '.' or an exponent).</summary>
        Float = 3,
        /// <summary>true or false.</summary>
        Boolean = 4,
    }

    /// <summary>
    /// A typed triple object. Cortex keeps types apart: 1, 1.0, "1" and a node named 1 are four values. Node names
    /// are always held bare (without the angle brackets Cortex adds in responses).
    /// </summary>
    public readonly struct CortexValue : IEquatable<CortexValue>
    {
        private CortexValue(CortexValueKind kind, string? text, long integer, double number, bool boolean)
        {
            Kind = kind;
            Text = text;
            Integer = integer;
            Float = number;
            Boolean = boolean;
        }

        /// <summary>Which kind of value this is.</summary>
        public CortexValueKind Kind { get; }

        /// <summary>The node name or the string; null for numbers and booleans.</summary>
        public string? Text { get; }

        /// <summary>The number, for an Integer.</summary>
        public long Integer { get; }

        /// <summary>The number, for a Float.</summary>
        public double Float { get; }

        /// <summary>The value, for a Boolean.</summary>
        public bool Boolean { get; }

        /// <summary>Whether this is a string literal.</summary>
        public bool IsString => Kind == CortexValueKind.String;

        /// <summary>Whether this is a node.</summary>
        public bool IsNode => Kind == CortexValueKind.Node;

        /// <summary>A node named <paramref name="name"/> (bare).</summary>
        public static CortexValue Node(string name) => new CortexValue(CortexValueKind.Node, name ?? throw new ArgumentNullException(nameof(name)), 0, 0, false);

        /// <summary>A string literal.</summary>
        public static CortexValue String(string text) => new CortexValue(CortexValueKind.String, text ?? throw new ArgumentNullException(nameof(text)), 0, 0, false);

        /// <summary>A whole number.</summary>
        public static CortexValue FromInteger(long value) => new CortexValue(CortexValueKind.Integer, null, value, 0, false);

        /// <summary>A floating-point number.</summary>
        public static CortexValue FromFloat(double value) => new CortexValue(CortexValueKind.Float, null, 0, value, false);

        /// <summary>A boolean.</summary>
        public static CortexValue FromBoolean(bool value) => new CortexValue(CortexValueKind.Boolean, null, 0, 0, value);

        /// <summary>The value as text: the string, the node name, or the number as Cortex would print it.</summary>
        public string ToText() => Kind switch
        {
            CortexValueKind.Node => Text!,
            CortexValueKind.String => Text!,
            CortexValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
            CortexValueKind.Float => Json.JsonText.FormatFloat(Float),
            _ => Boolean ? "true" : "false",
        };

        /// <summary>Same kind and same value (floats compared bit for bit).</summary>
        public bool Equals(CortexValue other) => Kind == other.Kind && Kind switch
        {
            CortexValueKind.Node => string.Equals(Text, other.Text, StringComparison.Ordinal),
            CortexValueKind.String => string.Equals(Text, other.Text, StringComparison.Ordinal),
            CortexValueKind.Integer => Integer == other.Integer,
            CortexValueKind.Float => BitConverter.DoubleToInt64Bits(Float) == BitConverter.DoubleToInt64Bits(other.Float),
            _ => Boolean == other.Boolean,
        };

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is CortexValue other && Equals(other);

        /// <summary>Same kind and same value.</summary>
        public static bool operator ==(CortexValue left, CortexValue right) => left.Equals(right);

        /// <summary>Not the same kind or not the same value.</summary>
        public static bool operator !=(CortexValue left, CortexValue right) => !left.Equals(right);

        /// <inheritdoc />
        public override int GetHashCode() => Kind switch
        {
            CortexValueKind.Node or CortexValueKind.String => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Text!),
            CortexValueKind.Integer => Integer.GetHashCode(),
            CortexValueKind.Float => Float.GetHashCode(),
            _ => Boolean.GetHashCode(),
        };

        /// <inheritdoc />
        public override string ToString() => Kind == CortexValueKind.Node ? "node " + Text : ToText();
    }
}
