using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;

namespace Mobility.Node.Snapshots;

/// <summary>
/// Builds a <see cref="RoutingSnapshot"/> from feed files: GTFS feeds, the OSM street network (with a contraction
/// hierarchy for cars, which the proof pipeline's plausibility rule queries), then the planner's timetable and street
/// footpaths. Pure and CPU-bound: callers run it off the request path.
/// </summary>
public static class RoutingSnapshotBuilder
{
    public static RoutingSnapshot Build(IReadOnlyList<string> gtfs, string osm)
    {
        var clock = Stopwatch.StartNew();
        var feeds = gtfs.Select(path => GtfsReader.Load(path)).ToList();
        var streets = StreetNetwork.Load(osm, StreetBuildOptions.Default with { ContractedProfiles = [StreetProfile.Car] });
        var planner = PlannerSnapshot.Build(feeds, streets);
        return new RoutingSnapshot(planner, $"{string.Join(", ", gtfs.Select(Path.GetFileName))} + {Path.GetFileName(osm)}", clock.Elapsed);
    }

    /// <summary>One start-up line: build time, sizes and memory.</summary>
    public static string Describe(RoutingSnapshot s)
    {
        var tt = s.Planner.Timetable;
        var ch = s.Streets.Report.ContractionTime.TryGetValue(StreetProfile.Car, out var t) ? $", car CH {t.TotalSeconds:0.00} s" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"routing snapshot built in {s.BuildTime.TotalSeconds:0.00} s{ch}: {s.Streets.NodeCount:N0} street nodes, {tt.StopCount:N0} stops ({s.Planner.SnappedStops:N0} on streets), "
            + $"{tt.Trips.Count:N0} trips, {tt.Footpaths.Count:N0} footpaths; {s.FlatBytes / 1e6:0.0} MB flat arrays, "
            + $"{GC.GetTotalMemory(false) / 1e6:0} MB managed heap, {Environment.WorkingSet / 1e6:0} MB working set");
    }
}
