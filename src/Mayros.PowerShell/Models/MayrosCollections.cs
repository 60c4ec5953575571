using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Mayros.PowerShell.Models
{
    /// <summary>
    /// A list on an output object (agents, checkpoints, a lineage path, exported sessions) that is a list to the
    /// pipeline and to ConvertTo-Json, and reads as its items joined when made text: Export-Csv, string expansion
    /// ("$($s.Agents)") and Format-Table write "a, b" rather than a type name.
    /// </summary>
    /// <typeparam name="T">The items.</typeparam>
    public sealed class MayrosList<T> : ReadOnlyCollection<T>
    {
        private readonly string _separator;

        internal MayrosList(IEnumerable<T> items, string separator = ", ")
            : base(items.ToList())
        {
            _separator = separator;
        }

        /// <summary>The items' text, joined (", ", or " > " for a lineage path).</summary>
        public override string ToString() => string.Join(_separator, this.Select(i => i?.ToString()));
    }

    /// <summary>
    /// An event's fields: a dictionary to the pipeline and to ConvertTo-Json (an object), and "name=value; name=value"
    /// when made text, as Export-Csv writes it.
    /// </summary>
    public sealed class MayrosFields : Dictionary<string, string>
    {
        internal MayrosFields()
            : base(StringComparer.Ordinal)
        {
        }

        /// <summary>The fields as name=value pairs in key order, separated by "; ".</summary>
        public override string ToString() => string.Join("; ", this.Select(f => f.Key + "=" + f.Value));
    }
}
