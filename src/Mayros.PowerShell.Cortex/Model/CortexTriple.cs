using System;

namespace Mayros.PowerShell.Cortex
{
    /// <summary>A triple as Cortex returned it, with names already unbracketed.</summary>
    public sealed class CortexTriple
    {
        private readonly string? _createdAtText;
        private DateTimeOffset? _createdAt;
        private bool _parsed;

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

        public string Subject { get; }

        public string Predicate { get; }

        public CortexValue Object { get; }

        /// <summary>When Cortex first stored the triple, or null when the answer carried no readable time.</summary>
        public DateTimeOffset? CreatedAt
        {
            get
            {
                if (!_parsed)
                {
                    _createdAt = _createdAtText != null
                        && DateTimeOffset.TryParse(_createdAtText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed)
                        ? parsed
                        : (DateTimeOffset?)null;
                    _parsed = true;
                }

                return _createdAt;
            }
        }

        public override string ToString() => $"{Subject} {Predicate} {Object}";
    }

    /// <summary>A triple to write: subject, predicate and object, all bare names.</summary>
    public sealed class CortexTripleInput
    {
        public CortexTripleInput(string subject, string predicate, CortexValue value)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Predicate = predicate ?? throw new ArgumentNullException(nameof(predicate));
            Object = value;
        }

        public string Subject { get; }

        public string Predicate { get; }

        public CortexValue Object { get; }

        public override string ToString() => $"{Subject} {Predicate} {Object}";
    }
}
