namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>Integer rounding used once per journey per beneficiary (documented in docs/campaigns.md).</summary>
public static class Rounding
{
    /// <summary>numerator / denominator rounded half to even (banker's rounding); both non-negative.</summary>
    public static long DivideHalfEven(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numerator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        var q = Math.DivRem(numerator, denominator, out var r);
        var twice = r * 2;
        if (twice > denominator || (twice == denominator && (q & 1) == 1))
        {
            q++;
        }
        return q;
    }

    /// <summary>(a x b) / denominator rounded half to even, the product taken in 128 bits so it cannot overflow.</summary>
    public static long MultiplyDivideHalfEven(long a, long b, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        var product = (Int128)a * b;
        var q = Int128.DivRem(product, denominator);
        var quotient = q.Quotient;
        var twice = q.Remainder * 2;
        if (twice > denominator || (twice == denominator && (quotient & 1) == 1))
        {
            quotient++;
        }
        return checked((long)quotient);
    }
}
