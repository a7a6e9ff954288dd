namespace Mobility.CarpoolProof.Canonical;

/// <summary>Multibase base58btc ('z' prefix) and the multikey Ed25519 encodings used by did:key and Data Integrity.</summary>
public static class Multibase
{
    // Multicodec varints: ed25519-pub 0xed -> 0xed 0x01, ed25519-priv 0x1300 -> 0x80 0x26.
    private static readonly byte[] Ed25519PublicPrefix = [0xed, 0x01];
    private static readonly byte[] Ed25519PrivatePrefix = [0x80, 0x26];

    public static string EncodeBase58Btc(ReadOnlySpan<byte> data) => "z" + Base58.Encode(data);

    public static bool TryDecodeBase58Btc(string text, out byte[] data)
    {
        data = [];
        return text.Length > 1 && text[0] == 'z' && Base58.TryDecode(text[1..], out data);
    }

    public static string EncodeEd25519PublicKey(ReadOnlySpan<byte> publicKey) => EncodeBase58Btc([.. Ed25519PublicPrefix, .. publicKey]);

    public static bool TryDecodeEd25519PublicKey(string multikey, out byte[] publicKey) =>
        TryDecodeKey(multikey, Ed25519PublicPrefix, out publicKey);

    public static bool TryDecodeEd25519PrivateKey(string multikey, out byte[] seed) =>
        TryDecodeKey(multikey, Ed25519PrivatePrefix, out seed);

    private static bool TryDecodeKey(string multikey, byte[] prefix, out byte[] key)
    {
        key = [];
        if (!TryDecodeBase58Btc(multikey, out var data) || data.Length != prefix.Length + 32) return false;
        if (data[0] != prefix[0] || data[1] != prefix[1]) return false;
        key = data[prefix.Length..];
        return true;
    }
}
