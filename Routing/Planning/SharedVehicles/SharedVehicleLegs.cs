using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.SharedVehicles;

/// <summary>
/// Shared bikes and scooters door to door: walk to a docked station with a vehicle of the type or to a free-floating
/// vehicle whose zone allows starting, ride it (bike graph; scooters at their own speed), end at a station with a free
/// dock for the type or, free-floating, where the geofencing rules allow ending, walk on. The ride is priced with the
/// vehicle's GBFS pricing plan (system_pricing_plans.json). The same rides end at stations near transit stops as an
/// access leg, the transit part planned by <see cref="TripPlanner"/> from there.
/// </summary>
internal sealed class SharedVehicleLegs(StreetLegFactory legs, TripPlanner transit, SharedVehicleOptions options)
{
    private readonly double _walkRadius = options.MaxWalk.TotalSeconds * legs.Snapshot.Streets.Options.WalkSpeedMps;

    /// <param name="worth">Given a ride (and the walk to it) about to be continued by transit, whether any continuation
    /// could enter the answer; null: always.</param>
    public void Plan(SharedMobilityFeed feed, Place origin, Place destination, DateTimeOffset start, bool withTransit, List<Itinerary> into, Func<Itinerary, bool>? worth = null)
    {
        if (feed.IsStale)
        {
            return; // flagged in the answer's notices by the caller
        }

        var g = feed.Snapshot;
        foreach (var pickup in Pickups(g, origin, start))
        {
            var walkIn = legs.Leg(origin, pickup.Place, start, StreetProfile.Walk, LegMode.Walk);
            if (walkIn is null || walkIn.Duration > options.MaxWalk)
            {
                continue;
            }

            var form = pickup.Type is { } t && g.VehicleTypes.TryGetValue(t, out var vt) ? vt.FormFactor : FormFactor.Bicycle;
            var scooter = form is FormFactor.ScooterStanding or FormFactor.ScooterSeated or FormFactor.Moped;
            foreach (var drop in Dropoffs(g, pickup, destination.Lat, destination.Lon, walkIn.Arrival, options.Candidates))
            {
                var ride = Ride(g, pickup, drop, walkIn.Arrival, scooter);
                if (ride is null)
                {
                    continue;
                }

                var walkOut = legs.Leg(drop, destination, ride.Arrival, StreetProfile.Walk, LegMode.Walk);
                if (walkOut is null || walkOut.Duration > options.MaxWalk)
                {
                    continue;
                }

                into.Add(new Itinerary(Trim([walkIn, ride, walkOut])));
            }

            if (withTransit)
            {
                TransitAfter(g, pickup, walkIn, scooter, destination, into, worth);
            }
        }
    }

    /// <summary>Ride to a station with a free dock near a stop, then transit from there.</summary>
    private void TransitAfter(GbfsSnapshot g, Pickup pickup, Leg walkIn, bool scooter, Place destination, List<Itinerary> into, Func<Itinerary, bool>? worth)
    {
        var stops = legs.Snapshot.Timetable.Stops;
        var rideRadius = options.MaxRide.TotalSeconds * (scooter ? options.ScooterSpeedMps : legs.Snapshot.Streets.Options.BikeSpeedMps);
        var stations = g.Stations
            .Where(s => s.Id != pickup.Station?.Id && Docks(s, pickup.Type) > 0)
            .Where(s => Geo.HaversineMeters(pickup.Place.Lat, pickup.Place.Lon, s.Latitude, s.Longitude) <= rideRadius)
            .Where(s => stops.Any(p => Geo.HaversineMeters(p.Lat, p.Lon, s.Latitude, s.Longitude) <= options.StationToStopMeters))
            .OrderBy(s => Geo.HaversineMeters(s.Latitude, s.Longitude, destination.Lat, destination.Lon))
            .ThenBy(s => s.Latitude).ThenBy(s => s.Longitude)
            .Take(options.TransitStations);
        foreach (var s in stations)
        {
            var drop = new Place(s.Name.Get(), s.Latitude, s.Longitude, "gbfs:" + s.Id.Value);
            var ride = Ride(g, pickup, drop, walkIn.Arrival, scooter);
            if (ride is null || (worth is not null && !worth(new Itinerary(Trim([walkIn, ride])))))
            {
                continue;
            }

            var rest = transit.Plan(new PlanRequest(new GeoCoordinate(drop.Lat, drop.Lon), new GeoCoordinate(destination.Lat, destination.Lon),
                legs.ToLocal(ride.Arrival), false, PlanModes.Walk | PlanModes.Transit));
            foreach (var it in rest.Itineraries.Where(i => i.Legs.Any(l => l.Mode == LegMode.Transit)))
            {
                var first = it.Legs[0] with { From = drop };
                into.Add(new Itinerary(Trim([walkIn, ride, first, .. it.Legs.Skip(1)])));
            }
        }
    }

