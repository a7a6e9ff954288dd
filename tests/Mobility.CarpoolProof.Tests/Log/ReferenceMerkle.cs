using System.Security.Cryptography;

namespace Mobility.CarpoolProof.Tests.Log;

/// <summary>
/// The RFC 9162 2.1 definitions written as plainly as possible (recursion over lists, no shared code with the
/// library) to check the library's answers against.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]) over leaf hashes.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (n == 1)
        {
            return leafHashes[start];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return NodeHash(Mth(leafHashes, start, start + k), Mth(leafHashes, start + k, end));
    }

    /// <summary>PATH(m, D[n]) of RFC 9162 2.1.3.1.</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> h, int start, int end)
    {
        var n = end - start;
        if (n <= 1)
        {
            return [];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return m < k
            ? [.. Path(m, h, start, start + k), Mth(h, start + k, end)]
            : [.. Path(m - k, h, start + k, end), Mth(h, start, start + k)];
    }

    /// <summary>SUBPROOF(m, D[n], b) of RFC 9162 2.1.4.1.</summary>
    public static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> h, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(h, start, end)];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return m <= k
            ? [.. SubProof(m, h, start, start + k, b), Mth(h, start + k, end)]
            : [.. SubProof(m - k, h, start + k, end, false), Mth(h, start, start + k)];
    }
}
