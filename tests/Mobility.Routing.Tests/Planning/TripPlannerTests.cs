using System.Text.Json;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Street;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Planning;

public sealed class TripPlannerTests
{
    private static readonly GeoCoordinate PioneerSquare = new(45.5190, -122.6795);
    private static readonly GeoCoordinate ConventionCenter = new(45.5300, -122.6622);

    private static TripPlanner Planner() => new(PlannerFixtures.Portland);

    [Fact]
    public void Door_to_door_depart_at_gives_a_transit_itinerary_with_operator_route_and_geometry()
    {
        var planner = Planner();
        var start = new DateTime(2021, 11, 2, 8, 0, 0);
        var result = planner.Plan(new PlanRequest(PioneerSquare, ConventionCenter, start));
        Assert.Null(result.Error);
        var best = result.Earliest!;
        var ride = Assert.Single(best.Legs, l => l.Mode == LegMode.Transit);
        Assert.Equal("TriMet", ride.Operator);
        Assert.Equal("MAX Green Line", ride.Route);
        Assert.StartsWith("trimet-2routes:", ride.TripId, StringComparison.Ordinal);
        Assert.True(ride.DistanceMeters > 1000);
        foreach (var itinerary in result.Itineraries)
        {
            AssertConsistent(planner, itinerary, start);
        }
    }

    [Fact]
    public void The_itinerary_set_has_no_dominated_and_no_duplicate_itineraries()
    {
        var planner = Planner();
        foreach (var hour in new[] { 7, 12, 17, 22 })
        {
            var result = planner.Plan(new PlanRequest(new GeoCoordinate(45.5120, -122.6840), new GeoCoordinate(45.5350, -122.6680), new DateTime(2021, 11, 3, hour, 10, 0)));
            var set = result.Itineraries;
            for (var i = 0; i < set.Count; i++)
            {
                for (var j = 0; j < set.Count; j++)
                {
                    Assert.False(i != j && ParetoFilter.Dominates(set[i], set[j]), $"{set[i].Summary()} dominates {set[j].Summary()}");
                }
            }

            Assert.Equal(set.Count, set.Select(x => string.Join("|", x.Legs.Select(l => l.TripId ?? l.Mode.ToString()))).Distinct().Count());
        }
    }

    [Fact]
    public void Arrive_by_meets_the_deadline_and_leaves_as_late_as_the_timetable_allows()
    {
        var planner = Planner();
        var deadline = new DateTime(2021, 11, 2, 9, 0, 0);
        var result = planner.Plan(new PlanRequest(PioneerSquare, ConventionCenter, deadline, ArriveBy: true));
        Assert.Null(result.Error);
        var transit = result.Itineraries.Where(i => i.Legs.Any(l => l.Mode == LegMode.Transit)).ToList();
        Assert.NotEmpty(transit);
        var zone = planner.Snapshot.Timetable.TimeZones[0];
        var deadlineOffset = new DateTimeOffset(deadline, zone.GetUtcOffset(deadline));
        Assert.All(result.Itineraries, i => Assert.True(i.Arrival <= deadlineOffset));
        var latest = transit.Max(i => i.Departure);
        // Leaving two minutes later than the latest transit itinerary, transit no longer arrives in time.
        var later = planner.Plan(new PlanRequest(PioneerSquare, ConventionCenter, latest.DateTime.AddMinutes(2)));
        Assert.All(later.Itineraries.Where(i => i.Legs.Any(l => l.Mode == LegMode.Transit)), i => Assert.True(i.Arrival > deadlineOffset));
    }

    [Fact]
    public void A_short_trip_is_offered_as_a_direct_walk()
    {
        var result = Planner().Plan(new PlanRequest(PioneerSquare, new GeoCoordinate(45.5210, -122.6770), new DateTime(2021, 11, 2, 8, 0, 0)));
        Assert.Contains(result.Itineraries, i => i.Legs.Count == 1 && i.Legs[0].Mode == LegMode.Walk);
    }

    [Fact]
    public void Bike_mode_adds_cycling()
    {
        var result = Planner().Plan(new PlanRequest(PioneerSquare, ConventionCenter, new DateTime(2021, 11, 2, 8, 0, 0), Modes: PlanModes.Default | PlanModes.Bike));
        Assert.Contains(result.Itineraries, i => i.Legs.Any(l => l.Mode == LegMode.Bike));
    }

    [Fact]
    public void Footpaths_follow_streets_so_they_are_never_shorter_than_the_straight_line()
    {
        var tt = Planner().Snapshot.Timetable;
        Assert.NotEmpty(tt.Footpaths);
        foreach (var f in tt.Footpaths)
        {
            var a = tt.Stops[f.FromStop];
            var b = tt.Stops[f.ToStop];
            Assert.True(f.Seconds >= (Geo.HaversineMeters(a.Lat, a.Lon, b.Lat, b.Lon) / 1.33) - 1, $"{a.Id} -> {b.Id}");
        }
    }

