using System;
using System.Globalization;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>A triple as Cortex returned it, with names already unbracketed.</summary>
    public sealed class CortexTriple
    {
        private readonly string? _createdAtText;
        private DateTimeOffset? _createdAt;
        private bool _parsed;

        /// <summary>A triple with a known created_at.</summary>
        public CortexTriple(string? id, string subject, string predicate, CortexValue value, DateTimeOffset? createdAt)
        {
            Id = id;
            Subject = subject;
            Predicate = predicate;
            Object = value;
            _createdAt = createdAt;
            _parsed = true;
        }

        /// <summary>A triple whose created_at text is parsed only if someone asks for it (listings hold many).</summary>
        internal CortexTriple(string? id, string subject, string predicate, CortexValue value, string? createdAtText)
        {
            Id = id;
            Subject = subject;
            Predicate = predicate;
            Object = value;
            _createdAtText = createdAtText;
        }

        /// <summary>The content id (64 hex), or null in the cluster edge case where Cortex returns none.</summary>
        public string? Id { get; }

        /// <summary>The subject, unbracketed.</summary>
        public string Subject { get; }

        /// <summary>The predicate, unbracketed.</summary>
        public string Predicate { get; }

        /// <summary>The object, with its type (node names unbracketed).</summary>
        public CortexValue Object { get; }

        /// <summary>When Cortex first stored the triple, or null when the answer carried no readable time.</summary>
        public DateTimeOffset? CreatedAt
        {
            get
            {
                if (!_parsed)
                {
                    _createdAt = ParseCreatedAt(_createdAtText);
                    _parsed = true;
                }

                return _createdAt;
            }
        }

        /// <inheritdoc />
        public override string ToString() => $"{Subject} {Predicate} {Object}";

        /// <summary>chrono's to_rfc3339 text (+00:00, 0 to 9 fraction digits) as an instant; null when unreadable.</summary>
        private static DateTimeOffset? ParseCreatedAt(string? text) =>
            text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
    }

    /// <summary>A triple to write: subject, predicate and object, all bare names.</summary>
    public sealed class CortexTripleInput
    {
        /// <summary>A triple to write.</summary>
        public CortexTripleInput(string subject, string predicate, CortexValue value)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Predicate = predicate ?? throw new ArgumentNullException(nameof(predicate));
            Object = value;
        }

        /// <summary>The subject, a bare name.</summary>
        public string Subject { get; }

        /// <summary>The predicate, a bare name.</summary>
        public string Predicate { get; }

        /// <summary>The object; a node is written as {"node": name}.</summary>
        public CortexValue Object { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Subject} {Predicate} {Object}";
    }
}
