using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.Multimodal;

/// <summary>A park-and-ride site: where a traveler may leave a car and continue by transit.</summary>
public sealed record ParkAndRideSite(string Name, double Lat, double Lon)
{
    public const int MaxSites = 10_000;

    /// <summary>
    /// Reads a configured list: a CSV with the header <c>name,lat,lon</c>. A malformed line is reported with its
    /// number and field, and nothing is returned.
    /// </summary>
    public static IReadOnlyList<ParkAndRideSite> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != "name,lat,lon")
        {
            throw new FormatException($"{path}:1: header must be 'name,lat,lon'");
        }

        var sites = new List<ParkAndRideSite>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != 3 || f[0].Trim().Length is 0 or > 200)
            {
                throw new FormatException($"{path}:{i + 1}: name: expected 3 fields and a name of 1 to 200 characters");
            }

            if (!double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || lat is < -90 or > 90)
            {
                throw new FormatException($"{path}:{i + 1}: lat: '{f[1]}' is not a latitude");
            }

            if (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || lon is < -180 or > 180)
            {
                throw new FormatException($"{path}:{i + 1}: lon: '{f[2]}' is not a longitude");
            }

            sites.Add(new ParkAndRideSite(f[0].Trim(), lat, lon));
            if (sites.Count > MaxSites)
            {
                throw new FormatException($"{path}:{i + 1}: more than {MaxSites} sites");
            }
        }

        return sites;
    }
}

/// <summary>Limits of park-and-ride itineraries.</summary>
public sealed record ParkAndRideOptions
{
    public TimeSpan MaxDrive { get; init; } = TimeSpan.FromMinutes(40);

    /// <summary>Time to park and walk out of the car park, added before the transit part.</summary>
    public TimeSpan ParkingTime { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Sites tried, those with the shortest straight-line detour (origin to site to destination) first.</summary>
    public int Sites { get; init; } = 3;
}

/// <summary>Drive to a park-and-ride site, park, then transit (planned by <see cref="TripPlanner"/> from the site).</summary>
internal sealed class ParkAndRideLegs(StreetLegFactory legs, TripPlanner transit, IReadOnlyList<ParkAndRideSite> sites, ParkAndRideOptions options)
{
    /// <param name="worth">Given the drive about to be continued by transit, whether any continuation could enter the
    /// answer; null: always.</param>
    public void Plan(Place origin, Place destination, DateTimeOffset start, List<Itinerary> into, Func<Itinerary, bool>? worth = null)
    {
        foreach (var site in sites
            .OrderBy(s => Geo.HaversineMeters(origin.Lat, origin.Lon, s.Lat, s.Lon) + Geo.HaversineMeters(s.Lat, s.Lon, destination.Lat, destination.Lon))
            .ThenBy(s => s.Lat).ThenBy(s => s.Lon)
            .Take(options.Sites))
        {
            var place = new Place(site.Name, site.Lat, site.Lon);
            var drive = legs.Leg(origin, place, start, StreetProfile.Car, LegMode.Car);
            if (drive is null || drive.Duration > options.MaxDrive || (worth is not null && !worth(new Itinerary([drive]))))
            {
                continue;
            }

            var parked = drive.Arrival + options.ParkingTime;
            var rest = transit.Plan(new PlanRequest(new GeoCoordinate(site.Lat, site.Lon), new GeoCoordinate(destination.Lat, destination.Lon),
                legs.ToLocal(parked), false, PlanModes.Walk | PlanModes.Transit));
            foreach (var it in rest.Itineraries.Where(i => i.Legs.Any(l => l.Mode == LegMode.Transit)))
            {
                into.Add(new Itinerary([drive, it.Legs[0] with { From = place }, .. it.Legs.Skip(1)]));
            }
        }
    }
}
