using System.Globalization;

namespace Mobility.Ticketing.Fares;

/// <summary>An amount in integer minor units of an ISO 4217 currency.</summary>
public readonly record struct Money(long Amount, string Currency)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Currency} {Major.ToString("F" + Exponent(Currency), CultureInfo.InvariantCulture)}");

    /// <summary>The amount in major units (2.50 for 250 US cents).</summary>
    public decimal Major => Amount / Scale(Currency);

    /// <summary>Minor units per major unit: 10 to the ISO 4217 exponent.</summary>
    public static decimal Scale(string currency) => Exponent(currency) switch { 0 => 1m, 3 => 1000m, _ => 100m };

    /// <summary>A major-unit amount (a carpool price rule's 1.62) in minor units, half away from zero.</summary>
    public static Money FromMajor(decimal major, string currency) =>
        new((long)Math.Round(major * Scale(currency), MidpointRounding.AwayFromZero), currency);

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

        var scaled = value * Scale(currency);
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }
}
