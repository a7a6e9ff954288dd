namespace Mobility.Ticketing.Tickets;

/// <summary>RFC 9285 Base45: bytes as QR alphanumeric characters (as the EU digital COVID certificate carries CBOR).</summary>
public static class Base45
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length / 2 * 3) + (data.Length % 2 * 2)];
        var c = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            var n = (data[i] * 256) + data[i + 1];
            chars[c++] = Alphabet[n % 45];
            chars[c++] = Alphabet[n / 45 % 45];
            chars[c++] = Alphabet[n / 2025];
        }

        if (data.Length % 2 == 1)
        {
            var n = data[^1];
            chars[c++] = Alphabet[n % 45];
            chars[c] = Alphabet[n / 45];
        }

        return new string(chars);
    }

    public static byte[] Decode(string text)
    {
        if (text.Length % 3 == 1)
        {
            throw new FormatException("a Base45 string has no length of 3k + 1");
        }

        var bytes = new byte[(text.Length / 3 * 2) + (text.Length % 3 == 2 ? 1 : 0)];
        var b = 0;
        for (var i = 0; i < text.Length; i += 3)
        {
            var n = Digit(text[i]) + (Digit(text[i + 1]) * 45);
            if (i + 2 < text.Length)
            {
                n += Digit(text[i + 2]) * 2025;
                if (n > 0xFFFF)
                {
                    throw new FormatException("Base45 triplet out of range (RFC 9285 section 4.2)");
                }

                bytes[b++] = (byte)(n >> 8);
                bytes[b++] = (byte)n;
            }
            else
            {
                bytes[b++] = n <= 0xFF ? (byte)n : throw new FormatException("Base45 pair out of range");
            }
        }

        return bytes;
    }

    private static int Digit(char ch)
    {
        var d = Alphabet.IndexOf(ch, StringComparison.Ordinal);
        return d >= 0 ? d : throw new FormatException($"'{ch}' is not a Base45 character");
    }
}