    [Fact]
    public void A_point_far_from_any_street_is_an_error_not_an_exception()
    {
        var result = Planner().Plan(new PlanRequest(new GeoCoordinate(0, 0), ConventionCenter, new DateTime(2021, 11, 2, 8, 0, 0)));
        Assert.Empty(result.Itineraries);
        Assert.Contains("no stop within a 15-minute walk of the origin; the nearest stop, ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_station_outside_the_street_extract_is_boarded_after_an_estimated_straight_line_walk()
    {
        // NE 60th Ave MAX Station lies about 1.2 km beyond the central OSM extract: no street reaches it.
        var planner = Planner();
        var station = new GeoCoordinate(45.528764, -122.602703);
        var result = planner.Plan(new PlanRequest(station, ConventionCenter, new DateTime(2021, 11, 2, 19, 38, 0)));
        var best = result.Earliest;
        Assert.NotNull(best);
        var access = best.Legs[0];
        Assert.Equal(LegMode.Walk, access.Mode);
        Assert.True(access.Estimated, best.Summary());
        Assert.StartsWith("NE 60th Ave MAX Station", access.To.Name, StringComparison.Ordinal);
        using (var geometry = JsonDocument.Parse(access.GeoJson))
        {
            Assert.Equal(2, geometry.RootElement.GetProperty("coordinates").GetArrayLength());
        }

        Assert.Equal(LegMode.Transit, best.Legs[1].Mode);
        Assert.True(best.WalkMeters < 1_000, best.Summary());
        AssertConsistent(planner, best, new DateTime(2021, 11, 2, 19, 38, 0));
        Assert.All(best.Legs.Skip(2).Where(l => l.Mode == LegMode.Walk), l => Assert.False(l.Estimated, "the rest of the trip is on the streets"));
    }

    [Fact]
    public void The_snapshot_counts_stops_linked_by_street_and_by_straight_line()
    {
        var snapshot = Planner().Snapshot;
        Assert.True(snapshot.StraightLineStops > 0, "the eastern MAX stations lie beyond the extract");
        Assert.True(snapshot.SnappedStops > snapshot.StraightLineStops);
        Assert.Equal(snapshot.Timetable.StopCount, snapshot.SnappedStops + snapshot.StraightLineStops);

        // Footpaths from a stop off the extract exist (estimated) wherever another stop is close enough.
        var offStreet = Enumerable.Range(0, snapshot.Timetable.StopCount).Where(i => snapshot.WalkStops[i].Snap is null).ToHashSet();
        Assert.Contains(snapshot.Timetable.Footpaths, f => offStreet.Contains(f.FromStop));
    }

    private static void AssertConsistent(TripPlanner planner, Itinerary itinerary, DateTime start)
    {
        var tt = planner.Snapshot.Timetable;
        var walkSpeed = planner.Snapshot.Streets.Options.WalkSpeedMps;
        Assert.True(itinerary.Departure.DateTime >= start);
        Leg? previous = null;
        foreach (var leg in itinerary.Legs)
        {
            Assert.True(leg.Arrival >= leg.Departure);
            if (previous is not null)
            {
                Assert.True(leg.Departure >= previous.Arrival, "no leg departs before the previous one arrives");
                Assert.Equal(previous.To.StopId, leg.From.StopId);
            }

            if (leg.Mode == LegMode.Walk)
            {
                // Walking speed as configured (steps only make it slower).
                Assert.True(leg.Duration.TotalSeconds >= (leg.DistanceMeters / walkSpeed) - 2, $"walk {leg.DistanceMeters} m in {leg.Duration}");
            }

            if (leg.Mode == LegMode.Transit)
            {
                var trip = tt.Trips[tt.TripIndex(leg.TripId!)!.Value];
                var board = Array.IndexOf(trip.Stops, tt.StopIndex(leg.From.StopId!)!.Value);
                var day = Enumerable.Range(0, tt.DayCount).Single(d => trip.RunsOn(d) &&
                    tt.ToUtc(tt.ServiceDayStart(trip.TimeZone, d) + trip.Departures[board]) == leg.Departure.UtcDateTime);
                Assert.True(day >= 0, "boards at the scheduled departure");
            }

            using var geometry = JsonDocument.Parse(leg.GeoJson);
            Assert.Equal("LineString", geometry.RootElement.GetProperty("type").GetString());
            Assert.True(geometry.RootElement.GetProperty("coordinates").GetArrayLength() >= 2);
            previous = leg;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Origin_equal_to_destination_is_one_empty_walk_not_a_round_trip(bool arriveBy)
    {
        var planner = Planner();
        var at = new DateTime(2021, 11, 2, 8, 0, 0);
        var result = planner.Plan(new PlanRequest(PioneerSquare, new GeoCoordinate(PioneerSquare.Lat + 0.00001, PioneerSquare.Lon), at, arriveBy));
        Assert.Null(result.Error);
        var only = Assert.Single(result.Itineraries);
        var leg = Assert.Single(only.Legs);
        Assert.Equal(LegMode.Walk, leg.Mode);
        Assert.Equal(0, leg.DistanceMeters);
        Assert.Equal(TimeSpan.Zero, leg.Duration);
        Assert.Equal(at, leg.Departure.DateTime);
    }
}
