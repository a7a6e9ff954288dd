namespace Mobility.City;

/// <summary>
/// Headways over the service day, by mode and day type: frequent at the morning and evening peaks, steady off-peak,
/// thinner at night (times past 24:00 belong to the service day, GTFS stop_times.txt). Speeds drop at the peaks.
/// </summary>
internal static class Timetable
{
    public const string Weekday = "WEEKDAY";
    public const string Saturday = "SATURDAY";
    public const string Sunday = "SUNDAY";

    /// <summary>Night service on event dates only (calendar_dates.txt, no calendar.txt row).</summary>
    public const string EventNight = "EVENT_NIGHT";

    public static IReadOnlyList<string> Services { get; } = [Weekday, Saturday, Sunday, EventNight];

    private static readonly Band[] BusWeekday = [new(330, 420, 15), new(420, 570, 8), new(570, 960, 12), new(960, 1140, 8), new(1140, 1290, 15), new(1290, 1470, 30)];
    private static readonly Band[] BusSaturday = [new(360, 540, 20), new(540, 1200, 12), new(1200, 1470, 30)];
    private static readonly Band[] BusSunday = [new(420, 1260, 20), new(1260, 1440, 30)];
    private static readonly Band[] TramWeekday = [new(300, 420, 10), new(420, 570, 5), new(570, 960, 8), new(960, 1170, 5), new(1170, 1320, 10), new(1320, 1470, 15)];
    private static readonly Band[] TramSaturday = [new(330, 540, 12), new(540, 1200, 8), new(1200, 1470, 15)];
    private static readonly Band[] TramSunday = [new(390, 1440, 15)];
    private static readonly Band[] Night = [new(1470, 1560, 20)];

    /// <summary>Departure times (seconds after service-day midnight) from the first stop.</summary>
    public static IEnumerable<int> Departures(long seed, int lineIndex, bool tram, int direction, string service, double factor)
    {
        var bands = Bands(tram, service);
        if (bands.Length == 0)
        {
            yield break;
        }

        var first = Headway(bands[0], factor);
        var offset = 60 * CityRandom.Below(seed, RandomStream.Timetable, lineIndex, Math.Max(1, first / 60), (direction * 8) + ServiceIndex(service));
        var end = bands[^1].EndMinute * 60;
        var t = (bands[0].StartMinute * 60) + offset;
        while (t < end)
        {
            yield return t;
            t += Headway(BandAt(bands, t), factor);
        }
    }

    /// <summary>Cruise speed between stops in m/s: slower at the peaks, faster late in the evening.</summary>
    public static double Speed(bool tram, int departure)
    {
        var minute = departure / 60;
        var peak = minute is >= 420 and < 570 or >= 960 and < 1140;
        var evening = minute >= 1200;
        var kmh = tram ? (peak ? 19.0 : evening ? 23.0 : 21.0) : (peak ? 15.5 : evening ? 22.0 : 19.0);
        return kmh / 3.6;
    }

    public static int DwellSeconds(bool tram) => tram ? 25 : 20;

    private static Band[] Bands(bool tram, string service) => service switch
    {
        Weekday => tram ? TramWeekday : BusWeekday,
        Saturday => tram ? TramSaturday : BusSaturday,
        Sunday => tram ? TramSunday : BusSunday,
        EventNight => tram ? Night : [],
        _ => [],
    };

    private static int ServiceIndex(string service) => service switch
    {
        Weekday => 0,
        Saturday => 1,
        Sunday => 2,
        _ => 3,
    };

    private static Band BandAt(Band[] bands, int seconds)
    {
        foreach (var band in bands)
        {
            if (seconds < band.EndMinute * 60)
            {
                return band;
            }
        }

        return bands[^1];
    }

    private static int Headway(Band band, double factor) => Math.Max(120, (int)Math.Round(band.HeadwayMinutes * factor) * 60);

    private readonly record struct Band(int StartMinute, int EndMinute, int HeadwayMinutes);
}
