using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Csv;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Ticketing.Fares;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

/// <summary>Options shared by <c>route one</c> and <c>route batch</c>.</summary>
internal class RoutePlanSettings : CommandSettings
{
    [CommandOption("--gtfs <ZIP>")]
    [Description("A GTFS feed (zip or folder); repeat for several feeds. Ids are namespaced by file name.")]
    public string[] Gtfs { get; init; } = [];

    [CommandOption("--osm <PBF>")]
    [Description("The street network (.osm.pbf or .osm XML).")]
    public string? Osm { get; init; }

    [CommandOption("--modes <MODES>")]
    [Description("walk,transit (default); add bike for cycling access, egress and direct rides.")]
    public string Modes { get; init; } = "walk,transit";

    [CommandOption("--street-ch")]
    [Description("Build contraction hierarchies for walking (and cycling): slower start, faster street legs.")]
    public bool StreetCh { get; init; }

    public override ValidationResult Validate()
    {
        if (Gtfs.Length == 0 || string.IsNullOrWhiteSpace(Osm))
        {
            return ValidationResult.Error("--gtfs and --osm are required");
        }

        try
        {
            PlanRequest.ParseModes(Modes);
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error("--modes: " + ex.Message);
        }

        return ValidationResult.Success();
    }

    /// <summary>Loads feeds and streets and builds the planner snapshot, timing each step on stderr.</summary>
    public (TripPlanner Planner, double BuildSeconds) Load()
    {
        var clock = Stopwatch.StartNew();
        var feeds = Gtfs.Select(path => GtfsReader.Load(path)).ToList();
        foreach (var feed in feeds)
        {
            foreach (var w in feed.Warnings.Take(5))
            {
                Console.Error.WriteLine($"warning {feed.FeedId}: {w}");
            }
        }

        // With --street-ch, contraction hierarchies for the profiles the planner routes on: each itinerary needs a few
        // point-to-point street paths (direct trip, access, egress, transfers); a CH answers them faster, at a
        // preprocessing cost (see docs/benchmarks.md). Without it, bidirectional Dijkstra answers them.
        // Carpool and park-and-ride route cars many times per query: the car profile is contracted for them, as the
        // node always does (RoutingSnapshotBuilder).
        var modes = PlanRequest.ParseModes(Modes);
        var bike = (modes & (PlanModes.Bike | PlanModes.BikeShare)) != 0;
        var car = (modes & (PlanModes.Carpool | PlanModes.CarParkRide)) != 0;
        StreetProfile[] contracted = !StreetCh ? [] : bike ? [StreetProfile.Walk, StreetProfile.Bike] : [StreetProfile.Walk];
        var streets = StreetNetwork.Load(Osm!, StreetBuildOptions.Default with
        {
            ContractedProfiles = car ? [.. contracted, StreetProfile.Car] : contracted,
        });
        var streetSeconds = clock.Elapsed.TotalSeconds;
        var snapshot = PlannerSnapshot.Build(feeds, streets);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"streets {streets.NodeCount:N0} nodes in {streetSeconds:F2} s (with GTFS parsing); transit snapshot {snapshot.Timetable.StopCount:N0} stops ({snapshot.StopLinks}), {snapshot.Timetable.Trips.Count:N0} trips, {snapshot.Timetable.Footpaths.Count:N0} street footpaths in {snapshot.BuildTime.TotalSeconds:F2} s"));
        return (new TripPlanner(snapshot), clock.Elapsed.TotalSeconds);
    }

    internal static GeoCoordinate ParseCoordinate(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 2 ||
            !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ||
            lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            throw new FormatException($"'{text}' is not LAT,LON in degrees");
        }

        return new GeoCoordinate(lat, lon);
    }

    internal static DateTime ParseLocal(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified)
            : throw new FormatException($"'{text}' is not an ISO-8601 local date-time");

    internal static string LegsSummary(Itinerary i) => string.Join(" ", i.Legs.Select(l => l.Mode switch
    {
        LegMode.Transit => $"{l.Route}[{l.From.StopId}>{l.To.StopId}]",
        _ => $"{l.Mode.ToString().ToUpperInvariant()}({l.DistanceMeters:0}m)",
    }));
}

internal sealed class RouteOneSettings : RoutePlanSettings
{
    [CommandOption("--from <LATLON>")]
    public string From { get; init; } = string.Empty;

    [CommandOption("--to <LATLON>")]
    public string To { get; init; } = string.Empty;

    [CommandOption("--depart <TIME>")]
    [Description("ISO-8601 local time in the feed's timezone, e.g. 2021-11-02T08:00:00.")]
    public string? Depart { get; init; }

    [CommandOption("--arrive-by <TIME>")]
    [Description("Instead of --depart: arrive at the latest at this local time.")]
    public string? ArriveBy { get; init; }

    [CommandOption("--json")]
    public bool Json { get; init; }

    [CommandOption("--gbfs <DIR>")]
    [Description("GBFS folder (gbfs.json and its files) of a shared-vehicle system; repeat for several. Used by --modes bikeshare.")]
    public string[] Gbfs { get; init; } = [];

