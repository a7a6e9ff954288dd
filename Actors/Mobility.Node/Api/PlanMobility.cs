using Mobility.Actors.Operators;
using Mobility.Node.Feeds;
using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.SharedVehicles;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Street.Osm;
using Mobility.City;
using ActorOffer = Mobility.Actors.Operators.LiveOffer;
using CarpoolOffer = Mobility.Routing.Planning.Carpool.CarpoolOffer;
using RoutingGeoPoint = Mobility.Routing.Matching.Carpool.GeoPoint;

namespace Mobility.Node.Api;

/// <summary>
/// What <c>GET /plan</c> offers beyond walk, bike and transit, read from the node's live state: shared vehicles from
/// every GBFS system it holds (the city's GBFS folders, see <see cref="PlanGbfsFeeds"/>, and the URL feeds the cluster's
/// feed singleton polls and shares, see <see cref="ReplicatedGbfs"/>), carpool legs from the live offers Distributed Data replicates
/// to this node (<see cref="LiveOfferBoard"/>), and the park-and-ride sites of the city. Each part is an immutable
/// snapshot; the offer book is rebuilt only when the board changes or <see cref="BookMaxAge"/> has passed (offers
/// whose window has closed drop out then).
/// </summary>
public sealed class PlanMobility(LiveOfferBoard board, PlanGbfsFeeds localGbfs, Feeds.ReplicatedGbfs replicated, TimeProvider clock)
{
    /// <summary>How long a built offer book is reused while the board does not change.</summary>
    public static readonly TimeSpan BookMaxAge = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The operator API has no maximum ride time per offer (the detour budget bounds the driver); the planner's
    /// offers need one, so a rider is carried at most this long.
    /// </summary>
    public static readonly TimeSpan LiveOfferMaxRide = TimeSpan.FromHours(2);

    private readonly Lock _gate = new();
    private volatile BookCache? _book;
    private volatile IReadOnlyList<ParkAndRideSite> _parkAndRide = [];

    /// <summary>Park-and-ride sites of the loaded city, and where they came from (for <c>/plan/area</c>).</summary>
    public IReadOnlyList<ParkAndRideSite> ParkAndRide => _parkAndRide;

    public string ParkAndRideSource { get; private set; } = "none loaded";

    public void SetParkAndRide(IReadOnlyList<ParkAndRideSite> sites, string source)
    {
        _parkAndRide = sites;
        ParkAndRideSource = source;
    }

    /// <summary>
    /// Called by the city loader once the city's feeds are read: takes the GBFS folders (the demo city's system is
    /// republished live beside its generated files) and the park-and-ride sites of the OSM extract. Returns start-up lines.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadCityAsync(IReadOnlyList<string> gbfs, string? osm, CitySpec? demo, string? demoFolder, CancellationToken ct)
    {
        var lines = new List<string>();
        var gbfsLines = await localGbfs.UseAsync(gbfs, demo, demo is null || demoFolder is null ? null : Path.Combine(demoFolder, DemoLiveGbfsFolder), ct);
        if (gbfsLines.Length > 0)
        {
            lines.Add(gbfsLines);
        }

        if (osm is not null)
        {
            try
            {
                var sites = await Task.Run(() => ParkAndRideOsm.Read(osm), ct);
                SetParkAndRide(sites, $"OSM {Path.GetFileName(osm)}");
                lines.Add($"park-and-ride for the planner: {sites.Count} sites from {Path.GetFileName(osm)} (amenity=parking with park_ride)");
            }
            catch (Exception e) when (e is OsmFormatException or IOException)
            {
                lines.Add($"park-and-ride not available: {e.Message}");
            }
        }

        return lines;
    }

    /// <summary>Where the demo city's GBFS is republished, inside the generated city's folder.</summary>
    public const string DemoLiveGbfsFolder = "gbfs-live";

