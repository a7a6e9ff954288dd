using System.Numerics;

namespace Mobility.CarpoolProof.Log;

/// <summary>Integer helpers of the RFC 9162 tree shape.</summary>
internal static class TreeMath
{
    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1), the split point k of RFC 9162 2.1.1.</summary>
    public static long SplitPoint(long n)
    {
        if (n < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A split needs at least two leaves.");
        }

        return 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
    }

    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>The level of a complete subtree of <paramref name="size"/> leaves (size is a power of two).</summary>
    public static int Level(long size) => BitOperations.TrailingZeroCount((ulong)size);
}
