using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.Multimodal;

/// <summary>
/// Builds one street leg between two positions (walk, ride a shared vehicle, drive) on the snapshot's street network,
/// and converts the timetable's local times. Used by the shared-vehicle, carpool and park-and-ride legs.
/// </summary>
public sealed class StreetLegFactory(PlannerSnapshot snapshot)
{
    private readonly TimeZoneInfo _zone = snapshot.Timetable.TimeZones[0];

    public PlannerSnapshot Snapshot { get; } = snapshot;

    /// <summary>Car speed used off the graph (the snapped distance at each end).</summary>
    public const double CarAccessSpeedMps = 5.0;

    public DateTimeOffset FromLocal(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone.GetUtcOffset(local));

    public DateTime ToLocal(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, _zone).DateTime;

    /// <summary>
    /// A street path as a leg departing at <paramref name="departure"/>, or null when either end is off the profile's
    /// network or no path joins them. <paramref name="speedMps"/> overrides the profile's speed (a scooter rides the
    /// bike graph at its own speed); the snapped distance at each end is covered at the same speed.
    /// </summary>
    public Leg? Leg(Place a, Place b, DateTimeOffset departure, StreetProfile profile, LegMode mode, double? speedMps = null, string? @operator = null,
        string? vehicleType = null, decimal? price = null, string? currency = null, string? tripId = null)
    {
        var path = Path(a, b, profile);
        if (path is null)
        {
            return null;
        }

        var seconds = Seconds(path.Value, profile, speedMps);
        var points = new List<(double, double)> { (a.Lat, a.Lon) };
        points.AddRange(path.Value.Path.Coordinates.Select(c => (c.Lat, c.Lon)));
        points.Add((b.Lat, b.Lon));
        return new Leg(mode, a, b, departure, departure.AddSeconds(seconds), path.Value.Meters, GeoJson.LineString(points),
            Operator: @operator, TripId: tripId, VehicleType: vehicleType, Price: price, Currency: currency);
    }

    /// <summary>Duration in whole seconds and length of the street path between two places, or null.</summary>
    public (int Seconds, double Meters)? Measure(Place a, Place b, StreetProfile profile, double? speedMps = null) =>
        Path(a, b, profile) is { } p ? (Seconds(p, profile, speedMps), p.Meters) : null;

    /// <summary>As <see cref="Measure"/>, with the path's geometry.</summary>
    public (int Seconds, double Meters, IReadOnlyList<GeoCoordinate> Line)? MeasureWithLine(Place a, Place b, StreetProfile profile) =>
        Path(a, b, profile) is { } p ? (Seconds(p, profile, null), p.Meters, p.Path.Coordinates) : null;

    private (StreetPath Path, double Meters, double SnapMeters)? Path(Place a, Place b, StreetProfile profile)
    {
        var from = Snapshot.Streets.Snap(a.Lat, a.Lon, profile);
        var to = Snapshot.Streets.Snap(b.Lat, b.Lon, profile);
        if (from is not { } f || to is not { } t)
        {
            return null;
        }

        var path = Snapshot.Streets.Route(f, t);
        return path is null ? null : (path, path.DistanceMeters + f.DistanceMeters + t.DistanceMeters, f.DistanceMeters + t.DistanceMeters);
    }

    private int Seconds((StreetPath Path, double Meters, double SnapMeters) p, StreetProfile profile, double? speedMps)
    {
        var o = Snapshot.Streets.Options;
        var profileSpeed = profile switch
        {
            StreetProfile.Walk => o.WalkSpeedMps,
            StreetProfile.Bike => o.BikeSpeedMps,
            _ => CarAccessSpeedMps,
        };
        var graphSeconds = p.Path.Duration.TotalSeconds;
        if (speedMps is { } v && profile != StreetProfile.Car)
        {
            graphSeconds *= profileSpeed / v; // the bike graph's times scale with the vehicle's own speed
            profileSpeed = v;
        }

        return (int)Math.Ceiling(graphSeconds + (p.SnapMeters / profileSpeed));
    }
}