    [CommandOption("--gbfs-ignore-ttl")]
    [Description("Offer the GBFS vehicles even when the files are past their ttl (demo feeds with fixed dates).")]
    public bool GbfsIgnoreTtl { get; init; }

    [CommandOption("--offers <JSON>")]
    [Description("Live carpool offers (JSON array). Used by --modes carpool.")]
    public string? Offers { get; init; }

    [CommandOption("--park-ride <CSV>")]
    [Description("Extra park-and-ride sites, CSV name,lat,lon, added to those of the OSM file (amenity=parking with park_ride). Used by --modes car-pr.")]
    public string? ParkRide { get; init; }

    /// <summary>Whether the query needs the multimodal planner (shared vehicles, carpool, park-and-ride).</summary>
    public bool Multimodal => (PlanRequest.ParseModes(Modes) & (PlanModes.BikeShare | PlanModes.Carpool | PlanModes.CarParkRide)) != 0;

    public override ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }

        return (Depart is null) == (ArriveBy is null)
            ? ValidationResult.Error("give exactly one of --depart and --arrive-by")
            : ValidationResult.Success();
    }
}

internal sealed class RouteOneCommand : Command<RouteOneSettings>
{
    public override int Execute(CommandContext context, RouteOneSettings settings, CancellationToken cancellationToken)
    {
        PlanRequest request;
        try
        {
            request = new PlanRequest(RoutePlanSettings.ParseCoordinate(settings.From), RoutePlanSettings.ParseCoordinate(settings.To),
                RoutePlanSettings.ParseLocal(settings.Depart ?? settings.ArriveBy!), settings.ArriveBy is not null, PlanRequest.ParseModes(settings.Modes));
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }

        var (planner, _) = settings.Load();
        var fares = TransitFares.Load(settings.Gtfs);
        if (settings.Multimodal)
        {
            return RouteMultimodal.Run(settings, planner.Snapshot, request, fares);
        }

        var clock = Stopwatch.StartNew();
        var result = planner.Plan(request);
        result = result with { Itineraries = [.. result.Itineraries.Select(fares.Apply)] };
        var ms = clock.Elapsed.TotalMilliseconds;
        if (settings.Json)
        {
            Console.WriteLine(RouteJson.Write(result));
        }
        else if (result.Error is not null)
        {
            Console.WriteLine("no itinerary: " + result.Error);
        }
        else
        {
            foreach (var it in result.Itineraries)
            {
                Console.WriteLine($"{it.Departure:HH:mm:ss} -> {it.Arrival:HH:mm:ss}  {(it.Arrival - it.Departure).TotalMinutes:F0} min, {it.Transfers} transfers, walk {it.WalkMeters:F0} m");
                foreach (var l in it.Legs)
                {
                    Console.WriteLine($"    {l.Departure:HH:mm:ss}-{l.Arrival:HH:mm:ss} {l.Mode,-7} {(l.Mode == LegMode.Transit ? $"{l.Operator} {l.Route}{(l.Headsign is null ? string.Empty : $" to {l.Headsign}")} " : string.Empty)}{l.From.Name} -> {l.To.Name}, {l.DistanceMeters:F0} m");
                }
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"query {ms:F1} ms"));
        return result.Error is null ? 0 : 1;
    }
}

internal static class RouteJson
{
    public static string Write(PlanResult result)
    {
        var itineraries = new JsonArray();
        foreach (var it in result.Itineraries)
        {
            var legs = new JsonArray();
            foreach (var l in it.Legs)
            {
                legs.Add(new JsonObject
                {
                    ["mode"] = l.Mode.ToString().ToUpperInvariant(),
                    ["from"] = Place(l.From),
                    ["to"] = Place(l.To),
                    ["departure"] = l.Departure.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["arrival"] = l.Arrival.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["distance_m"] = Math.Round(l.DistanceMeters, 1),
                    ["estimated"] = l.Estimated,
                    ["operator"] = l.Operator,
                    ["route"] = l.Route,
                    ["route_id"] = l.RouteId,
                    ["trip_id"] = l.TripId,
                    ["headsign"] = l.Headsign,
                    ["price"] = l.Price,
                    ["currency"] = l.Currency,
                    ["fare_products"] = FareProducts(l),
                    ["geometry"] = JsonNode.Parse(l.GeoJson),
                });
            }

            var (price, note) = Price(it.Legs);
            itineraries.Add(new JsonObject
            {
                ["price"] = price,
                ["price_note"] = note,
                ["departure"] = it.Departure.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                ["arrival"] = it.Arrival.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                ["transfers"] = it.Transfers,
                ["walk_m"] = Math.Round(it.WalkMeters, 1),
                ["bike_m"] = Math.Round(it.BikeMeters, 1),
                ["legs"] = legs,
            });
        }

        var root = new JsonObject { ["itineraries"] = itineraries, ["error"] = result.Error };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// The whole trip's price as issue 14's contract names it: <c>{amount, currency}</c> in minor units, or null with
    /// the reason (the same rule as <c>/plan</c>).
    /// </summary>
    internal static (JsonObject? Price, string? Note) Price(IReadOnlyList<Leg> legs)
    {
        var (total, note) = ItineraryPrice.Total(legs);
        return (total is not { } money ? null : new JsonObject { ["amount"] = money.Amount, ["currency"] = money.Currency }, note);
    }

    /// <summary>A leg's fare products as a JSON array, or null when it has none.</summary>
    internal static JsonArray? FareProducts(Leg leg) =>
        leg.FareProducts is null ? null : new JsonArray([.. leg.FareProducts.Select(p => (JsonNode?)p)]);

    private static JsonObject Place(Place p) => new() { ["name"] = p.Name, ["lat"] = p.Lat, ["lon"] = p.Lon, ["stop_id"] = p.StopId };
}

internal sealed class RouteBatchSettings : RoutePlanSettings
{
    [CommandOption("--queries <CSV>")]
    [Description("id,from_lat,from_lon,to_lat,to_lon,depart[,arrive_by]; depart is ISO-8601 local time in the feed's timezone; arrive_by is 1/true (depart is then the deadline) or a local time.")]
    public string? Queries { get; init; }

