using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Ticketing.Fares;

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
    public static RoutingSnapshot Build(IReadOnlyList<string> gtfs, string osm, IReadOnlyList<UploadedFeed>? uploads = null)
    {
        var clock = Stopwatch.StartNew();
        var streets = Read("Osm", osm, () => StreetNetwork.Load(osm, StreetBuildOptions.Default with { ContractedProfiles = [StreetProfile.Car] }));
        var streetLine = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(osm)}: {streets.Report.StreetNodes:N0} street nodes, {streets.Report.GeometryEdges:N0} edges");
        return Compose(gtfs, uploads ?? [], streets, Path.GetFileName(osm), streetLine, clock);
    }

    /// <summary>
    /// A new snapshot on the street network of <paramref name="basis"/> (read and contracted once) with the city's feeds
    /// and the operators' uploads as they are now: what an accepted GTFS upload publishes.
    /// </summary>
    /// <exception cref="SnapshotInputException">A feed cannot be read (<c>Gtfs:i</c>, or <c>Upload:operator</c>).</exception>
    public static RoutingSnapshot Rebuild(RoutingSnapshot basis, IReadOnlyList<string> gtfs, IReadOnlyList<UploadedFeed> uploads)
    {
        ArgumentNullException.ThrowIfNull(basis);
        return Compose(gtfs, uploads, basis.Streets, basis.StreetSource, basis.Inputs.FirstOrDefault(l => l.StartsWith(basis.StreetSource + ":", StringComparison.Ordinal)) ?? basis.StreetSource, Stopwatch.StartNew());
    }

    private static RoutingSnapshot Compose(IReadOnlyList<string> gtfs, IReadOnlyList<UploadedFeed> uploads, StreetNetwork streets, string streetSource, string streetLine, Stopwatch clock)
    {
        // An upload is read under its own feed id, so its trip and stop ids never meet the city's or another operator's.
        var inputs = gtfs.Select((path, i) => (Setting: $"Gtfs:{i}", Path: path, FeedId: GtfsReader.DefaultFeedId(path), Name: Path.GetFileName(path)))
            .Concat(uploads.Select(u => (Setting: $"Upload:{u.OperatorId}", u.Path, u.FeedId, Name: $"{u.OperatorId} v{u.Version}")))
            .ToList();
        var feeds = inputs.Select(x => Read(x.Setting, x.Path, () => GtfsReader.Load(x.Path, x.FeedId))).ToList();
        var planner = PlannerSnapshot.Build(feeds, streets);
        var fares = TransitFares.Load(inputs.Select(x => (x.Path, x.FeedId)).ToList());
        var lines = feeds.Select((f, i) => $"GTFS {inputs[i].Name}: {Summary(f)}")
            .Concat(fares.Report)
            .Append(streetLine)
            .ToList();
        return new RoutingSnapshot(planner, $"{string.Join(", ", inputs.Select(x => x.Name))} + {streetSource}", clock.Elapsed) { Inputs = lines, Fares = fares, StreetSource = streetSource };
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
            $"routing snapshot built in {s.BuildTime.TotalSeconds:0.00} s{ch}: {s.Streets.NodeCount:N0} street nodes, {tt.StopCount:N0} stops ({s.Planner.StopLinks}), "
            + $"{tt.Trips.Count:N0} trips, {tt.Footpaths.Count:N0} footpaths; {s.FlatBytes / 1e6:0.0} MB flat arrays, "
            + $"{GC.GetTotalMemory(false) / 1e6:0} MB managed heap, {Environment.WorkingSet / 1e6:0} MB working set");
    }
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
