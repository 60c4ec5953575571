using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// The strings that repeat from one event to the next (its type, agent, session and field names), read once
    /// and shared, so a large listing holds one copy of each rather than one per event.
    /// </summary>
    internal sealed class ListingRepeats
    {
        private const int MaxFieldNames = 32;
        private readonly List<SharedStrings> _fieldNames = new List<SharedStrings>();

        // The last value of each field name: a field that says the same as in the last event (a tool's name, an
        // outcome) shares one string. A field name beyond the first 32 shares one slot.
        private readonly List<SharedStrings> _fieldValues = new List<SharedStrings>();
        private readonly SharedStrings _otherValues = new SharedStrings();

        /// <summary>Scratch space for one event's field names, reused from event to event.</summary>
        public List<string> Names { get; } = new List<string>();

        /// <summary>Where the kept events' fields are kept.</summary>
        public FieldArena Arena { get; } = new FieldArena();

        public SharedStrings Type { get; } = new SharedStrings();

        public SharedStrings Agent { get; } = new SharedStrings();

        public SharedStrings Session { get; } = new SharedStrings();

        /// <summary>
        /// The last event's id and parent link. An event's parent is nearly always the event listed just before it
        /// (or, in a listing newest first, just after it), so its link shares that event's id string instead of
        /// holding a copy: one string fewer per event that a fork or an export keeps.
        /// </summary>
        public string? LastId { get; set; }

        /// <summary>The last event's parent link (see <see cref="LastId"/>).</summary>
        public string? LastParent { get; set; }

        /// <summary><paramref name="known"/> itself when the string token at the reader says the same; otherwise null.</summary>
        public static string? Reuse(ref Utf8JsonReader reader, string? known) =>
            known != null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(known) ? known : null;

        /// <summary>The field's name, and where its last value is remembered.</summary>
        [MethodImpl(HotPath.Optimized)]
        public (string Name, SharedStrings Values) Field(ref Utf8JsonReader reader)
        {
            for (var i = 0; i < _fieldNames.Count; i++)
            {
                if (_fieldNames[i].Matches(ref reader))
                {
                    return (_fieldNames[i].Text!, _fieldValues[i]);
                }
            }

            var name = reader.GetString()!;
            if (_fieldNames.Count < MaxFieldNames)
            {
                var added = new SharedStrings();
                added.Remember(name);
                _fieldNames.Add(added);
                _fieldValues.Add(new SharedStrings());
                return (name, _fieldValues[_fieldValues.Count - 1]);
            }

            return (name, _otherValues);
        }
    }
}
