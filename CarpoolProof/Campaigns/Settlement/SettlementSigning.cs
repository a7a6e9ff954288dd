using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>Signs settlement canonical bytes on behalf of the platform.</summary>
public interface ISettlementSigner
{
    /// <summary>Short key id: the first 8 bytes of SHA-256(public key), hex.</summary>
    string KeyId { get; }

    /// <summary>The raw 32-byte Ed25519 public key (RFC 8032 5.1.5).</summary>
    byte[] PublicKey { get; }

    byte[] Sign(ReadOnlySpan<byte> canonical);
}

/// <summary>Places a settlement's leaf in the transparency log; returns the leaf index.</summary>
public interface ISettlementAnchor
{
    Task<long> AnchorAsync(ReadOnlyMemory<byte> leaf, CancellationToken cancellationToken);
}

/// <summary>Ed25519 (RFC 8032) signer over a raw 32-byte private seed, using NSec.</summary>
public sealed class Ed25519SettlementSigner : ISettlementSigner, IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private Ed25519SettlementSigner(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = SettlementVerifier.KeyIdOf(PublicKey);
    }

    public string KeyId { get; }

    public byte[] PublicKey { get; }

    public static Ed25519SettlementSigner FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length == 32
            ? new Ed25519SettlementSigner(Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
            : throw new ArgumentException("an Ed25519 private seed is 32 bytes", nameof(seed));

    /// <summary>A fresh key pair; returns the signer and its seed (to store as the platform key).</summary>
    public static (Ed25519SettlementSigner Signer, byte[] Seed) Generate()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        return (FromSeed(seed), seed);
    }

    public byte[] Sign(ReadOnlySpan<byte> canonical) => Ed25519.Sign(_key, canonical);

    public void Dispose() => _key.Dispose();
}

/// <summary>Offline checks of a settlement: signature, hash, leaf. Needs only the bytes and the public key.</summary>
public static class SettlementVerifier
{
    /// <summary>Domain prefix of the settlement leaf, so a settlement leaf can never be read as another kind of leaf.</summary>
    public const string LeafPrefix = "mobility.settlement.v1\n";

    public static bool Verify(ReadOnlySpan<byte> canonical, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }
        if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }
        return SignatureAlgorithm.Ed25519.Verify(key, canonical, signature);
    }

    public static string KeyIdOf(ReadOnlySpan<byte> publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey).AsSpan(0, 8));

    /// <summary>
    /// The transparency-log leaf for a settlement: the prefix then the SHA-256 of the canonical bytes (the log itself
    /// hashes the leaf again with the 0x00 prefix of RFC 9162 2.1.1).
    /// </summary>
    public static byte[] Leaf(ReadOnlySpan<byte> canonical)
    {
        var prefix = Encoding.ASCII.GetBytes(LeafPrefix);
        var leaf = new byte[prefix.Length + 32];
        prefix.CopyTo(leaf, 0);
        SHA256.HashData(canonical, leaf.AsSpan(prefix.Length));
        return leaf;
    }
}