    private Leg? Ride(GbfsSnapshot g, Pickup pickup, Place drop, DateTimeOffset at, bool scooter)
    {
        var measure = legs.Measure(pickup.Place, drop, StreetProfile.Bike, scooter ? options.ScooterSpeedMps : null);
        if (measure is not { } m || m.Seconds > options.MaxRide.TotalSeconds)
        {
            return null;
        }

        var plan = pickup.Vehicle is { } v ? g.PlanFor(v) : pickup.Type is { } t ? g.PlanForType(t) : null;
        decimal? price = plan is null ? null : decimal.Round(plan.Cost(TimeSpan.FromSeconds(m.Seconds), m.Meters), 2, MidpointRounding.AwayFromZero);
        return legs.Leg(pickup.Place, drop, at, StreetProfile.Bike, scooter ? LegMode.Scooter : LegMode.BikeShare, scooter ? options.ScooterSpeedMps : null,
            g.System.SystemId, pickup.Type?.Value, price, plan?.Currency, pickup.Vehicle?.Id);
    }

    /// <summary>Stations with a vehicle of a type, and free-floating vehicles that may start here, nearest first.</summary>
    private IEnumerable<Pickup> Pickups(GbfsSnapshot g, Place origin, DateTimeOffset at)
    {
        var found = new List<(double Meters, Pickup P)>();
        foreach (var s in g.Stations)
        {
            var d = Geo.HaversineMeters(origin.Lat, origin.Lon, s.Latitude, s.Longitude);
            if (d > _walkRadius)
            {
                continue;
            }

            foreach (var type in g.VehicleTypes.Keys.OrderBy(k => k.Value, StringComparer.Ordinal).Where(k => s.AvailableFor(k) > 0 && Rideable(g, k)))
            {
                found.Add((d, new Pickup(new Place(s.Name.Get(), s.Latitude, s.Longitude, "gbfs:" + s.Id.Value), type, s, null)));
            }
        }

        foreach (var v in g.AvailableFreeFloating)
        {
            var d = Geo.HaversineMeters(origin.Lat, origin.Lon, v.Latitude!.Value, v.Longitude!.Value);
            if (d <= _walkRadius && (v.TypeId is not { } t || Rideable(g, t)) && g.Geofencing.CanStartRide(v.Latitude.Value, v.Longitude.Value, v.TypeId, at))
            {
                found.Add((d, new Pickup(new Place("vehicle " + v.Id, v.Latitude.Value, v.Longitude.Value), v.TypeId, null, v)));
            }
        }

        // Nearest first; ties by position, so the answer does not depend on the order of the feed's records.
        return found.OrderBy(f => f.Meters).ThenBy(f => f.P.Place.Lat).ThenBy(f => f.P.Place.Lon).ThenBy(f => f.P.Type?.Value, StringComparer.Ordinal)
            .Take(options.Candidates).Select(f => f.P);
    }

    /// <summary>Where the ride may end: stations with a free dock for the type; a free-floating vehicle also at the
    /// destination itself when the zone there allows ending.</summary>
    private IEnumerable<Place> Dropoffs(GbfsSnapshot g, Pickup pickup, double lat, double lon, DateTimeOffset at, int count)
    {
        var places = g.Stations
            .Where(s => Docks(s, pickup.Type) > 0 && Geo.HaversineMeters(lat, lon, s.Latitude, s.Longitude) <= _walkRadius)
            .Select(s => new Place(s.Name.Get(), s.Latitude, s.Longitude, "gbfs:" + s.Id.Value))
            .OrderBy(p => Geo.HaversineMeters(lat, lon, p.Lat, p.Lon)).ThenBy(p => p.Lat).ThenBy(p => p.Lon)
            .Where(p => p.StopId != pickup.Place.StopId)
            .Take(count).ToList();
        if (pickup.Vehicle is not null && g.Geofencing.CanEndRide(lat, lon, pickup.Type, at))
        {
            places.Insert(0, new Place("destination", lat, lon));
        }

        return places;
    }

    private static int Docks(GbfsStation s, VehicleTypeId? type) => type is { } t ? s.DocksFor(t) : s.Status?.DocksAvailable ?? 0;

    private static bool Rideable(GbfsSnapshot g, VehicleTypeId type) =>
        g.VehicleTypes.TryGetValue(type, out var vt) && vt.FormFactor is FormFactor.Bicycle or FormFactor.CargoBicycle or FormFactor.ScooterStanding or FormFactor.ScooterSeated;

    /// <summary>Drops zero-length walks (the vehicle is where the traveler stands).</summary>
    private static List<Leg> Trim(IEnumerable<Leg> legs) =>
        [.. legs.Where(l => l.Mode != LegMode.Walk || Geo.HaversineMeters(l.From.Lat, l.From.Lon, l.To.Lat, l.To.Lon) >= 1)];

    private sealed record Pickup(Place Place, VehicleTypeId? Type, GbfsStation? Station, GbfsVehicle? Vehicle);
}
