using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Mobility.Ticketing.Clearing;

/// <summary>
/// How a clearing statement is signed and anchored: the platform's Ed25519 signature over the statement's published
/// JSON (UTF-8, <see cref="ClearingStatement.ToJson"/>), and a transparency-log leaf that commits to it. Anyone holding the
/// statement, the signature, the platform key and an inclusion proof checks all three offline.
/// </summary>
public static class ClearingSigning
{
    /// <summary>Domain prefix of the leaf, so a clearing leaf can never be read as another kind of leaf.</summary>
    public const string LeafPrefix = "mobility.clearing.v1\n";

    /// <summary>The leaf: the prefix, then the SHA-256 of the statement's bytes (the log hashes it again, RFC 9162 2.1.1).</summary>
    public static byte[] Leaf(string statementJson)
    {
        var prefix = Encoding.ASCII.GetBytes(LeafPrefix);
        var leaf = new byte[prefix.Length + 32];
        prefix.CopyTo(leaf, 0);
        SHA256.HashData(Encoding.UTF8.GetBytes(statementJson), leaf.AsSpan(prefix.Length));
        return leaf;
    }

    public static byte[] Sign(Key key, string statementJson) => SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(statementJson));

    public static bool Verify(string statementJson, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == 32 && signature.Length == 64
        && PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) && key is not null
        && SignatureAlgorithm.Ed25519.Verify(key, Encoding.UTF8.GetBytes(statementJson), signature);
}
