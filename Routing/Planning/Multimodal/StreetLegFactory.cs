using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.Multimodal;

/// <summary>
/// Builds one street leg between two positions (walk, ride a shared vehicle, drive) on the snapshot's street network,
/// and converts the timetable's local times. Used by the shared-vehicle, carpool and park-and-ride legs.
/// One factory serves one query on one thread: it remembers the snaps and paths it computed, because a query asks the
/// same ones many times (every carpool offer considers the ride from the traveler's door to the destination).
/// </summary>
public sealed class StreetLegFactory(PlannerSnapshot snapshot)
{
    /// <summary>Paths remembered per query, at most; past it, new paths are computed and not kept.</summary>
    public const int MaxRememberedPaths = 4_096;

    private readonly TimeZoneInfo _zone = snapshot.Timetable.TimeZones[0];
    private readonly Dictionary<(double, double, StreetProfile), StreetSnap?> _snaps = [];
    private readonly Dictionary<(double, double, double, double, StreetProfile), (StreetPath Path, double Meters, double SnapMeters)?> _paths = [];

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
        return new Leg(mode, a, b, departure, departure.AddSeconds(seconds), path.Value.Meters, LegShape.Line(points),
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
        var key = (a.Lat, a.Lon, b.Lat, b.Lon, profile);
        if (_paths.TryGetValue(key, out var known))
        {
            return known;
        }

        var from = Snap(a, profile);
        var to = Snap(b, profile);
        (StreetPath Path, double Meters, double SnapMeters)? found = null;
        if (from is { } f && to is { } t && Snapshot.Streets.Route(f, t) is { } path)
        {
            found = (path, path.DistanceMeters + f.DistanceMeters + t.DistanceMeters, f.DistanceMeters + t.DistanceMeters);
        }

        if (_paths.Count < MaxRememberedPaths)
        {
            _paths[key] = found;
        }

        return found;
    }

    private StreetSnap? Snap(Place p, StreetProfile profile)
    {
        var key = (p.Lat, p.Lon, profile);
        if (!_snaps.TryGetValue(key, out var snap))
        {
            snap = Snapshot.Streets.Snap(p.Lat, p.Lon, profile);
            if (_snaps.Count < MaxRememberedPaths)
            {
                _snaps[key] = snap;
            }
        }

        return snap;
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
