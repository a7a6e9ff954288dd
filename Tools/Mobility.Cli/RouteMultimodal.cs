using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Planning.SharedVehicles;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Transit;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Cli;

/// <summary><c>route one</c> with shared vehicles, carpool or park-and-ride: loads the offers, plans, prints legs with
/// price and CO2 and the ranking policy's id, version and SHA-256.</summary>
internal static class RouteMultimodal
{
    public static int Run(RouteOneSettings settings, PlannerSnapshot snapshot, PlanRequest request, TransitFares fares)
    {
        MobilityOffers offers;
        try
        {
            offers = LoadOffers(settings.Gbfs, settings.GbfsIgnoreTtl, settings.Offers, settings.ParkRide, [], (PlanRequest.ParseModes(settings.Modes) & PlanModes.CarParkRide) != 0 ? settings.Osm : null);
        }
        catch (Exception ex) when (ex is FormatException or IOException or Mobility.Routing.Street.Osm.OsmFormatException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }

        var planner = new MultimodalPlanner(new SnapshotHolder<PlannerSnapshot>(snapshot), new SnapshotHolder<MobilityOffers>(offers), options: new MultimodalOptions { Pricing = fares.Apply });
        var clock = Stopwatch.StartNew();
        var result = planner.Plan(request);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (settings.Json)
        {
            Console.WriteLine(Json(result));
        }
        else
        {
            Console.WriteLine($"policy {result.Policy.Id} {result.Policy.Version} sha256:{result.Policy.Sha256}");
            foreach (var n in result.Notices)
            {
                Console.WriteLine("notice: " + n);
            }

            if (result.Error is not null)
            {
                Console.WriteLine("no itinerary: " + result.Error);
            }

            foreach (var r in result.Itineraries)
            {
                var c = r.Criteria;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Itinerary.Departure:HH:mm:ss} -> {r.Itinerary.Arrival:HH:mm:ss}  cost {r.Cost:F1}, {c.Transfers} transfers, walk {c.WalkMeters:F0} m, price {c.Price:F2}, CO2 {c.Co2Grams:F0} g"));
                foreach (var l in r.Itinerary.Legs)
                {
                    var co2 = ItineraryRanker.Co2Grams(l, planner.Policy);
                    var who = l.Mode switch
                    {
                        LegMode.Transit => $"{l.Operator} {l.Route} ",
                        LegMode.BikeShare or LegMode.Scooter => $"{l.Operator} {l.VehicleType} ",
                        LegMode.Carpool => $"{l.Operator} offer {l.TripId} ",
                        _ => string.Empty,
                    };
                    var price = l.Price is { } p ? string.Create(CultureInfo.InvariantCulture, $", {p:F2} {l.Currency}") : string.Empty;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {l.Departure:HH:mm:ss}-{l.Arrival:HH:mm:ss} {l.Mode,-9} {who}{l.From.Name} -> {l.To.Name}, {l.DistanceMeters:F0} m{price}, CO2 {co2:F0} g"));
                }
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"query {ms:F1} ms"));
        return result.Error is null ? 0 : 1;
    }

    /// <summary>
    /// GBFS folders, carpool offers (file and extra), and park-and-ride sites: those of <paramref name="osm"/> (when
    /// given) followed by the optional CSV.
    /// </summary>
    public static MobilityOffers LoadOffers(string[] gbfs, bool ignoreTtl, string? offersPath, string? parkRide, IReadOnlyList<CarpoolOffer> extraOffers, string? osm = null)
    {
        var systems = new List<SharedMobilityFeed>();
        foreach (var dir in gbfs)
        {
            // Read whatever the age; staleness is judged below so that it can be reported instead of failing the load.
            var load = GbfsReader.ReadFolderAsync(dir, TimeProvider.System, GbfsReadOptions.AnyAge).GetAwaiter().GetResult();
            if (!load.Succeeded)
            {
                throw new FormatException($"{dir}: " + string.Join("; ", load.Errors));
            }

            systems.Add(SharedMobilityFeed.Check(load.Snapshot!, ignoreTtl ? GbfsFreshnessPolicy.Ignore : GbfsFreshnessPolicy.Default, TimeProvider.System.GetUtcNow()));
        }

        var book = CarpoolOfferBook.Empty;
        if (offersPath is not null || extraOffers.Count > 0)
        {
            book = CarpoolOfferBook.Build([.. offersPath is null ? [] : CarpoolOfferFile.Read(offersPath), .. extraOffers], TimeProvider.System);
            foreach (var r in book.Rejected)
            {
                Console.Error.WriteLine($"offer {r.OfferId} refused: {string.Join("; ", r.Reasons)}");
            }
        }

        List<ParkAndRideSite> sites = [.. osm is null ? [] : ParkAndRideOsm.Read(osm), .. parkRide is { } pr ? ParkAndRideSite.ReadCsv(pr) : []];
        if (osm is not null)
        {
            Console.Error.WriteLine($"park-and-ride: {sites.Count} sites ({Path.GetFileName(osm)}{(parkRide is null ? string.Empty : " and " + Path.GetFileName(parkRide))})");
        }

        return new MobilityOffers(systems, book, sites);
    }

    private static string Json(MultimodalResult result)
    {
        var its = new JsonArray();
        foreach (var r in result.Itineraries)
        {
            var legs = new JsonArray();
            foreach (var l in r.Itinerary.Legs)
            {
                legs.Add(new JsonObject
                {
                    ["mode"] = l.Mode.ToString().ToUpperInvariant(),
                    ["from"] = new JsonObject { ["name"] = l.From.Name, ["lat"] = l.From.Lat, ["lon"] = l.From.Lon, ["id"] = l.From.StopId },
                    ["to"] = new JsonObject { ["name"] = l.To.Name, ["lat"] = l.To.Lat, ["lon"] = l.To.Lon, ["id"] = l.To.StopId },
                    ["departure"] = l.Departure.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["arrival"] = l.Arrival.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["distance_m"] = Math.Round(l.DistanceMeters, 1),
                    ["estimated"] = l.Estimated,
                    ["operator"] = l.Operator,
                    ["route"] = l.Route,
                    ["vehicle_type"] = l.VehicleType,
                    ["trip_or_offer"] = l.TripId,
                    ["price"] = l.Price,
                    ["currency"] = l.Currency,
                    ["fare_products"] = RouteJson.FareProducts(l),
                });
            }

            var (price, note) = RouteJson.Price(r.Itinerary.Legs);
            its.Add(new JsonObject
            {
                ["cost"] = r.Cost,
                ["arrival"] = r.Criteria.Arrival.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                ["transfers"] = r.Criteria.Transfers,
                ["walk_m"] = Math.Round(r.Criteria.WalkMeters, 1),
                ["price"] = price,
                ["price_note"] = note,
                ["co2_g"] = Math.Round(r.Criteria.Co2Grams, 1),
                ["legs"] = legs,
            });
        }

        var root = new JsonObject
        {
            ["policy"] = new JsonObject { ["id"] = result.Policy.Id, ["version"] = result.Policy.Version, ["sha256"] = result.Policy.Sha256 },
            ["notices"] = new JsonArray([.. result.Notices.Select(n => (JsonNode)n)]),
            ["itineraries"] = its,
            ["error"] = result.Error,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
