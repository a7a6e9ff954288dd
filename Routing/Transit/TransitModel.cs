namespace Mobility.Routing.Transit;

/// <summary>A stop of the timetable (GTFS location_type 0), id namespaced by feed.</summary>
public sealed record TransitStop(string Id, string Name, double Lat, double Lon, int Feed);

/// <summary>A line as the traveler knows it (one GTFS route), with its operator.</summary>
public sealed record TransitLine(string Id, string ShortName, string LongName, int RouteType, string AgencyId, string AgencyName, string? Color)
{
    /// <summary>What a traveler reads on the vehicle: the short name, else the long name.</summary>
    public string DisplayName => ShortName.Length > 0 ? ShortName : LongName;
}

/// <summary>A GTFS shape polyline, with cumulative distances in metres computed along it.</summary>
public sealed record TransitShape(string Id, double[] Lats, double[] Lons, double[] Meters);

/// <summary>Whether a vehicle lets passengers on or off at one stop of a trip (GTFS pickup_type / drop_off_type 1 = no).</summary>
[Flags]
public enum StopAccess : byte
{
    None = 0,
    Board = 1,
    Alight = 2,
    Both = Board | Alight,
}

/// <summary>
/// One trip as scheduled on a set of service days: stop times are seconds after the service day start ("noon minus
/// 12h" local time, GTFS Time); <see cref="Days"/> has bit d set when it runs on <c>Timetable.FirstDate + d</c>.
/// The timetable's flat arrays are compiled from these, and realtime updates produce new ones.
/// </summary>
public sealed record ScheduledTrip(
    string Id,
    int Line,
    int TimeZone,
    int[] Stops,
    int[] Arrivals,
    int[] Departures,
    StopAccess[] Access,
    ulong[] Days,
    int Shape,
    string? Headsign,
    int[] Sequences)
{
    public bool RunsOn(int day) => day >= 0 && (day >> 6) < Days.Length && (Days[day >> 6] & (1UL << (day & 63))) != 0;
}

/// <summary>A walking link between two stops computed by the caller on the street graph (or from transfers.txt).</summary>
public readonly record struct Footpath(int FromStop, int ToStop, int Seconds);
