using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Campaigns.Reports;

/// <summary>
/// Origin-destination open data. Each journey end is truncated (floor, so that cells are uniform across the
/// Greenwich meridian and the equator) to 3 decimals (about 110 m) in dense areas and 2 decimals (about 1.1 km)
/// elsewhere. "Dense": the 0.01-degree cell holding the point contains at least <see cref="OpenDataOptions.DenseThreshold"/>
/// journey ends (starts plus ends) of the exported set. Journeys are counted per (month, origin cell, destination
/// cell); a cell with fewer than <see cref="OpenDataOptions.MinTrips"/> journeys is suppressed (k-anonymity), and
/// only the number of suppressed journeys is published.
/// </summary>
public static class OpenDataExport
{
    public static OpenDataResult Build(IEnumerable<(CampaignJourney Journey, long IncentiveCents)> journeys, TimeZoneInfo timeZone, OpenDataOptions? options = null)
    {
        options ??= new OpenDataOptions();
        var accepted = journeys.Where(j => j.Journey.Status == JourneyStatus.Accepted).ToList();
        var density = new Dictionary<(long, long), int>();
        foreach (var (j, _) in accepted)
        {
            Count(density, j.Start);
            Count(density, j.End);
        }
        var cells = new Dictionary<OdKey, OdCell>();
        foreach (var (j, cents) in accepted)
        {
            var local = TimeZoneInfo.ConvertTime(j.StartTime, timeZone);
            var key = new OdKey(local.ToString("yyyy-MM", CultureInfo.InvariantCulture), Truncate(j.Start, density, options), Truncate(j.End, density, options));
            cells.TryGetValue(key, out var c);
            cells[key] = new OdCell(key.Month, key.Origin, key.Destination, c.Trips + 1, c.Seats + j.Seats, c.DistanceMetres + j.DistanceMetres, c.IncentiveCents + cents);
        }
        var kept = cells.Values.Where(c => c.Trips >= options.MinTrips)
            .OrderBy(c => c.Month, StringComparer.Ordinal).ThenBy(c => c.Origin, StringComparer.Ordinal).ThenBy(c => c.Destination, StringComparer.Ordinal).ToList();
        var suppressed = cells.Values.Where(c => c.Trips < options.MinTrips).Sum(c => c.Trips);
        return new OpenDataResult(kept, suppressed, accepted.Count);
    }

    private static void Count(Dictionary<(long, long), int> density, GeoPoint p)
    {
        var k = (Floor(p.Lat, 100), Floor(p.Lon, 100));
        density[k] = density.GetValueOrDefault(k) + 1;
    }

    private static string Truncate(GeoPoint p, Dictionary<(long, long), int> density, OpenDataOptions options)
    {
        var dense = density.GetValueOrDefault((Floor(p.Lat, 100), Floor(p.Lon, 100))) >= options.DenseThreshold;
        var scale = dense ? 1000 : 100;
        var format = dense ? "0.000" : "0.00";
        var lat = (decimal)Floor(p.Lat, scale) / scale;
        var lon = (decimal)Floor(p.Lon, scale) / scale;
        return string.Create(CultureInfo.InvariantCulture, $"{lat.ToString(format, CultureInfo.InvariantCulture)} {lon.ToString(format, CultureInfo.InvariantCulture)}");
    }

    /// <summary>Floor of value x scale, in decimal so that 2.3 x 100 is 230 and not 229.99999999999997.</summary>
    private static long Floor(double value, int scale) => (long)decimal.Floor((decimal)value * scale);

    private readonly record struct OdKey(string Month, string Origin, string Destination);
}

/// <param name="MinTrips">k of k-anonymity: fewer journeys in a cell and it is suppressed.</param>
/// <param name="DenseThreshold">Journey ends per 0.01-degree cell from which the cell is dense (3 decimals).</param>
public sealed record OpenDataOptions(int MinTrips = 6, int DenseThreshold = 60);

/// <summary>One published cell; <see cref="Origin"/> and <see cref="Destination"/> are "lat lon" truncated.</summary>
public readonly record struct OdCell(string Month, string Origin, string Destination, int Trips, int Seats, long DistanceMetres, long IncentiveCents);

public sealed record OpenDataResult(IReadOnlyList<OdCell> Cells, int SuppressedTrips, int TotalTrips)
{
    public string ToCsv()
    {
        var sb = new StringBuilder("month,origin_lat,origin_lon,destination_lat,destination_lon,trips,seats,distance_km,incentive_cents\n");
        foreach (var c in Cells)
        {
            var o = c.Origin.Split(' ');
            var d = c.Destination.Split(' ');
            sb.Append(CultureInfo.InvariantCulture, $"{c.Month},{o[0]},{o[1]},{d[0]},{d[1]},{c.Trips},{c.Seats},{c.DistanceMetres / 1000},{c.IncentiveCents}\n");
        }
        return sb.ToString();
    }
}
