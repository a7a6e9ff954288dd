namespace Mobility.CarpoolProof.Canonical;

/// <summary>Base58 with the Bitcoin alphabet (draft-msporny-base58), used by multibase 'z'.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Index = BuildIndex();

    /// <summary>Longest text decoded; base58 is quadratic and every input here is a key or a signature.</summary>
    public const int MaxTextLength = 512;

    /// <summary>58^5, the largest power of 58 whose product with 2^32 still fits an unsigned 64-bit integer.</summary>
    private const uint Limb = 656_356_768;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        // Leading zero bytes are '1's; the rest is one big-endian number, converted 4 bytes at a time into limbs
        // of 58^5 (least significant first): about 20 times fewer divisions than digit by digit, which matters
        // because every attestation encodes its 64-byte signature.
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        var rest = data[zeros..];
        var limbs = new uint[(rest.Length * 138 / 500) + 2];
        var used = 0;
        for (var pos = 0; pos < rest.Length;)
        {
            var n = pos == 0 ? ((rest.Length - 1) % 4) + 1 : 4; // the first chunk takes the remainder, the rest are whole words
            ulong carry = 0;
            for (var k = 0; k < n; k++) carry = (carry << 8) | rest[pos + k];
            var multiplier = 1UL << (8 * n);
            for (var j = 0; j < used; j++)
            {
                var x = (limbs[j] * multiplier) + carry;
                limbs[j] = (uint)(x % Limb);
                carry = x / Limb;
            }
            while (carry != 0)
            {
                limbs[used++] = (uint)(carry % Limb);
                carry /= Limb;
            }
            pos += n;
        }

        var digits = new char[(used * 5) + 1];
        var count = 0;
        Span<char> five = stackalloc char[5];
        for (var j = used - 1; j >= 0; j--)
        {
            var limb = limbs[j];
            for (var d = 4; d >= 0; d--, limb /= 58) five[d] = Alphabet[(int)(limb % 58)];
            var start = 0;
            if (count == 0) while (start < 5 && five[start] == '1') start++; // no leading zero digits
            five[start..].CopyTo(digits.AsSpan(count));
            count += 5 - start;
        }
        return new string('1', zeros) + new string(digits, 0, count);
    }

    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length > MaxTextLength) return false;
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1') zeros++;
        var size = (text.Length - zeros) * 733 / 1000 + 1; // log(58)/log(256) ~ 0.733
        var b256 = new byte[size];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 128 || Index[c] < 0) return false;
            int carry = Index[c];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * b256[k];
                b256[k] = (byte)(carry % 256);
                carry /= 256;
            }
            length = j;
        }
        var it = size - length;
        while (it < size && b256[it] == 0) it++;
        bytes = new byte[zeros + size - it];
        Array.Copy(b256, it, bytes, zeros, size - it);
        return true;
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) index[Alphabet[i]] = (sbyte)i;
        return index;
    }
}
