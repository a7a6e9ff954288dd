using System.Globalization;

namespace Mobility.CarpoolProof.Canonical;

/// <summary>
/// ECMAScript Number::toString for IEEE-754 doubles, as RFC 8785 section 3.2.2.3 requires.
/// Digits come from .NET's shortest round-trip formatting ("R"), which yields the same shortest digit string as the
/// ECMA-262 algorithm; only the layout (fixed or exponent, "e+") is ECMAScript's.
/// </summary>
public static class JcsNumber
{
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), "RFC 8785 3.2.2.3: NaN and Infinity are not valid JSON numbers");
        if (value == 0)
            return "0"; // covers -0 as well (ECMA-262 7.1.12.1 step 2)
        var negative = value < 0;
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);

        // Split "d.dddE+xx" or "ddd.ddd" into significant digits s and exponent n such that value = 0.s * 10^n.
        var exponent = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        var mantissa = r;
        if (ePos >= 0)
        {
            exponent = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r[..ePos];
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intDigits = dot >= 0 ? dot : mantissa.Length;
        var digits = dot >= 0 ? string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1)) : mantissa;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..];
        var n = intDigits - leading + exponent; // position of the decimal point relative to the first significant digit
        var trimmed = digits.TrimEnd('0');
        var s = trimmed.Length == 0 ? "0" : trimmed;
        var k = s.Length;

        string text;
        if (k <= n && n <= 21)
            text = s + new string('0', n - k);
        else if (0 < n && n <= 21)
            text = string.Concat(s.AsSpan(0, n), ".", s.AsSpan(n));
        else if (-6 < n && n <= 0)
            text = "0." + new string('0', -n) + s;
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            var mant = k == 1 ? s : string.Concat(s.AsSpan(0, 1), ".", s.AsSpan(1));
            text = mant + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + text : text;
    }
}
