using System.Security.Cryptography;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Planning.SharedVehicles;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.SharedMobility;
using Mobility.Routing.Transit;

namespace Mobility.Routing.Tests.Planning.Multimodal;

public sealed class MultimodalPlannerTests(DemoCityPlannerFixture f) : IClassFixture<DemoCityPlannerFixture>
{
    private PlanRequest Request(double fromLat, double fromLon, double toLat, double toLon, PlanModes modes) =>
        new(new GeoCoordinate(fromLat, fromLon), new GeoCoordinate(toLat, toLon), f.Local, false, modes);

    /// <summary>Pairs of stations 0.6 to 4 km apart, the first with a rentable vehicle.</summary>
    private IEnumerable<(GbfsStation A, GbfsStation B)> StationPairs() =>
        from a in f.Gbfs.Stations
        where f.Gbfs.VehicleTypes.Keys.Any(t => a.AvailableFor(t) > 0)
        from b in f.Gbfs.Stations
        let d = Geo.HaversineMeters(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
        where d is > 600 and < 4000
        orderby a.Id.Value, b.Id.Value
        select (a, b);

    [Fact]
    public void Origin_equal_to_destination_is_one_empty_walk_whatever_the_modes()
    {
        var (a, _) = StationPairs().First();
        var result = f.Planner().Plan(Request(a.Latitude + 0.0004, a.Longitude, a.Latitude + 0.0004, a.Longitude, PlanModes.Default | PlanModes.BikeShare | PlanModes.Bike));
        Assert.Null(result.Error);
        var only = Assert.Single(result.Itineraries).Itinerary;
        var leg = Assert.Single(only.Legs);
        Assert.Equal(LegMode.Walk, leg.Mode);
        Assert.Equal(0, leg.DistanceMeters);
        Assert.Equal(only.Departure, only.Arrival);
    }

    [Fact]
    public void Bikeshare_rides_start_at_a_station_with_a_vehicle_end_at_a_free_dock_and_are_priced_from_the_plan()
    {
        var planner = f.Planner();
        var rides = 0;
        foreach (var (a, b) in StationPairs().Take(6))
        {
            var result = planner.Plan(Request(a.Latitude + 0.0004, a.Longitude, b.Latitude - 0.0004, b.Longitude, PlanModes.BikeShare | PlanModes.Walk));
            foreach (var it in result.Itineraries.Select(r => r.Itinerary))
            {
                TimeConsistency.Check(it);
                Assert.True(it.Departure >= new DateTimeOffset(f.Local, TimeSpan.FromHours(1)));
                foreach (var leg in it.Legs.Where(l => l.Mode is LegMode.BikeShare or LegMode.Scooter))
                {
                    rides++;
                    var type = new VehicleTypeId(leg.VehicleType!);
                    Assert.Equal(f.Gbfs.System.SystemId, leg.Operator);
                    if (leg.From.StopId is { } from)
                    {
                        Assert.True(f.Gbfs.Stations.Single(s => "gbfs:" + s.Id.Value == from).AvailableFor(type) > 0);
                    }
                    else
                    {
                        var v = f.Gbfs.Vehicles.Single(x => x.Id == leg.TripId);
                        Assert.True(v.IsAvailable && v.IsFreeFloating);
                    }

                    if (leg.To.StopId is { } to)
                    {
                        Assert.True(f.Gbfs.Stations.Single(s => "gbfs:" + s.Id.Value == to).DocksFor(type) > 0);
                    }
                    else
                    {
                        Assert.True(f.Gbfs.Geofencing.CanEndRide(leg.To.Lat, leg.To.Lon, type, leg.Arrival));
                    }

                    var plan = leg.TripId is { } vid ? f.Gbfs.PlanFor(f.Gbfs.Vehicles.Single(x => x.Id == vid)) : f.Gbfs.PlanForType(type);
                    Assert.Equal(decimal.Round(plan!.Cost(leg.Duration, leg.DistanceMeters), 2, MidpointRounding.AwayFromZero), leg.Price);
                    Assert.Equal(plan.Currency, leg.Currency);
                }
            }
        }

        Assert.True(rides > 0, "no shared-vehicle ride found in the village");
    }

    [Fact]
    public void Free_floating_rides_never_end_where_ending_is_forbidden()
    {
        var planner = f.Planner();
        var park = f.Gbfs.Geofencing.Zones.Single(z => z.Name.Get() == "Parc des Saules");
        var ring = park.Area.Polygons[0][0];
        var inPark = (Lat: ring.Take(4).Average(p => p.Lat), Lon: ring.Take(4).Average(p => p.Lon));
        var checkedRides = 0;
        var vehicles = f.Gbfs.AvailableFreeFloating.OrderBy(v => v.Id, StringComparer.Ordinal).Take(6).ToList();
        foreach (var v in vehicles)
        {
            // Into the park (ending forbidden there) and to another vehicle's place (ending allowed in most zones).
            var other = vehicles[(vehicles.IndexOf(v) + 3) % vehicles.Count];
            foreach (var (toLat, toLon) in new[] { inPark, (other.Latitude!.Value, other.Longitude!.Value) })
            {
                var result = planner.Plan(Request(v.Latitude!.Value, v.Longitude!.Value + 0.0003, toLat, toLon, PlanModes.BikeShare | PlanModes.Walk));
                foreach (var leg in result.Itineraries.SelectMany(r => r.Itinerary.Legs).Where(l => l.Mode is LegMode.Scooter or LegMode.BikeShare && l.To.StopId is null))
                {
                    checkedRides++;
                    Assert.True(f.Gbfs.Geofencing.CanEndRide(leg.To.Lat, leg.To.Lon, new VehicleTypeId(leg.VehicleType!), leg.Arrival));
                }

                Assert.DoesNotContain(result.Itineraries.SelectMany(r => r.Itinerary.Legs),
                    l => l.Mode is LegMode.Scooter or LegMode.BikeShare && Math.Abs(l.To.Lat - inPark.Lat) < 1e-9 && Math.Abs(l.To.Lon - inPark.Lon) < 1e-9);
            }
        }

        Assert.True(checkedRides > 0, "no free-floating ride ended outside a station");
    }

    [Fact]
    public void A_stale_feed_is_flagged_and_its_vehicles_are_not_offered()
    {
        var stale = SharedMobilityFeed.Check(f.Gbfs, GbfsFreshnessPolicy.Default, f.Now.AddHours(3));
        Assert.True(stale.IsStale);
        var (a, b) = StationPairs().First();
        var result = f.Planner(feed: stale).Plan(Request(a.Latitude, a.Longitude, b.Latitude, b.Longitude, PlanModes.BikeShare | PlanModes.Walk));
        Assert.DoesNotContain(result.Itineraries.SelectMany(r => r.Itinerary.Legs), l => l.Mode is LegMode.BikeShare or LegMode.Scooter);
        Assert.Contains(result.Notices, n => n.Contains("stale", StringComparison.Ordinal) && n.Contains(f.Gbfs.System.SystemId, StringComparison.Ordinal));
    }

    private (GeoPoint DriverFrom, GeoPoint DriverTo) DriverTrip()
    {
        var stops = f.Snapshot.Timetable.Stops;
        var a = stops.MinBy(s => s.Lat + s.Lon)!;
        var b = stops.MaxBy(s => s.Lat + s.Lon)!;
        return (new GeoPoint(a.Lat, a.Lon), new GeoPoint(b.Lat, b.Lon));
    }

    private CarpoolOffer Offer(string id, string op, GeoPoint from, GeoPoint to, int detourMinutes = 15, int seats = 3, double startOffsetMinutes = 0) => new(
        new DriverOffer(new OfferId(id), op, from, to, f.Now.AddMinutes(startOffsetMinutes), f.Now.AddMinutes(startOffsetMinutes + 30), seats,
            TimeSpan.FromMinutes(detourMinutes), TimeSpan.FromMinutes(60)),
        new CarpoolPrice(0.5m, 0.1m, "EUR"));

    [Fact]
    public void Carpool_legs_respect_the_detour_limit_and_the_departure_window()
    {
        var (from, to) = DriverTrip();
        var book = CarpoolOfferBook.Build([Offer("o1", "op-a", from, to, 10), Offer("o2", "op-b", from, to, 2, startOffsetMinutes: 20)], new FixedTime(f.Now));
        Assert.Empty(book.Rejected);
        var riderFrom = (Lat: from.Latitude + ((to.Latitude - from.Latitude) * 0.3), Lon: from.Longitude + ((to.Longitude - from.Longitude) * 0.3));
        var riderTo = (Lat: from.Latitude + ((to.Latitude - from.Latitude) * 0.8), Lon: from.Longitude + ((to.Longitude - from.Longitude) * 0.8));
        var result = f.Planner(book).Plan(Request(riderFrom.Lat, riderFrom.Lon, riderTo.Lat, riderTo.Lon, PlanModes.Carpool | PlanModes.Walk | PlanModes.Transit));
        var legs = new StreetLegFactory(f.Snapshot);
        var carpools = 0;
        foreach (var it in result.Itineraries.Select(r => r.Itinerary))
        {
            TimeConsistency.Check(it);
            foreach (var leg in it.Legs.Where(l => l.Mode == LegMode.Carpool))
            {
                carpools++;
                var offer = book.Offers.Single(o => o.Driver.Id.Value == leg.TripId).Driver;
                var driverFrom = new Place("o", offer.Origin.Latitude, offer.Origin.Longitude);
                var driverTo = new Place("d", offer.Destination.Latitude, offer.Destination.Longitude);
                var toPickup = legs.Measure(driverFrom, leg.From, StreetProfile.Car)!.Value.Seconds;
                var ride = legs.Measure(leg.From, leg.To, StreetProfile.Car)!.Value;
                var onward = legs.Measure(leg.To, driverTo, StreetProfile.Car)!.Value.Seconds;
                var direct = legs.Measure(driverFrom, driverTo, StreetProfile.Car)!.Value.Seconds;
                Assert.True(toPickup + ride.Seconds + onward - direct <= offer.MaxDetour.TotalSeconds, "detour over the offer's limit");
                var leave = leg.Departure.AddSeconds(-toPickup);
                Assert.InRange(leave, offer.DepartureEarliest, offer.DepartureLatest);
                Assert.Equal(new CarpoolPrice(0.5m, 0.1m, "EUR").Cost(leg.DistanceMeters), leg.Price);
            }
        }

        Assert.True(carpools > 0, "no carpool leg offered along the driver's route");
    }

    [Fact]
    public void Offers_in_the_past_without_seats_or_with_a_negative_detour_are_refused()
    {
        var (from, to) = DriverTrip();
        var past = Offer("past", "op", from, to, startOffsetMinutes: -120);
        var noSeat = Offer("noseat", "op", from, to, seats: 0);
        var negative = Offer("neg", "op", from, to) with { Driver = Offer("neg", "op", from, to).Driver with { MaxDetour = TimeSpan.FromMinutes(-1) } };
        var book = CarpoolOfferBook.Build([past, noSeat, negative, Offer("ok", "op", from, to)], new FixedTime(f.Now));
        Assert.Equal(["ok"], book.Offers.Select(o => o.Driver.Id.Value));
        Assert.Contains("past", book.Rejected.Single(r => r.OfferId == "past").Reasons[0], StringComparison.Ordinal);
        Assert.Contains(book.Rejected.Single(r => r.OfferId == "noseat").Reasons, r => r.Contains("seats", StringComparison.Ordinal));
        Assert.Contains(book.Rejected.Single(r => r.OfferId == "neg").Reasons, r => r.Contains("negative", StringComparison.Ordinal));
    }

    [Fact]
    public void Renaming_or_reordering_operators_changes_nothing_in_the_ranking()
    {
        var (from, to) = DriverTrip();
        var mid = new GeoPoint((from.Latitude + to.Latitude) / 2, (from.Longitude + to.Longitude) / 2);
        CarpoolOffer[] offers = [Offer("a1", "Alpha", from, to, 12), Offer("b1", "Beta", mid, to, 8, startOffsetMinutes: 5), Offer("c1", "Gamma", from, mid, 15, startOffsetMinutes: 2)];
        var rename = new Dictionary<string, string> { ["Alpha"] = "Zulu", ["Beta"] = "Aardvark", ["Gamma"] = "Mike" };
        CarpoolOffer[] renamed = [.. offers.Reverse().Select(o => o with { Driver = o.Driver with { Operator = rename[o.Driver.Operator], Id = new OfferId("x-" + o.Driver.Id.Value) } })];
        var request = Request(from.Latitude + ((to.Latitude - from.Latitude) * 0.2), from.Longitude + ((to.Longitude - from.Longitude) * 0.2),
            to.Latitude - ((to.Latitude - from.Latitude) * 0.1), to.Longitude - ((to.Longitude - from.Longitude) * 0.1), PlanModes.Carpool | PlanModes.Walk | PlanModes.Transit);
        var one = f.Planner(CarpoolOfferBook.Build(offers, new FixedTime(f.Now))).Plan(request);
        var two = f.Planner(CarpoolOfferBook.Build(renamed, new FixedTime(f.Now))).Plan(request);
        Assert.Contains(one.Itineraries, r => r.Itinerary.Legs.Any(l => l.Mode == LegMode.Carpool));
        Assert.Equal(one.Itineraries.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost)), two.Itineraries.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost)));
        Assert.Equal(
            one.Itineraries.Select(r => string.Join(",", r.Itinerary.Legs.Select(l => l.Mode == LegMode.Carpool ? rename[l.Operator!] : l.Operator))),
            two.Itineraries.Select(r => string.Join(",", r.Itinerary.Legs.Select(l => l.Operator))));
    }

    [Fact]
    public void Park_and_ride_drives_to_the_site_then_rides_transit()
    {
        var (from, to) = DriverTrip();
        var stop = f.Snapshot.Timetable.Stops.OrderBy(s => Geo.HaversineMeters(s.Lat, s.Lon, from.Latitude, from.Longitude)).Skip(3).First();
        var result = f.Planner(sites: [new ParkAndRideSite("P+R test", stop.Lat, stop.Lon)])
            .Plan(Request(from.Latitude, from.Longitude, to.Latitude, to.Longitude, PlanModes.CarParkRide | PlanModes.Walk | PlanModes.Transit));
        var pr = result.Itineraries.Select(r => r.Itinerary).Where(i => i.Legs[0].Mode == LegMode.Car).ToList();
        Assert.NotEmpty(pr);
        Assert.All(pr, i =>
        {
            TimeConsistency.Check(i);
            Assert.Equal("P+R test", i.Legs[0].To.Name);
            Assert.Contains(i.Legs, l => l.Mode == LegMode.Transit);
            Assert.True(i.Legs[1].Departure >= i.Legs[0].Arrival + TimeSpan.FromMinutes(3));
        });
    }

    [Fact]
    public void Every_answer_names_the_policy_and_its_hash_is_the_shipped_document_hash()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "Routing", "Planning", "Ranking", "policy-v2.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(hash, RankingPolicy.Default.Reference.Sha256);
        Assert.Equal(RankingPolicy.LoadEmbedded().Reference, RankingPolicy.Default.Reference);
        Assert.Equal(("mobility-itinerary-ranking", "2.0.0"), (RankingPolicy.Default.Reference.Id, RankingPolicy.Default.Reference.Version));
        var (a, b) = StationPairs().First();
        var result = f.Planner().Plan(Request(a.Latitude, a.Longitude, b.Latitude, b.Longitude, PlanModes.Default | PlanModes.BikeShare));
        Assert.Equal(RankingPolicy.Default.Reference, result.Policy);
        Assert.Equal(result.Itineraries.OrderBy(r => r.Cost).Select(r => r.Cost), result.Itineraries.Select(r => r.Cost));
        Assert.Throws<FormatException>(() => RankingPolicy.Parse("{\"id\":\"x\"}"u8.ToArray()));
    }
}

