using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>Shared rules of C2SP signed-note keys (c2sp.org/signed-note).</summary>
internal static class NoteKeys
{
    private static readonly SearchValues<char> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>Signature type byte of Ed25519 keys.</summary>
    public const byte Ed25519Type = 0x01;

    public const int PublicKeySize = 32;

    /// <summary>
    /// C2SP signed-note: a key name is non-empty, holds no Unicode whitespace and no '+'.
    /// </summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Contains('+', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace) && !name.Any(char.IsControl)
        && IsWellFormedUtf16(name);

    /// <summary>C2SP signed-note: key ID = first 4 bytes (big-endian) of SHA-256(key name || 0x0A || signature type || public key).</summary>
    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buffer, 0);
        buffer[nameBytes.Length] = 0x0A;
        buffer[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(buffer.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(buffer));
    }

    public static string Hex(uint keyId) => keyId.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Parses exactly 8 hex digits.</summary>
    public static bool TryParseKeyId(string text, out uint keyId)
    {
        keyId = 0;
        return text.Length == 8 && text.All(Uri.IsHexDigit)
            && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keyId);
    }

    /// <summary>Standard base64 with padding, rejecting whitespace and non-canonical encodings that .NET would tolerate.</summary>
    public static bool TryDecodeBase64Strict(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0 || text.AsSpan().ContainsAnyExcept(Base64Alphabet))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }

        return string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
    }

    public static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
