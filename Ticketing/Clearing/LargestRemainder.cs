using System.Numerics;

namespace Mobility.Ticketing.Clearing;

/// <summary>
/// Splits an integer amount by integer weights so that the shares sum to the amount exactly (Hamilton's
/// largest-remainder method): each share is the floor of its exact quota, and the units left go to the largest
/// remainders, ties to the lower index. Exact integer arithmetic, so anyone re-computes the same cents.
/// </summary>
public static class LargestRemainder
{
    public static long[] Split(long total, IReadOnlyList<BigInteger> weights)
    {
        var n = weights.Count;
        if (n == 0)
        {
            throw new ArgumentException("at least one weight", nameof(weights));
        }

        if (weights.Any(w => w < 0))
        {
            throw new ArgumentException("weights are non-negative", nameof(weights));
        }

        if (total < 0)
        {
            return [.. Split(-total, weights).Select(s => -s)]; // a refund is split as the sale was, reversed
        }

        var sum = weights.Aggregate(BigInteger.Zero, (a, w) => a + w);
        var w2 = sum.IsZero ? Enumerable.Repeat(BigInteger.One, n).ToArray() : [.. weights];
        if (sum.IsZero)
        {
            sum = n;
        }

        var shares = new long[n];
        var remainders = new BigInteger[n];
        long given = 0;
        for (var i = 0; i < n; i++)
        {
            var quota = BigInteger.DivRem(total * w2[i], sum, out var rem);
            shares[i] = (long)quota;
            remainders[i] = rem;
            given += shares[i];
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; given < total; k++, given++)
        {
            shares[order[k]]++;
        }

        return shares;
    }
}