public sealed class CarpoolPruningTests(DemoCityPlannerFixture f) : IClassFixture<DemoCityPlannerFixture>
{
    [Fact]
    public void Pruning_by_bounds_gives_the_same_answer_as_the_exhaustive_search_with_every_mode()
    {
        var stops = f.Snapshot.Timetable.Stops;
        var random = new Random(7);
        var offers = Enumerable.Range(0, 12).Select(i =>
        {
            var a = stops[random.Next(stops.Count)];
            var b = stops[random.Next(stops.Count)];
            var t = f.Now.AddMinutes(random.Next(0, 40));
            return new CarpoolOffer(new DriverOffer(new OfferId($"p{i}"), $"op-{i % 3}", new GeoPoint(a.Lat, a.Lon), new GeoPoint(b.Lat, b.Lon), t, t.AddMinutes(20),
                2, TimeSpan.FromMinutes(random.Next(0, 12)), TimeSpan.FromMinutes(60)), new CarpoolPrice(0.5m, 0.1m, "EUR"));
        }).ToList();
        var book = CarpoolOfferBook.Build(offers, new FixedTime(f.Now));
        var offersHolder = new SnapshotHolder<MobilityOffers>(new MobilityOffers(
            [SharedMobilityFeed.Check(f.Gbfs, GbfsFreshnessPolicy.Default, f.Now)], book, ParkAndRideOsm.Read(f.City.OsmPath)));
        var snapshot = new SnapshotHolder<PlannerSnapshot>(f.Snapshot);
        var pruned = new MultimodalPlanner(snapshot, offersHolder);
        var exhaustive = new MultimodalPlanner(snapshot, offersHolder, options: new MultimodalOptions { Exhaustive = true });
        var (minLat, maxLat, minLon, maxLon) = (stops.Min(s => s.Lat), stops.Max(s => s.Lat), stops.Min(s => s.Lon), stops.Max(s => s.Lon));
        var (carpools, continued) = (0, 0);
        for (var q = 0; q < 16; q++)
        {
            var request = new PlanRequest(new GeoCoordinate(minLat + (random.NextDouble() * (maxLat - minLat)), minLon + (random.NextDouble() * (maxLon - minLon))),
                new GeoCoordinate(minLat + (random.NextDouble() * (maxLat - minLat)), minLon + (random.NextDouble() * (maxLon - minLon))),
                f.Local.AddMinutes(random.Next(0, 30)), false, PlanModes.Walk | PlanModes.Transit | PlanModes.Carpool | PlanModes.BikeShare | PlanModes.CarParkRide);
            var a = pruned.Plan(request).Itineraries.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost)).ToList();
            var b = exhaustive.Plan(request).Itineraries.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost)).ToList();
            Assert.Equal(b, a);
            carpools += a.Count(x => x.Item1.Contains("Carpool", StringComparison.Ordinal));
            continued += a.Count(x => x.Item1.Contains("Transit", StringComparison.Ordinal)
                && (x.Item1.StartsWith("Car|", StringComparison.Ordinal) || x.Item1.Contains("BikeShare", StringComparison.Ordinal) || x.Item1.Contains("Carpool", StringComparison.Ordinal)));
        }

        Assert.True(carpools > 0, "no query got a carpool itinerary: the comparison proves nothing");
        Assert.True(continued > 0, "no query got a ride continued by transit: the comparison proves little");
    }

    [Fact]
    public void A_book_rebuilt_from_copies_of_its_offers_reuses_their_routes_and_gives_the_same_answer()
    {
        // A node rebuilds its book (new objects) whenever any offer changes; the drivers' routes must not be computed again.
        var stops = f.Snapshot.Timetable.Stops;
        var random = new Random(11);
        var offers = Enumerable.Range(0, 8).Select(i =>
        {
            var a = stops[random.Next(stops.Count)];
            var b = stops[random.Next(stops.Count)];
            var t = f.Now.AddMinutes(random.Next(0, 40));
            return new CarpoolOffer(new DriverOffer(new OfferId($"r{i}"), "op-r", new GeoPoint(a.Lat, a.Lon), new GeoPoint(b.Lat, b.Lon), t, t.AddMinutes(20),
                2, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60)), new CarpoolPrice(0.5m, 0.1m, "EUR"));
        }).ToList();
        var copies = offers.Select(o => o with { Driver = o.Driver with { } }).ToList();
        var legs = new StreetLegFactory(f.Snapshot);
        for (var i = 0; i < offers.Count; i++)
        {
            Assert.NotSame(offers[i], copies[i]);
            Assert.Same(CarpoolRoute.For(offers[i], legs, 400), CarpoolRoute.For(copies[i], new StreetLegFactory(f.Snapshot), 400));
        }

        var request = new PlanRequest(new GeoCoordinate(stops[0].Lat, stops[0].Lon), new GeoCoordinate(stops[^1].Lat, stops[^1].Lon), f.Local, false, PlanModes.Walk | PlanModes.Carpool);
        var first = f.Planner(CarpoolOfferBook.Build(offers, new FixedTime(f.Now))).Plan(request).Itineraries;
        var second = f.Planner(CarpoolOfferBook.Build(copies, new FixedTime(f.Now))).Plan(request).Itineraries;
        Assert.Contains(first, r => r.Itinerary.Legs.Any(l => l.Mode == LegMode.Carpool));
        Assert.Equal(first.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost, string.Join("|", r.Itinerary.Legs.Select(l => l.GeoJson)))),
            second.Select(r => (ItineraryRanker.NeutralKey(r.Itinerary), r.Cost, string.Join("|", r.Itinerary.Legs.Select(l => l.GeoJson)))));
    }
}
