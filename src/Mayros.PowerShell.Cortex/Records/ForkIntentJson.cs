using System;

namespace Mayros.PowerShell.Cortex.Records
{
    /// <summary>
    /// What a fork set out to do, stored under {ns}:session:forkIntent of the new session with the rest of its intent:
    /// the source and the values the fork's record will hold. Two forks to one name that start at the same moment
    /// each store theirs; the one Cortex stored first goes on, the other takes its values back. The mayros CLI ignores
    /// it.
    /// </summary>
    public sealed class StoredForkIntent : IEquatable<StoredForkIntent>
    {
        /// <summary>An intent to store or as read.</summary>
        public StoredForkIntent(string source, string forkedAt, string? forkPoint, string? forkCheckpoint)
        {
            Source = source;
            ForkedAt = forkedAt;
            ForkPoint = forkPoint;
            ForkCheckpoint = forkCheckpoint;
        }

        /// <summary>The session forked.</summary>
        public string Source { get; }

        /// <summary>The fork's forkedAt value.</summary>
        public string ForkedAt { get; }

        /// <summary>Its forkPoint value, for a fork from a past moment or checkpoint.</summary>
        public string? ForkPoint { get; }

        /// <summary>Its forkCheckpoint value, for a fork from a checkpoint.</summary>
        public string? ForkCheckpoint { get; }

        /// <summary>Whether both would write the same record.</summary>
        public bool Equals(StoredForkIntent? other) => other != null
            && string.Equals(Source, other.Source, StringComparison.Ordinal)
            && string.Equals(ForkedAt, other.ForkedAt, StringComparison.Ordinal)
            && string.Equals(ForkPoint, other.ForkPoint, StringComparison.Ordinal)
            && string.Equals(ForkCheckpoint, other.ForkCheckpoint, StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as StoredForkIntent);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Source) ^ StringComparer.Ordinal.GetHashCode(ForkedAt);
    }

    /// <summary>Reads and writes the fork intent JSON literal.</summary>
    public static class ForkIntentJson
    {
        /// <summary>{"source","forkedAt","forkPoint","forkCheckpoint"}, compact, null members left out.</summary>
        public static string Write(StoredForkIntent intent) => StoredJson.Write(w =>
        {
            w.WriteString("source", intent.Source);
            w.WriteString("forkedAt", intent.ForkedAt);
            StoredJson.Member(w, "forkPoint", intent.ForkPoint);
            StoredJson.Member(w, "forkCheckpoint", intent.ForkCheckpoint);
        });

        /// <summary>The intent a literal holds, or null when it is not one.</summary>
        public static StoredForkIntent? TryRead(string text)
        {
            using var document = StoredJson.ParseObject(text);
            if (document == null)
            {
                return null;
            }

            var root = document.RootElement;
            var source = StoredJson.String(root, "source");
            var forkedAt = StoredJson.String(root, "forkedAt");
            return source == null || forkedAt == null
                ? null
                : new StoredForkIntent(source, forkedAt, StoredJson.String(root, "forkPoint"), StoredJson.String(root, "forkCheckpoint"));
        }
    }
}
