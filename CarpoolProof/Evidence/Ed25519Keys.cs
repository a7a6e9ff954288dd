using NSec.Cryptography;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>Ed25519 (RFC 8032) through NSec/libsodium: raw 32-byte public keys, 64-byte signatures.</summary>
public static class Ed25519Keys
{
    public static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    public const int PublicKeyLength = 32;
    public const int SignatureLength = 64;

    public static Key Generate() =>
        Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public static Key FromSeed(ReadOnlySpan<byte> seed) =>
        Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public static byte[] Seed(Key key) => key.Export(KeyBlobFormat.RawPrivateKey);

    public static byte[] RawPublicKey(Key key) => key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public static bool TryImportPublicKey(ReadOnlySpan<byte> raw, out PublicKey? key)
    {
        key = null;
        return raw.Length == PublicKeyLength && PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out key);
    }

    public static byte[] Sign(Key key, ReadOnlySpan<byte> message) => Algorithm.Sign(key, message);

    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureLength && Algorithm.Verify(key, message, signature);
}
