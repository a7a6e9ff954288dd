using System.Buffers.Text;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>Unpadded base64url (RFC 4648 section 5) with exact-length decoding for keys and signatures.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static bool TryDecode(string? text, int expectedLength, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != Base64UrlLength(expectedLength)) return false;
        var buffer = new byte[expectedLength];
        if (!System.Buffers.Text.Base64Url.IsValid(text.AsSpan())) return false;
        if (System.Buffers.Text.Base64Url.DecodeFromChars(text.AsSpan(), buffer) != expectedLength) return false;
        // Refuse non-canonical spellings (stray low bits): one value, one string, so replay checks cannot be dodged.
        if (Encode(buffer) != text) return false;
        bytes = buffer;
        return true;
    }

    public static bool TryDecodeRange(string? text, int minLength, int maxLength, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length > Base64UrlLength(maxLength) || !System.Buffers.Text.Base64Url.IsValid(text.AsSpan(), out var n)) return false;
        if (n < minLength || n > maxLength) return false;
        var decoded = System.Buffers.Text.Base64Url.DecodeFromChars(text.AsSpan());
        if (Encode(decoded) != text) return false;
        bytes = decoded;
        return true;
    }

    private static int Base64UrlLength(int bytes) => (bytes * 4 + 2) / 3;
}
