using System;
using System.IO;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace LocalCortex.Dag;

/// <summary>
/// The node's Ed25519 key (DagSigningKey): a 32-byte seed kept in node.key beside the store, so the public key
/// survives a restart; a fresh one for an in-memory server.
/// </summary>
public sealed class DagSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    public DagSigner(byte[] seed)
    {
        _key = new Ed25519PrivateKeyParameters(seed, 0);
        PublicKey = _key.GeneratePublicKey().GetEncoded();
    }

    public byte[] PublicKey { get; }

    public string PublicKeyHex => DagAction.Hex(PublicKey);

    public static DagSigner ForDirectory(string? dataDirectory)
    {
        if (dataDirectory is null)
        {
            return new DagSigner(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        var path = Path.Combine(dataDirectory, "node.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        return new DagSigner(File.ReadAllBytes(path));
    }

    public byte[] Sign(byte[] hash)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(hash, 0, hash.Length);
        return signer.GenerateSignature();
    }

    /// <summary>verify_action: whether <paramref name="signature"/> is <paramref name="publicKey"/>'s over the hash.</summary>
    public static bool Verify(byte[] publicKey, byte[] hash, byte[] signature)
    {
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.BlockUpdate(hash, 0, hash.Length);
            return verifier.VerifySignature(signature);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
