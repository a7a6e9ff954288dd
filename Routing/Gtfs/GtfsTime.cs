using System.Globalization;

namespace Mobility.Routing.Gtfs;

/// <summary>
/// GTFS "Time" values: <c>HH:MM:SS</c> or <c>H:MM:SS</c>, measured from "noon minus 12h" of the service day, and so
/// allowed past 24:00:00 for trips that end after midnight (GTFS reference, Field Types, Time).
/// </summary>
public static class GtfsTime
{
    /// <summary>Times beyond this many hours after the service day start are rejected as implausible.</summary>
    public const int MaxHours = 96;

    /// <summary>Seconds after the service day start, or null when <paramref name="text"/> is not a valid time.</summary>
    public static int? TryParse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var first = text.IndexOf(':');
        if (first < 1 || first > 2)
        {
            return null;
        }

        var rest = text[(first + 1)..];
        var second = rest.IndexOf(':');
        if (second != 2 || rest.Length != 5)
        {
            return null;
        }

        if (!TryDigits(text[..first], out var h) || !TryDigits(rest[..2], out var m) || !TryDigits(rest[3..], out var s))
        {
            return null;
        }

        if (m > 59 || s > 59 || h > MaxHours)
        {
            return null;
        }

        return (h * 3600) + (m * 60) + s;
    }

    /// <summary>Formats seconds after the service day start as <c>HH:MM:SS</c> (hours may exceed 23).</summary>
    public static string Format(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return s.Length > 0;
    }
}
