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
}
