using System.Diagnostics;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Planning;

/// <summary>Limits and speeds of the door-to-door planner.</summary>
public sealed record PlannerOptions
{
    /// <summary>Longest walk (or ride, for a bike) from the origin to a stop, and from a stop to the destination.</summary>
    public TimeSpan MaxAccess { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A "less walking" alternative is also searched with access and egress up to this long.</summary>
    public TimeSpan ShortAccess { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest footpath between two stops, and the straight-line radius its candidates are picked in.</summary>
    public TimeSpan MaxFootpath { get; init; } = TimeSpan.FromMinutes(6);

    public double FootpathCandidateMeters { get; init; } = 450;

    /// <summary>A direct walk (or bike ride) longer than this is not offered.</summary>
    public TimeSpan MaxDirect { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How far before an arrive-by deadline a departure is searched.</summary>
    public TimeSpan ArriveByWindow { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Largest distance from a stop to the street it snaps to; farther stops are reachable only by transit.</summary>
    public double StopSnapMeters { get; init; } = 300;

    public int MaxTrips { get; init; } = 6;

    public TimetableOptions Timetable { get; init; } = new();
}

/// <summary>
/// Everything a plan query reads, immutable: the street network, the timetable (its footpaths computed on the walk
/// graph), the RAPTOR router and the stops snapped to the walk and bike graphs. Publish it through a
/// <see cref="SnapshotHolder{T}"/>; <see cref="WithTimetable"/> derives the snapshot of a realtime update.
/// </summary>
public sealed class PlannerSnapshot
{
    private PlannerSnapshot(StreetNetwork streets, Timetable timetable, StreetSnap?[] walkSnaps, StreetSnap?[] bikeSnaps, PlannerOptions options, TimeSpan buildTime)
    {
        Streets = streets;
        Timetable = timetable;
        Router = new RaptorRouter(timetable);
        WalkSnaps = walkSnaps;
        BikeSnaps = bikeSnaps;
        Options = options;
        BuildTime = buildTime;
    }

    public StreetNetwork Streets { get; }

    public Timetable Timetable { get; }

    public RaptorRouter Router { get; }

    internal StreetSnap?[] WalkSnaps { get; }

    internal StreetSnap?[] BikeSnaps { get; }

    public PlannerOptions Options { get; }

    /// <summary>Time to build the timetable and its street footpaths (not the street network itself).</summary>
    public TimeSpan BuildTime { get; }

    public int SnappedStops => WalkSnaps.Count(s => s is not null);

    public static PlannerSnapshot Build(IReadOnlyList<GtfsFeed> feeds, StreetNetwork streets, PlannerOptions? options = null)
    {
        options ??= new PlannerOptions();
        var clock = Stopwatch.StartNew();
        StreetSnap?[] walk = [];
        var timetable = TimetableBuilder.Build(feeds, options.Timetable, stops =>
        {
            walk = [.. stops.Select(s => streets.Snap(s.Lat, s.Lon, StreetProfile.Walk, options.StopSnapMeters))];
            return StreetFootpaths(stops, walk, streets, options);
        });
        var bike = timetable.Stops.Select(s => streets.Snap(s.Lat, s.Lon, StreetProfile.Bike, options.StopSnapMeters)).ToArray();
        return new PlannerSnapshot(streets, timetable, walk, bike, options, clock.Elapsed);
    }

    /// <summary>The same streets and stops with another timetable of the same stops (a realtime update).</summary>
    public PlannerSnapshot WithTimetable(Timetable timetable)
    {
        if (timetable.StopCount != Timetable.StopCount)
        {
            throw new ArgumentException("The timetable must have the same stops.", nameof(timetable));
        }

        return new PlannerSnapshot(Streets, timetable, WalkSnaps, BikeSnaps, Options, BuildTime);
    }

    /// <summary>Seconds to walk between a snapped point and its query position, at the network's walking speed.</summary>
    internal double SnapSeconds(StreetSnap snap, StreetProfile profile) =>
        snap.DistanceMeters / (profile == StreetProfile.Bike ? Streets.Options.BikeSpeedMps : Streets.Options.WalkSpeedMps);

    private static List<Footpath> StreetFootpaths(IReadOnlyList<TransitStop> stops, StreetSnap?[] snaps, StreetNetwork streets, PlannerOptions options)
    {
        // Candidates by straight-line radius, then the real walking time on the street graph (bounded one-to-many).
        var candidates = CrowFliesFootpaths.Compute(stops, options.FootpathCandidateMeters)
            .GroupBy(f => f.FromStop).ToDictionary(g => g.Key, g => g.Select(f => f.ToStop).Where(t => snaps[t] is not null).ToArray());
        var speed = streets.Options.WalkSpeedMps;
        var perStop = new List<Footpath>[stops.Count];
        Parallel.For(0, stops.Count, a =>
        {
            perStop[a] = [];
            if (snaps[a] is not { } from || !candidates.TryGetValue(a, out var targets) || targets.Length == 0)
            {
                return;
            }

            var reach = streets.OneToMany(from, [.. targets.Select(t => snaps[t]!.Value)], options.MaxFootpath);
            for (var i = 0; i < targets.Length; i++)
            {
                if (reach[i].Reached)
                {
                    var seconds = reach[i].Duration.TotalSeconds + ((from.DistanceMeters + snaps[targets[i]]!.Value.DistanceMeters) / speed);
                    perStop[a].Add(new Footpath(a, targets[i], (int)Math.Ceiling(seconds)));
                }
            }
        });
        return [.. perStop.SelectMany(x => x)];
    }
}
