using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal sealed class RouteBenchMultimodalSettings : RoutePlanSettings
{
    [CommandOption("--gbfs <DIR>")]
    public string[] Gbfs { get; init; } = [];

    [CommandOption("--gbfs-ignore-ttl")]
    public bool GbfsIgnoreTtl { get; init; }

    [CommandOption("--park-ride <CSV>")]
    [Description("Extra park-and-ride sites (CSV name,lat,lon), added to those of the OSM file.")]
    public string? ParkRide { get; init; }

    [CommandOption("--synthetic-offers <N>")]
    [Description("Carpool offers drawn between random stops, departing within the hour after --depart.")]
    public int SyntheticOffers { get; init; } = 50;

    [CommandOption("--queries <N>")]
    public int Queries { get; init; } = 200;

    [CommandOption("--depart <TIME>")]
    [Description("Local start of the query window (one hour), e.g. 2027-03-01T08:00:00.")]
    public string Depart { get; init; } = string.Empty;

    [CommandOption("--seed <SEED>")]
    public int Seed { get; init; } = 1;

    [CommandOption("--rebuild-every <N>")]
    [Description("Rebuild the carpool offer book (new offer objects, same content) every N queries, as a node does when its live board changes; 0 never.")]
    public int RebuildEvery { get; init; }
}

/// <summary><c>mobility route bench-multimodal</c>: random door-to-door queries in the stops' bounding box.</summary>
internal sealed class RouteBenchMultimodalCommand : Command<RouteBenchMultimodalSettings>
{
    public override int Execute(CommandContext context, RouteBenchMultimodalSettings settings, CancellationToken cancellationToken)
    {
        DateTime depart;
        try
        {
            depart = RoutePlanSettings.ParseLocal(settings.Depart);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }

        if (settings.Queries is < 1 or > 100_000 || settings.SyntheticOffers is < 0 or > 100_000 || settings.RebuildEvery is < 0 or > 100_000)
        {
            Console.Error.WriteLine("error: --queries must be in [1, 100000], --synthetic-offers and --rebuild-every in [0, 100000]");
            return 2;
        }

        var (trip, _) = settings.Load();
        var stops = trip.Snapshot.Timetable.Stops;
        var (minLat, maxLat, minLon, maxLon) = (stops.Min(s => s.Lat), stops.Max(s => s.Lat), stops.Min(s => s.Lon), stops.Max(s => s.Lon));
        var rng = new Random(settings.Seed);
        var legs = new StreetLegFactory(trip.Snapshot);
        var start = legs.FromLocal(depart);
        var offers = Enumerable.Range(0, settings.SyntheticOffers).Select(i =>
        {
            var a = stops[rng.Next(stops.Count)];
            var b = stops[rng.Next(stops.Count)];
            var t = start.AddMinutes(rng.Next(0, 60));
            return new CarpoolOffer(new DriverOffer(new OfferId($"bench-{i}"), $"operator-{i % 3}", new GeoPoint(a.Lat, a.Lon), new GeoPoint(b.Lat, b.Lon),
                t, t.AddMinutes(20), 1 + rng.Next(3), TimeSpan.FromMinutes(5 + rng.Next(15)), TimeSpan.FromMinutes(60)), new CarpoolPrice(0.5m, 0.1m, "EUR"));
        }).ToList();
        var modes = PlanRequest.ParseModes(settings.Modes);
        var mobility = RouteMultimodal.LoadOffers(settings.Gbfs, settings.GbfsIgnoreTtl, null, settings.ParkRide, [], (modes & PlanModes.CarParkRide) != 0 ? settings.Osm : null);
        // Synthetic offers are built against the time of the window, not the wall clock, so that their windows are not "in the past".
        mobility = mobility with { Carpool = CarpoolOfferBook.Build(offers, new FixedClock(start.AddMinutes(-1))) };
        var offersHolder = new SnapshotHolder<MobilityOffers>(mobility);
        var planner = new MultimodalPlanner(new SnapshotHolder<PlannerSnapshot>(trip.Snapshot), offersHolder);
        var times = new List<double>();
        var found = 0;
        var byMode = new Dictionary<LegMode, int>();
        var memBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var closeCalls = 0;
        var wall = Stopwatch.StartNew();
        for (var q = 0; q < settings.Queries; q++)
        {
            var request = new PlanRequest(new GeoCoordinate(minLat + (rng.NextDouble() * (maxLat - minLat)), minLon + (rng.NextDouble() * (maxLon - minLon))),
                new GeoCoordinate(minLat + (rng.NextDouble() * (maxLat - minLat)), minLon + (rng.NextDouble() * (maxLon - minLon))), depart.AddMinutes(rng.Next(0, 60)), false, modes);
            var clock = Stopwatch.StartNew();
            if (settings.RebuildEvery > 0 && q % settings.RebuildEvery == 0)
            {
                // Copies of the same offers, as the node's board gives after any change (a seat booked elsewhere).
                mobility = mobility with { Carpool = CarpoolOfferBook.Build(offers.Select(o => o with { Driver = o.Driver with { } }), new FixedClock(start.AddMinutes(-1))) };
                offersHolder.Swap(mobility);
            }

            var result = planner.Plan(request);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Itineraries.Count > 0)
            {
                found++;
                foreach (var m in result.Itineraries[0].Itinerary.Legs.Select(l => l.Mode).Distinct())
                {
                    byMode[m] = byMode.GetValueOrDefault(m) + 1;
                }

                // A carpool ranked first while an itinerary without carpool arrives at most 5 minutes later: what
                // the ranking policy decides, not the speed of the modes.
                var best = result.Itineraries[0].Itinerary;
                if (best.Legs.Any(l => l.Mode == LegMode.Carpool)
                    && result.Itineraries.Any(r => r.Itinerary.Legs.All(l => l.Mode != LegMode.Carpool) && r.Itinerary.Arrival <= best.Arrival.AddMinutes(5)))
                {
                    closeCalls++;
                }
            }
        }

        var (p50, p95, p99) = BenchStats.Percentiles(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"multimodal queries {settings.Queries} (modes {settings.Modes}, {mobility.SharedSystems.Count} GBFS systems, {mobility.Carpool.Offers.Length} offers{(settings.RebuildEvery > 0 ? $" rebuilt every {settings.RebuildEvery} queries" : "")}, {mobility.ParkAndRide.Count} P+R): p50 {p50:F1} ms, p95 {p95:F1} ms, p99 {p99:F1} ms; {settings.Queries / wall.Elapsed.TotalSeconds:F1} queries/s on one thread; {found} answered"));
        Console.WriteLine("best itinerary uses: " + string.Join(", ", byMode.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))
            + $"; carpool first although an itinerary without carpool arrives at most 5 min later: {closeCalls}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU time {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / settings.Queries:F1} ms per query (all threads of the process, GC included)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {(GC.GetTotalAllocatedBytes() - memBefore) / 1048576.0 / settings.Queries:F2} MiB per query; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB; policy sha256:{RankingPolicy.Default.Reference.Sha256}"));
        return 0;
    }
}

/// <summary><c>mobility route policy</c>: the ranking policy document, as published, and its hash.</summary>
internal sealed class RoutePolicyCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var p = RankingPolicy.Default;
        Console.WriteLine(System.Text.Encoding.UTF8.GetString(p.Document));
        Console.Error.WriteLine($"{p.Reference.Id} {p.Reference.Version} sha256:{p.Reference.Sha256}");
        return 0;
    }
}
