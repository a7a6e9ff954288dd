using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Transit;
using Xunit;

namespace Mobility.Routing.Tests.Planning.Carpool;

/// <summary>The stop grid finds exactly the stops a scan of every stop finds, at any latitude, radius and spread.</summary>
public sealed class StopGridTests
{
    [Fact]
    public void Within_equals_a_scan_of_every_stop()
    {
        var cases = from baseLat in Gen.Choose(-70, 70)
                    from spreadMeters in Gen.Choose(100, 20_000)
                    from count in Gen.Choose(0, 300)
                    from seed in Gen.Choose(0, int.MaxValue - 1)
                    from radius in Gen.Choose(0, 3_000)
                    select (baseLat, spreadMeters, count, seed, radius);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new Random(c.seed);
            var degLat = c.spreadMeters / 111_320.0;
            var degLon = degLat / Math.Cos(c.baseLat * Math.PI / 180);
            TransitStop Random(int i) => new($"s{i}", $"s{i}", c.baseLat + (rng.NextDouble() * degLat), 10 + (rng.NextDouble() * degLon), 0);
            var stops = Enumerable.Range(0, c.count).Select(Random).ToList();
            var grid = new StopGrid(stops);
            for (var q = 0; q < 20; q++)
            {
                var probe = Random(-1);
                var found = new SortedSet<int>();
                grid.Within(probe.Lat, probe.Lon, c.radius, found);
                var expected = Enumerable.Range(0, stops.Count).Where(i => Geo.HaversineMeters(probe.Lat, probe.Lon, stops[i].Lat, stops[i].Lon) <= c.radius);
                if (!found.SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
