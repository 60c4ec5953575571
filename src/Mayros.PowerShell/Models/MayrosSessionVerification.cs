using System;

namespace Mayros.PowerShell.Models
{
    /// <summary>One action of a session's history that failed verification, and why.</summary>
    public sealed class MayrosActionCheck
    {
        /// <summary>A failed check.</summary>
        public MayrosActionCheck(string hash, DateTimeOffset? timestamp, string problem)
        {
            Hash = hash;
            Timestamp = timestamp;
            Problem = problem;
        }

        /// <summary>The action's hash as the history lists it.</summary>
        public string Hash { get; }

        /// <summary>When the action says it was recorded, when it could be read.</summary>
        public DateTimeOffset? Timestamp { get; }

        /// <summary>What is wrong: the hash, the signature, or a parent.</summary>
        public string Problem { get; }

        /// <inheritdoc />
        public override string ToString() => Hash.Substring(0, Math.Min(12, Hash.Length)) + ": " + Problem;
    }

    /// <summary>What Test-MayrosSession -Verify found: every action of the session's history checked.</summary>
    public sealed class MayrosSessionVerification
    {
        /// <summary>A verification result.</summary>
        public MayrosSessionVerification(string sessionKey, int actions, MayrosList<MayrosActionCheck> failures, string publicKey, string keySource)
        {
            SessionKey = sessionKey;
            Actions = actions;
            Failures = failures;
            PublicKey = publicKey;
            KeySource = keySource;
        }

        /// <summary>The session checked.</summary>
        public string SessionKey { get; }

        /// <summary>True when every action's hash, signature and parents hold.</summary>
        public bool Verified => Failures.Count == 0;

        /// <summary>Actions of the session's history that were checked.</summary>
        public int Actions { get; }

        /// <summary>The actions that failed, each with its problem.</summary>
        public MayrosList<MayrosActionCheck> Failures { get; }

        /// <summary>The Ed25519 public key (hex) the signatures were checked against.</summary>
        public string PublicKey { get; }

        /// <summary>Where the key came from: Parameter (-PublicKey) or Node (the node's published key).</summary>
        public string KeySource { get; }

        /// <inheritdoc />
        public override string ToString() => Verified ? $"{SessionKey}: {Actions} actions verified" : $"{SessionKey}: {Failures.Count} of {Actions} actions fail";
    }
}
