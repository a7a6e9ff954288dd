using System.Globalization;

namespace Mobility.Ticketing.Fares;

/// <summary>An amount in integer minor units of an ISO 4217 currency.</summary>
public readonly record struct Money(long Amount, string Currency)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Currency} {decimal.Divide(Amount, (decimal)Math.Pow(10, Exponent(Currency))).ToString("F" + Exponent(Currency), CultureInfo.InvariantCulture)}");

    /// <summary>ISO 4217 minor-unit exponent: 2 unless the currency is listed with 0 or 3 decimals.</summary>
    public static int Exponent(string currency) => currency switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI"
            or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        _ => 2,
    };

    /// <summary>
    /// Parses a GTFS currency amount ("1.25") into minor units; more decimals than the currency has is an error (the
    /// GTFS reference: the amount carries the ISO 4217 number of decimal places).
    /// </summary>
    public static bool TryParseMinor(string text, string currency, bool allowNegative, out long minor)
    {
        minor = 0;
        var styles = NumberStyles.AllowDecimalPoint | (allowNegative ? NumberStyles.AllowLeadingSign : NumberStyles.None);
        if (!decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > 100_000_000m)
        {
            return false;
        }

        var scaled = value * (decimal)Math.Pow(10, Exponent(currency));
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }
}
