namespace Mobility.CarpoolProof.Canonical;

/// <summary>Base58 with the Bitcoin alphabet (draft-msporny-base58), used by multibase 'z'.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Index = BuildIndex();

    /// <summary>Longest text decoded; base58 is quadratic and every input here is a key or a signature.</summary>
    public const int MaxTextLength = 512;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        var size = (data.Length - zeros) * 138 / 100 + 1; // log(256)/log(58) ~ 1.38
        var b58 = new byte[size];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * b58[k];
                b58[k] = (byte)(carry % 58);
                carry /= 58;
            }
            length = j;
        }
        var it = size - length;
        while (it < size && b58[it] == 0) it++;
        var chars = new char[zeros + size - it];
        for (var i = 0; i < zeros; i++) chars[i] = '1';
        for (var i = zeros; it < size; i++, it++) chars[i] = Alphabet[b58[it]];
        return new string(chars);
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
