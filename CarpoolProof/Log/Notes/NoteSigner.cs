using NSec.Cryptography;

namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>
/// An Ed25519 signer of C2SP signed notes. Its secret text form is
/// <c>PRIVATE+KEY+name+hexkeyid+base64(0x01 || 32-byte seed)</c> (the format of Go's golang.org/x/mod/sumdb/note).
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string SignerPrefix = "PRIVATE+KEY+";
    private readonly Key _key;

    private NoteSigner(string name, Key key)
    {
        _key = key;
        Verifier = NoteVerifier.FromPublicKey(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public string Name => Verifier.Name;

    public uint KeyId => Verifier.KeyId;

    /// <summary>The matching verifier (publish <see cref="NoteVerifier.Encoded"/>).</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The secret signer key string; keep it secret.</summary>
    public string Encoded =>
        $"{SignerPrefix}{Name}+{NoteKeys.Hex(KeyId)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _key.Export(KeyBlobFormat.RawPrivateKey)])}";

    /// <summary>A fresh random key named <paramref name="name"/>.</summary>
    public static NoteSigner Generate(string name)
    {
        ValidateName(name);
        return new NoteSigner(name, Key.Create(SignatureAlgorithm.Ed25519, Exportable()));
    }

    /// <summary>The signer of a 32-byte Ed25519 seed (RFC 8032 private key).</summary>
    public static NoteSigner FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        ValidateName(name);
        if (seed.Length != 32)
        {
            throw new NoteException($"An Ed25519 seed has 32 bytes, not {seed.Length}.");
        }

        return new NoteSigner(name, Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, Exportable()));
    }

    /// <summary>Parses a signer key string; rejects an unknown algorithm or a key ID that does not match.</summary>
    public static NoteSigner Parse(string skey)
    {
        ArgumentNullException.ThrowIfNull(skey);
        skey = skey.Trim();
        if (!skey.StartsWith(SignerPrefix, StringComparison.Ordinal))
        {
            throw new NoteException("Malformed signer key: it must start with PRIVATE+KEY+.");
        }

        var parts = skey[SignerPrefix.Length..].Split('+', 3);
        if (parts.Length != 3 || !NoteKeys.TryParseKeyId(parts[1], out var keyId))
        {
            throw new NoteException("Malformed signer key: expected PRIVATE+KEY+name+keyid+key.");
        }

        if (!NoteKeys.TryDecodeBase64Strict(parts[2], out var raw) || raw.Length != 33 || raw[0] != NoteKeys.Ed25519Type)
        {
            throw new NoteException("Unsupported signer key: only Ed25519 (type 0x01, 32-byte seed) is accepted.");
        }

        var signer = FromSeed(parts[0], raw.AsSpan(1));
        if (signer.KeyId != keyId)
        {
            signer.Dispose();
            throw new NoteException($"Signer key ID {parts[1]} does not match its key.");
        }

        return signer;
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    public void Dispose() => _key.Dispose();

    private static void ValidateName(string name)
    {
        if (!NoteKeys.IsValidName(name))
        {
            throw new NoteException($"Invalid key name '{name}': it must be non-empty, without spaces or '+'.");
        }
    }

    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
