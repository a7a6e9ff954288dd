using NSec.Cryptography;

namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>
/// An Ed25519 verifier key of a C2SP signed note. Its text form is <c>name+hexkeyid+base64(0x01 || public key)</c>,
/// e.g. <c>PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW</c>.
/// </summary>
public sealed class NoteVerifier
{
    private readonly NSec.Cryptography.PublicKey _key;
    private readonly byte[] _publicKey;

    private NoteVerifier(string name, uint keyId, byte[] publicKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
        _key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
    }

    public string Name { get; }

    /// <summary>C2SP key ID: SHA-256(name || 0x0A || 0x01 || public key)[0:4], big-endian.</summary>
    public uint KeyId { get; }

    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The verifier key string.</summary>
    public string Encoded => $"{Name}+{NoteKeys.Hex(KeyId)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _publicKey])}";

    /// <summary>Builds the verifier of an Ed25519 public key (32 bytes) under <paramref name="name"/>.</summary>
    public static NoteVerifier FromPublicKey(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeys.IsValidName(name))
        {
            throw new NoteException($"Invalid key name '{name}': it must be non-empty, without spaces or '+'.");
        }

        if (publicKey.Length != NoteKeys.PublicKeySize)
        {
            throw new NoteException($"An Ed25519 public key has 32 bytes, not {publicKey.Length}.");
        }

        return new NoteVerifier(name, NoteKeys.KeyId(name, publicKey), publicKey.ToArray());
    }

    /// <summary>Parses a verifier key string; rejects an unknown algorithm, a bad name, or a key ID that does not match the key.</summary>
    public static NoteVerifier Parse(string vkey)
    {
        ArgumentNullException.ThrowIfNull(vkey);
        vkey = vkey.Trim();
        var parts = vkey.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new NoteException("Malformed verifier key: expected name+keyid+key.");
        }

        var (name, hex, material) = (parts[0], parts[1], parts[2]);
        if (!NoteKeys.IsValidName(name))
        {
            throw new NoteException($"Malformed verifier key: invalid key name '{name}'.");
        }

        if (!NoteKeys.TryParseKeyId(hex, out var keyId))
        {
            throw new NoteException($"Malformed verifier key: key ID '{hex}' is not 8 hex digits.");
        }

        if (!NoteKeys.TryDecodeBase64Strict(material, out var raw))
        {
            throw new NoteException("Malformed verifier key: the key is not standard base64.");
        }

        if (raw.Length != 1 + NoteKeys.PublicKeySize || raw[0] != NoteKeys.Ed25519Type)
        {
            throw new NoteException("Unsupported verifier key: only Ed25519 (type 0x01, 32-byte key) is accepted.");
        }

        var publicKey = raw[1..];
        var expected = NoteKeys.KeyId(name, publicKey);
        if (expected != keyId)
        {
            throw new NoteException($"Verifier key ID {hex} does not match its key (expected {NoteKeys.Hex(expected)}).");
        }

        return new NoteVerifier(name, keyId, publicKey);
    }

    /// <summary>True when <paramref name="signature"/> (64 bytes) is a valid Ed25519 signature of <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureAlgorithm.Ed25519.SignatureSize && SignatureAlgorithm.Ed25519.Verify(_key, message, signature);

    public override string ToString() => Encoded;
}
