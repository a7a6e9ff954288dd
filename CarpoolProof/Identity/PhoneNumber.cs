namespace Mobility.CarpoolProof.Identity;

/// <summary>ITU-T E.164 normalization: '+', country code and subscriber number, 8 to 15 digits, no separators.</summary>
public static class PhoneNumber
{
    public static string NormalizeE164(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var digits = new System.Text.StringBuilder(16);
        var plus = false;
        foreach (var c in phone.Trim())
        {
            if (c == '+' && digits.Length == 0 && !plus) { plus = true; continue; }
            if (c is >= '0' and <= '9') { digits.Append(c); continue; }
            if (c is ' ' or '-' or '.' or '(' or ')' or '\u00a0') continue; // common visual separators
            throw new FormatException($"phone number: unexpected character '{c}'");
        }
        var d = digits.ToString();
        if (!plus && d.StartsWith("00", StringComparison.Ordinal)) { d = d[2..]; plus = true; } // international prefix
        if (!plus) throw new FormatException("phone number: E.164 needs the country code ('+33...' or '0033...')");
        // E.164 section 6: at most 15 digits; shorter than 8 is no real subscriber number.
        if (d.Length is < 8 or > 15) throw new FormatException("phone number: E.164 holds 8 to 15 digits");
        if (d[0] == '0') throw new FormatException("phone number: country codes never start with 0");
        return "+" + d;
    }
}