    [CommandOption("--out <CSV>")]
    [Description("id,departure,arrival,transfers,walk_m,legs,error")]
    public string? Out { get; init; }

    /// <summary>Upper bound on rows, so that a huge file cannot run for days.</summary>
    public const int MaxQueries = 1_000_000;

    public override ValidationResult Validate()
    {
        var baseResult = base.Validate();
        return !baseResult.Successful ? baseResult
            : string.IsNullOrWhiteSpace(Queries) || string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--queries and --out are required")
            : !File.Exists(Queries) ? ValidationResult.Error($"--queries: no such file {Queries}")
            : ValidationResult.Success();
    }
}

internal sealed class RouteBatchCommand : Command<RouteBatchSettings>
{
    public override int Execute(CommandContext context, RouteBatchSettings settings, CancellationToken cancellationToken)
    {
        var modes = PlanRequest.ParseModes(settings.Modes);
        var (planner, buildSeconds) = settings.Load();
        var times = new List<double>();
        var output = new StringBuilder("id,departure,arrival,transfers,walk_m,legs,error\n");
        int ok = 0, failed = 0;
        using (var table = new CsvTable(Path.GetFileName(settings.Queries!), new StreamReader(settings.Queries!)))
        {
            var columns = new[] { "id", "from_lat", "from_lon", "to_lat", "to_lon", "depart" };
            var missing = columns.Where(c => !table.HasColumn(c)).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"error: {settings.Queries}: missing column(s) {string.Join(", ", missing)}");
                return 2;
            }

            var idx = columns.Select(table.Column).ToArray();
            var arriveBy = table.Column("arrive_by");
            while (table.Read() && times.Count + failed < RouteBatchSettings.MaxQueries)
            {
                var id = table.Get(idx[0]);
                PlanRequest request;
                try
                {
                    var flag = table.Get(arriveBy);
                    var deadline = flag.Length > 0 && flag is not ("0" or "false" or "1" or "true") ? flag : null;
                    var isArriveBy = deadline is not null || flag is "1" or "true";
                    request = new PlanRequest(
                        RoutePlanSettings.ParseCoordinate(table.Get(idx[1]) + "," + table.Get(idx[2])),
                        RoutePlanSettings.ParseCoordinate(table.Get(idx[3]) + "," + table.Get(idx[4])),
                        RoutePlanSettings.ParseLocal(deadline ?? table.Get(idx[5])), isArriveBy, modes);
                }
                catch (FormatException ex)
                {
                    failed++;
                    output.Append(Csv(id)).Append(",,,,,,").Append(Csv($"line {table.Line}: {ex.Message}")).Append('\n');
                    continue;
                }

                var start = Stopwatch.GetTimestamp();
                var result = planner.Plan(request);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var best = request.ArriveBy ? result.Itineraries.FirstOrDefault() : result.Earliest;
                if (best is null)
                {
                    failed++;
                    output.Append(Csv(id)).Append(",,,,,,").Append(Csv(result.Error ?? "no itinerary")).Append('\n');
                    continue;
                }

                ok++;
                output.Append(CultureInfo.InvariantCulture,
                    $"{Csv(id)},{best.Departure:yyyy-MM-ddTHH:mm:ss},{best.Arrival:yyyy-MM-ddTHH:mm:ss},{best.Transfers},{best.WalkMeters:F0},{Csv(RoutePlanSettings.LegsSummary(best))},\n");
            }
        }

        File.WriteAllText(settings.Out!, output.ToString());
        var (p50, p95, p99) = BenchStats.Percentiles(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ok + failed} queries: {ok} with an itinerary, {failed} without; wrote {settings.Out}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot build {buildSeconds:F2} s (feeds + streets + footpaths); peak memory {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"query p50 {p50:F1} ms, p95 {p95:F1} ms, p99 {p99:F1} ms (one thread, door-to-door Pareto set)"));
        return 0;
    }

    private static string Csv(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
