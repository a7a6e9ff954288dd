using System.Diagnostics;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Planning;

/// <summary>
/// Everything a plan query reads, immutable: the street network, the timetable (its footpaths computed on the walk
/// graph), the RAPTOR router and the stops snapped to the walk and bike graphs. Publish it through a
/// <see cref="SnapshotHolder{T}"/>; <see cref="WithTimetable"/> derives the snapshot of a realtime update.
/// </summary>
public sealed class PlannerSnapshot
{
    private readonly bool[] _walkNetworkParts;

    private PlannerSnapshot(StreetNetwork streets, Timetable timetable, StreetAnchor[] walkStops, StreetAnchor[] bikeStops, bool[] walkNetworkParts,
        PlannerOptions options, TimeSpan buildTime)
    {
        Streets = streets;
        Timetable = timetable;
        Router = new RaptorRouter(timetable);
        McRouter = new McRaptorRouter(timetable);
        WalkStops = walkStops;
        BikeStops = bikeStops;
        _walkNetworkParts = walkNetworkParts;
        Options = options;
        BuildTime = buildTime;
    }

    public StreetNetwork Streets { get; }

    public Timetable Timetable { get; }

    public RaptorRouter Router { get; }

    /// <summary>The multi-criteria router (arrival, rides, walking) over the same timetable.</summary>
    public McRaptorRouter McRouter { get; }

    /// <summary>Each stop on the walk graph (any part of it: a part that serves a stop is network for that stop).</summary>
    internal StreetAnchor[] WalkStops { get; }

    /// <summary>Each stop on the bike graph's main network.</summary>
    internal StreetAnchor[] BikeStops { get; }

    public PlannerOptions Options { get; }

    /// <summary>Time to build the timetable and its street footpaths (not the street network itself).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Stops linked to the walk graph by street (within <see cref="PlannerOptions.StopSnapMeters"/>).</summary>
    public int SnappedStops => WalkStops.Count(s => s.Snap is not null);

    /// <summary>Stops of those on a part of the walk graph outside the main network (a cut-off town of the extract).</summary>
    public int StopsOnSeparateParts => WalkStops.Count(s => s.Snap is not null && !Streets.IsMainPart(StreetProfile.Walk, s.Part));

    /// <summary>Stops off the street data, linked to what lies around them only by straight-line walks.</summary>
    public int StraightLineStops => WalkStops.Count(s => s.Snap is null);

    /// <summary>How the stops meet the streets, for start-up and command-line reports: by street (some on parts of the
    /// extract apart from the main network) or only by straight-line walks (off the extract).</summary>
    public string StopLinks => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{SnappedStops:N0} linked by street, {StopsOnSeparateParts:N0} of them on separate parts of the street graph, {StraightLineStops:N0} by straight line only");

    public static PlannerSnapshot Build(IReadOnlyList<GtfsFeed> feeds, StreetNetwork streets, PlannerOptions? options = null)
    {
        options ??= new PlannerOptions();
        var clock = Stopwatch.StartNew();
        StreetAnchor[] walk = [];
        var timetable = TimetableBuilder.Build(feeds, options.Timetable, stops =>
        {
            // A stop snaps to the nearest walkable edge whatever part of the graph it lies in: that part serves it.
            walk = [.. stops.Select(s => Anchor(streets, streets.SnapToPart(s.Lat, s.Lon, StreetProfile.Walk, options.StopSnapMeters)))];
            return StreetFootpaths(stops, walk, streets, options);
        });
        var bike = timetable.Stops.Select(s => Anchor(streets, streets.Snap(s.Lat, s.Lon, StreetProfile.Bike, options.StopSnapMeters))).ToArray();
        var network = new bool[streets.PartCount(StreetProfile.Walk)];
        for (var p = 0; p < network.Length; p++)
        {
            network[p] = streets.IsMainPart(StreetProfile.Walk, p);
        }

        foreach (var stop in walk.Where(a => a.Snap is not null))
        {
            network[stop.Part] = true;
        }

        return new PlannerSnapshot(streets, timetable, walk, bike, network, options, clock.Elapsed);
    }

    /// <summary>The same streets and stops with another timetable of the same stops (a realtime update).</summary>
    public PlannerSnapshot WithTimetable(Timetable timetable)
    {
        if (timetable.StopCount != Timetable.StopCount)
        {
            throw new ArgumentException("The timetable must have the same stops.", nameof(timetable));
        }

        return new PlannerSnapshot(Streets, timetable, WalkStops, BikeStops, _walkNetworkParts, Options, BuildTime);
    }

