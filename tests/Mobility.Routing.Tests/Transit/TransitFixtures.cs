using Mobility.Routing.Gtfs;
using Mobility.Routing.Transit;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Transit;

/// <summary>Timetables built once per test run from the shared fixtures.</summary>
internal static class TransitFixtures
{
    private static readonly Lazy<Timetable> PortlandLazy = new(() =>
        TimetableBuilder.Build([GtfsReader.Load(SharedData.Path("portland", "trimet-2routes.gtfs.zip"))], footpaths: CrowFlies));

    private static readonly Lazy<Timetable> CobbLazy = new(() => TimetableBuilder.Build(
        [
            GtfsReader.Load(SharedData.Path("cobb-county", "marta-bus-856-only.gtfs.zip"), "marta"),
            GtfsReader.Load(SharedData.Path("cobb-county", "cobblinc-bus-30-only.gtfs.zip"), "cobblinc"),
        ],
        footpaths: CrowFlies));

    private static readonly Lazy<Timetable> SampleLazy = new(() =>
        TimetableBuilder.Build([GtfsReader.Load(SharedData.Path("gtfs-sample", "sample-feed-1.zip"), "sample")], footpaths: CrowFlies));

    public static Timetable Portland => Get(PortlandLazy, "portland", "trimet-2routes.gtfs.zip");

    public static Timetable Cobb => Get(CobbLazy, "cobb-county", "marta-bus-856-only.gtfs.zip");

    public static Timetable Sample => Get(SampleLazy, "gtfs-sample", "sample-feed-1.zip");

    private static Timetable Get(Lazy<Timetable> lazy, params string[] probe)
    {
        SharedData.Path(probe); // skips (or fails under CI) before the lazy build when the data is absent
        return lazy.Value;
    }

    /// <summary>Stand-in for street footpaths in tests: stops within 400 m, at 1.2 m/s on 1.3x the crow-flies distance.</summary>
    public static IEnumerable<Footpath> CrowFlies(IReadOnlyList<TransitStop> stops)
    {
        for (var a = 0; a < stops.Count; a++)
        {
            for (var b = 0; b < stops.Count; b++)
            {
                if (a == b)
                {
                    continue;
                }

                var m = Geo.HaversineMeters(stops[a].Lat, stops[a].Lon, stops[b].Lat, stops[b].Lon);
                if (m <= 400)
                {
                    yield return new Footpath(a, b, (int)Math.Ceiling(m * 1.3 / 1.2));
                }
            }
        }
    }
}
