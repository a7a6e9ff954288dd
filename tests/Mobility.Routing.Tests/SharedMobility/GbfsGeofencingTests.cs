using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

public sealed class GbfsGeofencingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly VehicleTypeId Scooter = new("scooter");
    private static readonly VehicleTypeId Bike = new("bike");

    private static ImmutableArray<(double Lon, double Lat)> Box(double lon0, double lat0, double lon1, double lat1) =>
        [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0)];

    private static MultiPolygon Area(params ImmutableArray<(double, double)>[] rings) => new([[.. rings]]);

    private static GeofencingRule Rule(bool start, bool end, bool through, params VehicleTypeId[] types) => new([.. types], start, end, through, null, false);

    [Fact]
    public void A_hole_is_outside_its_polygon()
    {
        var area = Area(Box(0, 0, 10, 10), Box(4, 4, 6, 6));
        Assert.True(area.Contains(1, 1));
        Assert.False(area.Contains(5, 5));
        Assert.True(area.Contains(5, 7));
        Assert.False(area.Contains(11, 5));
    }

    [Fact]
    public void Point_in_an_axis_aligned_box_agrees_with_the_plain_comparison()
    {
        Prop.ForAll(Gen.Choose(-1000, 1000).ToArbitrary(), Gen.Choose(-1000, 1000).ToArbitrary(), (x, y) =>
        {
            // Points never on the border (odd halves) so both answers are defined.
            var lat = (y + 0.5) / 100.0;
            var lon = (x + 0.5) / 100.0;
            var expected = lon is > -3 and < 4 && lat is > -2 and < 5;
            return Area(Box(-3, -2, 4, 5)).Contains(lat, lon) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_concave_ring_excludes_its_notch()
    {
        // An L shape: the square 0..10 without the top-right quarter 5..10 x 5..10.
        ImmutableArray<(double, double)> l = [(0, 0), (10, 0), (10, 5), (5, 5), (5, 10), (0, 10), (0, 0)];
        var area = Area(l);
        Assert.True(area.Contains(2, 8));
        Assert.True(area.Contains(2, 2));
        Assert.False(area.Contains(8, 8));
    }

    [Fact]
    public void Earlier_zone_wins_then_global_rules_then_no_restriction()
    {
        var fencing = new GbfsGeofencing(
        [
            new GeofencingZone(LocalizedText.Of("en", "inner"), Area(Box(2, 2, 4, 4)), null, null, [Rule(false, false, false, Scooter)]),
            new GeofencingZone(LocalizedText.Of("en", "outer"), Area(Box(0, 0, 10, 10)), null, null, [Rule(true, false, true)]),
        ], [Rule(false, false, true, Scooter)]);
        Assert.False(fencing.CanRideThrough(3, 3, Scooter, Now));
        Assert.True(fencing.CanRideThrough(3, 3, Bike, Now));
        Assert.False(fencing.CanEndRide(3, 3, Bike, Now));
        Assert.True(fencing.CanStartRide(8, 8, Scooter, Now));
        Assert.False(fencing.CanStartRide(20, 20, Scooter, Now));
        Assert.True(fencing.CanStartRide(20, 20, Bike, Now));
    }

    [Fact]
    public void Inactive_zone_is_ignored()
    {
        var fencing = new GbfsGeofencing(
            [new GeofencingZone(LocalizedText.Empty, Area(Box(0, 0, 1, 1)), Now.AddHours(1), Now.AddHours(2), [Rule(false, false, false)])], []);
        Assert.True(fencing.CanEndRide(0.5, 0.5, Bike, Now));
        Assert.False(fencing.CanEndRide(0.5, 0.5, Bike, Now.AddHours(1.5)));
        Assert.True(fencing.CanEndRide(0.5, 0.5, Bike, Now.AddHours(2)));
    }

    [Fact]
    public async Task Spec_v2_3_ride_allowed_covers_start_and_end()
    {
        var zones = (await GbfsFixtures.Load("spec-v2.3")).Geofencing;
        var zone = Assert.Single(zones.Zones);
        var rule = Assert.Single(zone.Rules);
        Assert.False(rule.RideStartAllowed);
        Assert.False(rule.RideEndAllowed);
        Assert.True(rule.RideThroughAllowed);
        Assert.Equal(10, rule.MaximumSpeedKph);
        Assert.Empty(zones.GlobalRules);
        // Inside the first polygon of the fixture (NE Portland), for a listed vehicle type, while the zone is active.
        var active = zone.Start!.Value.AddMinutes(1);
        Assert.False(zones.CanEndRide(45.53, -122.6, new VehicleTypeId("moped1"), active));
        Assert.True(zones.CanEndRide(45.53, -122.6, new VehicleTypeId("bike"), active));
        Assert.True(zones.CanEndRide(45.53, -122.6, new VehicleTypeId("moped1"), zone.End!.Value.AddMinutes(1)));
    }
}