    /// <summary>
    /// Where an origin or destination meets the streets of a profile. Walking: the nearest edge of the network (the
    /// main parts and every part that serves a stop) within <see cref="PlannerOptions.PlaceSnapMeters"/>, else the
    /// nearest edge of any part (the place's own part), else none. Cycling: the main network only.
    /// </summary>
    internal StreetAnchor Place(double lat, double lon, StreetProfile profile)
    {
        var radius = Options.PlaceSnapMeters;
        if (profile != StreetProfile.Walk)
        {
            return Anchor(Streets, Streets.Snap(lat, lon, profile, radius));
        }

        var network = _walkNetworkParts;
        var snap = Streets.SnapToPart(lat, lon, StreetProfile.Walk, radius, p => p < network.Length && network[p])
                   ?? Streets.SnapToPart(lat, lon, StreetProfile.Walk, radius);
        return Anchor(Streets, snap);
    }

    /// <summary>Seconds to walk between a snapped point and its query position, at the network's walking speed.</summary>
    internal double SnapSeconds(StreetSnap snap, StreetProfile profile) =>
        snap.DistanceMeters / (profile == StreetProfile.Bike ? Streets.Options.BikeSpeedMps : Streets.Options.WalkSpeedMps);

    /// <summary>An estimated walk between two places the street data does not link: the straight-line distance times
    /// the detour factor, at the walking speed.</summary>
    internal int StraightLineSeconds(double meters) => Options.StraightLineSeconds(meters, Streets.Options.WalkSpeedMps);

    /// <summary>The longest straight-line distance an estimated walk of <paramref name="limit"/> can cover.</summary>
    internal double StraightLineReach(TimeSpan limit) => limit.TotalSeconds * Streets.Options.WalkSpeedMps / Options.StraightLineDetour;

    private static StreetAnchor Anchor(StreetNetwork streets, StreetSnap? snap) =>
        snap is { } s ? new StreetAnchor(s, streets.PartOf(s)) : StreetAnchor.None;

    private static List<Footpath> StreetFootpaths(IReadOnlyList<TransitStop> stops, StreetAnchor[] anchors, StreetNetwork streets, PlannerOptions options)
    {
        // Candidates by straight-line radius, then the real walking time on the street graph (bounded one-to-many)
        // between stops of the same part; between stops the street data does not link, an estimated straight-line walk.
        var candidates = CrowFliesFootpaths.Compute(stops, options.FootpathCandidateMeters)
            .GroupBy(f => f.FromStop).ToDictionary(g => g.Key, g => g.Select(f => f.ToStop).ToArray());
        var speed = streets.Options.WalkSpeedMps;
        var maxSeconds = options.MaxFootpath.TotalSeconds;
        var perStop = new List<Footpath>[stops.Count];
        Parallel.For(0, stops.Count, a =>
        {
            perStop[a] = [];
            if (!candidates.TryGetValue(a, out var all) || all.Length == 0)
            {
                return;
            }

            foreach (var t in all.Where(t => !StreetAnchor.LinkedByStreet(anchors[a], anchors[t])))
            {
                var seconds = options.StraightLineSeconds(Geo.HaversineMeters(stops[a].Lat, stops[a].Lon, stops[t].Lat, stops[t].Lon), speed);
                if (seconds <= maxSeconds)
                {
                    perStop[a].Add(new Footpath(a, t, seconds));
                }
            }

            var targets = all.Where(t => StreetAnchor.LinkedByStreet(anchors[a], anchors[t])).ToArray();
            if (targets.Length == 0)
            {
                return;
            }

            var from = anchors[a].Snap!.Value;
            var reach = streets.OneToMany(from, [.. targets.Select(t => anchors[t].Snap!.Value)], options.MaxFootpath);
            for (var i = 0; i < targets.Length; i++)
            {
                if (reach[i].Reached)
                {
                    var seconds = reach[i].Duration.TotalSeconds + ((from.DistanceMeters + anchors[targets[i]].Snap!.Value.DistanceMeters) / speed);
                    perStop[a].Add(new Footpath(a, targets[i], (int)Math.Ceiling(seconds)));
                }
            }
        });
        return [.. perStop.SelectMany(x => x)];
    }
}
