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
    /// <summary>Reads each feed once and builds the snapshot; <see cref="RoutingSnapshot.Inputs"/> describes what was read.</summary>
    /// <exception cref="SnapshotInputException">A feed cannot be read; names which one (<c>Gtfs:i</c> or <c>Osm</c>).</exception>
    public static RoutingSnapshot Build(IReadOnlyList<string> gtfs, string osm)
    {
        var clock = Stopwatch.StartNew();
        var feeds = gtfs.Select((path, i) => Read($"Gtfs:{i}", path, () => GtfsReader.Load(path))).ToList();
        var streets = Read("Osm", osm, () => StreetNetwork.Load(osm, StreetBuildOptions.Default with { ContractedProfiles = [StreetProfile.Car] }));
        var planner = PlannerSnapshot.Build(feeds, streets);
        var fares = TransitFares.Load(gtfs);
        var inputs = feeds.Select((f, i) => $"GTFS {Path.GetFileName(gtfs[i])}: {Summary(f)}")
            .Concat(fares.Report)
            .Append(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(osm)}: {streets.Report.StreetNodes:N0} street nodes, {streets.Report.GeometryEdges:N0} edges"))
            .ToList();
        return new RoutingSnapshot(planner, $"{string.Join(", ", gtfs.Select(Path.GetFileName))} + {Path.GetFileName(osm)}", clock.Elapsed) { Inputs = inputs, Fares = fares };
    }

    /// <summary>What a GTFS feed holds, in the words of <see cref="City.GtfsInventory.Summary"/>.</summary>
    public static string Summary(GtfsFeed feed) => City.GtfsInventory.Summary.Of(feed).ToString();

    private static T Read<T>(string input, string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is GtfsFeedException or Mobility.Routing.Street.Osm.OsmFormatException or InvalidDataException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new SnapshotInputException(input, path, e.Message, e);
        }
    }

    /// <summary>One start-up line: build time, sizes and memory.</summary>
    public static string Describe(RoutingSnapshot s)
    {
        var tt = s.Planner.Timetable;
        var ch = s.Streets.Report.ContractionTime.TryGetValue(StreetProfile.Car, out var t) ? $", car CH {t.TotalSeconds:0.00} s" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"routing snapshot built in {s.BuildTime.TotalSeconds:0.00} s{ch}: {s.Streets.NodeCount:N0} street nodes, {tt.StopCount:N0} stops ({StopLinks(s.Planner)}), "
            + $"{tt.Trips.Count:N0} trips, {tt.Footpaths.Count:N0} footpaths; {s.FlatBytes / 1e6:0.0} MB flat arrays, "
            + $"{GC.GetTotalMemory(false) / 1e6:0} MB managed heap, {Environment.WorkingSet / 1e6:0} MB working set");
    }

    /// <summary>How the stops meet the streets: by street (some on parts of the extract apart from the main network)
    /// or only by straight-line walks (off the extract).</summary>
    public static string StopLinks(PlannerSnapshot planner) => string.Create(CultureInfo.InvariantCulture,
        $"{planner.SnappedStops:N0} linked by street, {planner.StopsOnSeparateParts:N0} of them on separate parts of the street graph, {planner.StraightLineStops:N0} by straight line only");
}

/// <summary>A feed file the snapshot is built from cannot be read: <see cref="Input"/> names its setting (<c>Gtfs:0</c>, <c>Osm</c>).</summary>
public sealed class SnapshotInputException : Exception
{
    public SnapshotInputException()
    {
        Input = string.Empty;
    }

    public SnapshotInputException(string message)
        : base(message)
    {
        Input = string.Empty;
    }

    public SnapshotInputException(string message, Exception inner)
        : base(message, inner)
    {
        Input = string.Empty;
    }

    public SnapshotInputException(string input, string path, string message, Exception inner)
        : base($"'{path}': {message}", inner)
    {
        Input = input;
    }

    public string Input { get; }
}
