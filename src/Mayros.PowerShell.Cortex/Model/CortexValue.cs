using System;
using System.Globalization;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>The kinds of object a Cortex triple can hold through REST, in Cortex's own variant order.</summary>
    public enum CortexValueKind
    {
        Node = 0,
        String = 1,
        Integer = 2,
        Float = 3,
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

        public CortexValueKind Kind { get; }

        /// <summary>The node name or the string; null for numbers and booleans.</summary>
        public string? Text { get; }

        public long Integer { get; }

        public double Float { get; }

        public bool Boolean { get; }

        public bool IsString => Kind == CortexValueKind.String;

        public bool IsNode => Kind == CortexValueKind.Node;

        public static CortexValue Node(string name) => new CortexValue(CortexValueKind.Node, name ?? throw new ArgumentNullException(nameof(name)), 0, 0, false);

        public static CortexValue String(string text) => new CortexValue(CortexValueKind.String, text ?? throw new ArgumentNullException(nameof(text)), 0, 0, false);

        public static CortexValue FromInteger(long value) => new CortexValue(CortexValueKind.Integer, null, value, 0, false);

        public static CortexValue FromFloat(double value) => new CortexValue(CortexValueKind.Float, null, 0, value, false);

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

        public bool Equals(CortexValue other) => Kind == other.Kind && Kind switch
        {
            CortexValueKind.Node => string.Equals(Text, other.Text, StringComparison.Ordinal),
            CortexValueKind.String => string.Equals(Text, other.Text, StringComparison.Ordinal),
            CortexValueKind.Integer => Integer == other.Integer,
            CortexValueKind.Float => BitConverter.DoubleToInt64Bits(Float) == BitConverter.DoubleToInt64Bits(other.Float),
            _ => Boolean == other.Boolean,
        };

        public override bool Equals(object? obj) => obj is CortexValue other && Equals(other);

        public override int GetHashCode() => Kind switch
        {
            CortexValueKind.Node or CortexValueKind.String => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Text!),
            CortexValueKind.Integer => Integer.GetHashCode(),
            CortexValueKind.Float => Float.GetHashCode(),
            _ => Boolean.GetHashCode(),
        };

        public override string ToString() => Kind == CortexValueKind.Node ? "node " + Text : ToText();
    }
}