    /// <summary>
    /// The operator at which a GBFS system's vehicles are held (GBFS systems are operators): the operator that registered
    /// its polled feed, else, for a system the node reads from its own folders (the city's, the demo's), the system
    /// itself under its <c>system_id</c>, registered as an operator on its first booking. Null for a system id that
    /// cannot be an operator id.
    /// </summary>
    public string? OperatorOf(string systemId) =>
        replicated.OwnerOf(systemId)
        ?? (localGbfs.States.Any(s => s.Current?.System.SystemId == systemId) && Mobility.Actors.Operators.OperatorId.TryParse(systemId, out _) ? systemId : null);

    /// <summary>Whether the system is read from the node's own folders (no operator registered it): its operator is the node's to register.</summary>
    public bool IsLocalSystem(string systemId) => replicated.OwnerOf(systemId) is null && localGbfs.States.Any(s => s.Current?.System.SystemId == systemId);

    /// <summary>The offers at <paramref name="now"/>, for one plan request.</summary>
    public MobilityOffers Current(DateTimeOffset now)
    {
        var systems = new List<SharedMobilityFeed>();
        // Folders this node reads itself, and the URL systems the cluster's feed singleton polls and shares.
        foreach (var state in localGbfs.States.Concat(replicated.States))
        {
            if (state.Current is { } snapshot)
            {
                systems.Add(SharedMobilityFeed.Check(snapshot, GbfsFreshnessPolicy.Default, now));
            }
        }

        // Two sources may hold the same system (a folder and its published URL): keep one, the freshest.
        var unique = systems.GroupBy(s => s.SystemId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.IsStale).ThenByDescending(s => s.Snapshot.Feeds.Values.Max(f => f.LastUpdated)).First())
            .ToList();
        return new MobilityOffers(unique, Book(now), _parkAndRide);
    }

    private CarpoolOfferBook Book(DateTimeOffset now)
    {
        var live = board.Current;
        var cached = _book;
        if (cached is not null && ReferenceEquals(cached.Board, live) && now - cached.BuiltAt < BookMaxAge && now >= cached.BuiltAt)
        {
            return cached.Book;
        }

        lock (_gate)
        {
            cached = _book;
            if (cached is not null && ReferenceEquals(cached.Board, live) && now - cached.BuiltAt < BookMaxAge && now >= cached.BuiltAt)
            {
                return cached.Book;
            }

            var book = CarpoolOfferBook.Build(board.Offers(now).Select(ToPlanner), clock);
            _book = new BookCache(live, now, book);
            return book;
        }
    }

    /// <summary>An operator's live offer as the planner's offer: free seats, detour budget and price rule in currency units.</summary>
    public static CarpoolOffer ToPlanner(ActorOffer live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var o = live.Offer;
        return new CarpoolOffer(
            new DriverOffer(new OfferId(o.OfferId), live.OperatorId.Value, new RoutingGeoPoint(o.Origin.Lat, o.Origin.Lon), new RoutingGeoPoint(o.Destination.Lat, o.Destination.Lon),
                o.DepartEarliest, o.DepartLatest, live.SeatsFree, TimeSpan.FromMinutes(o.MaxDetourMinutes), LiveOfferMaxRide),
            new CarpoolPrice(o.Price.BaseCents / 100m, o.Price.PerKmCents / 100m, o.Price.Currency));
    }

    private sealed record BookCache(object Board, DateTimeOffset BuiltAt, CarpoolOfferBook Book);
}

/// <summary>Registers what <c>GET /plan</c> reads besides the routing snapshot.</summary>
public static class PlanMobilityServices
{
    public static IServiceCollection AddPlanMobility(this IServiceCollection services)
    {
        services.AddSingleton<PlanGbfsFeeds>();
        services.AddHostedService(sp => sp.GetRequiredService<PlanGbfsFeeds>());
        services.AddSingleton<PlanMobility>();
        services.AddSingleton<ActiveCampaigns>();
        return services;
    }
}
