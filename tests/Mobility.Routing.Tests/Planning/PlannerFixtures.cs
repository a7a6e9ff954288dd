using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Street;
using Mobility.Routing.Transit;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Planning;

/// <summary>Planner snapshots of the shared fixtures, built once per test run, and the random places the tests query.</summary>
internal static class PlannerFixtures
{
    private static readonly Lazy<PlannerSnapshot> PortlandLazy = new(() =>
        PlannerSnapshot.Build([GtfsReader.Load(SharedData.Path("portland", "trimet-2routes.gtfs.zip"))], FixtureNetworks.Portland));

    private static readonly Lazy<PlannerSnapshot> CobbLazy = new(() => PlannerSnapshot.Build(
        [
            GtfsReader.Load(SharedData.Path("cobb-county", "marta-bus-856-only.gtfs.zip"), "marta"),
            GtfsReader.Load(SharedData.Path("cobb-county", "cobblinc-bus-30-only.gtfs.zip"), "cobblinc"),
        ],
        FixtureNetworks.Cobb));

    /// <summary>TriMet streetcar and MAX with the central OSM extract (some stations lie beyond it).</summary>
    public static PlannerSnapshot Portland
    {
        get
        {
            SharedData.Path("portland", "portland-central.osm.pbf"); // skips (or fails under CI) before building when absent
            return PortlandLazy.Value;
        }
    }

    /// <summary>Two Atlanta-area bus lines with the Cobb County extract (most stops lie beyond it).</summary>
    public static PlannerSnapshot Cobb
    {
        get
        {
            SharedData.Path("cobb-county", "cobb-county.osm.pbf");
            return CobbLazy.Value;
        }
    }

    /// <summary>A point uniformly within <paramref name="meters"/> of a random stop.</summary>
    public static GeoCoordinate Around(Timetable tt, Random random, double meters)
    {
        var stop = tt.Stops[random.Next(tt.StopCount)];
        var r = meters * Math.Sqrt(random.NextDouble());
        var angle = random.NextDouble() * 2 * Math.PI;
        return new GeoCoordinate(stop.Lat + (r * Math.Cos(angle) / 111_195), stop.Lon + (r * Math.Sin(angle) / (111_195 * Math.Cos(stop.Lat * Math.PI / 180))));
    }

    /// <summary>A timetable time as local HH:mm:ss, or "none".</summary>
    public static string Clock(Timetable tt, int? time) =>
        time is { } t ? tt.ToLocal(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "none";
}
