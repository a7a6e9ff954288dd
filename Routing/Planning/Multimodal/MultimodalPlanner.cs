using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Planning.SharedVehicles;
using Mobility.Routing.Transit;

namespace Mobility.Routing.Planning.Multimodal;

/// <summary>What the multimodal planner reads besides the transit snapshot; every part immutable.</summary>
public sealed record MobilityOffers(
    IReadOnlyList<SharedMobilityFeed> SharedSystems,
    CarpoolOfferBook Carpool,
    IReadOnlyList<ParkAndRideSite> ParkAndRide)
{
    public static readonly MobilityOffers None = new([], CarpoolOfferBook.Empty, []);
}

/// <summary>The answer: ranked itineraries, the policy that ranked them, and notices (e.g. a stale GBFS system).</summary>
public sealed record MultimodalResult(IReadOnlyList<RankedItinerary> Itineraries, string? Error, RankingPolicyRef Policy, IReadOnlyList<string> Notices);

/// <summary>Options of the multimodal planner.</summary>
public sealed record MultimodalOptions
{
    public SharedVehicleOptions SharedVehicles { get; init; } = new();

    /// <summary>For tests: no pruning by bounds anywhere (see <see cref="CarpoolLegOptions.Exhaustive"/>).</summary>
    internal bool Exhaustive { get; init; }

    public CarpoolLegOptions Carpool { get; init; } = new();

    /// <summary>
    /// Prices what the planner cannot (transit fares, from the feeds' fare tables in the node) before ranking, so the
    /// policy's price weight sees them; returns the itinerary with its legs' prices set.
    /// </summary>
    public Func<Itinerary, Itinerary>? Pricing { get; init; }

    public ParkAndRideOptions ParkAndRide { get; init; } = new();
}

/// <summary>
/// Door-to-door planning over every mode: the walk/bike/transit itineraries of <see cref="TripPlanner"/>, plus
/// shared vehicles (GBFS), live carpool offers and park-and-ride, alone or chained with transit, ranked by the
/// published <see cref="RankingPolicy"/>. The snapshots and offers are read through holders, so a new GBFS load or a
/// new offer book is picked up by the next query while queries in flight finish on the one they started with.
/// Shared vehicles, carpool and park-and-ride are planned for depart-at; an arrive-by query shifts their street-only
/// itineraries so that they arrive in time (availability is taken as it is now).
/// </summary>
public sealed class MultimodalPlanner(SnapshotHolder<PlannerSnapshot> snapshot, SnapshotHolder<MobilityOffers> offers, RankingPolicy? policy = null, MultimodalOptions? options = null)
{
    private readonly MultimodalOptions _options = options is { Exhaustive: true } ? options with { Carpool = options.Carpool with { Exhaustive = true } } : options ?? new MultimodalOptions();

    public RankingPolicy Policy { get; } = policy ?? RankingPolicy.Default;

    public MultimodalResult Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = snapshot.Current;
        var o = offers.Current;
        var transit = new TripPlanner(s);
        var notices = new List<string>();
        var basic = transit.Plan(request with { Modes = request.Modes & (PlanModes.Walk | PlanModes.Transit | PlanModes.Bike) });
        if (TripPlanner.IsSamePlace(request) && basic.Itineraries.Count > 0)
        {
            // The trip planner's one empty walk is the whole answer: other modes would only add round trips.
            return new MultimodalResult(ItineraryRanker.Rank(basic.Itineraries, Policy, basic.Itineraries[0].Departure, request.ArriveBy), null, Policy.Reference, notices);
        }

        var candidates = new List<Itinerary>(basic.Itineraries);
        var legs = new StreetLegFactory(s);
        var requested = legs.FromLocal(request.LocalTime);
        var origin = new Place("origin", request.From.Lat, request.From.Lon);
        var destination = new Place("destination", request.To.Lat, request.To.Lon);
        var withTransit = (request.Modes & PlanModes.Transit) != 0;

        // Extra modes are planned forward from a departure; for arrive-by, from a first guess an hour before.
        var start = request.ArriveBy ? requested.AddHours(-1) : requested;
        var extra = new List<Itinerary>();
        var bound = new AnswerBound(candidates, extra, Policy, requested, _options.Exhaustive);
        if ((request.Modes & PlanModes.BikeShare) != 0)
        {
            var shared = new SharedVehicleLegs(legs, transit, _options.SharedVehicles);
            foreach (var feed in o.SharedSystems.OrderBy(f => f.SystemId, StringComparer.Ordinal))
            {
                if (feed.IsStale)
                {
                    notices.Add($"shared vehicles of system '{feed.SystemId}' not offered: feed is stale ({feed.StaleReason})");
                }

                shared.Plan(feed, origin, destination, start, withTransit && !request.ArriveBy, extra, bound.Worth);
            }
        }

        CarpoolLegs? carpool = null;
        IReadOnlyList<CarpoolToStop> toStops = [];
        if ((request.Modes & PlanModes.Carpool) != 0)
        {
            carpool = new CarpoolLegs(legs, transit, _options.Carpool);
            toStops = carpool.Plan(o.Carpool, origin, destination, start, withTransit && !request.ArriveBy, extra);
        }

        if ((request.Modes & PlanModes.CarParkRide) != 0 && !request.ArriveBy)
        {
            if (o.ParkAndRide.Count == 0)
            {
                notices.Add("park-and-ride asked but no site is configured");
            }

            new ParkAndRideLegs(legs, transit, o.ParkAndRide, _options.ParkAndRide).Plan(origin, destination, start, extra, bound.Worth);
        }

        if (carpool is not null && toStops.Count > 0)
        {
            foreach (var toStop in toStops.Where(t => bound.Worth(t.Head)))
            {
                carpool.ContinueByTransit(toStop, destination, extra);
            }
        }

        if (request.ArriveBy)
        {
            // Street-only itineraries (no timetable) can slide to arrive at the deadline; carpool ones are bound to
            // the driver's window and only kept if they already arrive in time.
            extra = [.. extra.Select(i => i.Legs.Any(l => l.Mode is LegMode.Transit or LegMode.Carpool) ? i : Shift(i, requested - i.Arrival))
                .Where(i => i.Arrival <= requested)];
        }

        candidates.AddRange(extra);
        if (_options.Pricing is { } price)
        {
            candidates = [.. candidates.Select(price)];
        }

        var ranked = ItineraryRanker.Rank(candidates, Policy, requested, request.ArriveBy);
        return ranked.Count == 0
            ? new MultimodalResult([], basic.Error ?? "no itinerary with the modes asked", Policy.Reference, notices)
            : new MultimodalResult(ranked, null, Policy.Reference, notices);
    }

    /// <summary>
    /// Whether a partial itinerary (a drive, a shared ride or a carpool ride) is worth continuing by a transit search
    /// (depart-at only): the cost of the part so far, plus one transfer, is a lower bound of the cost of any
    /// continuation (every criterion only grows and every weight is non-negative), so when it exceeds the cost of the
    /// last itinerary the answer would keep now, no continuation can enter the answer and the search is not run.
    /// </summary>
    private sealed class AnswerBound(List<Itinerary> basic, List<Itinerary> extra, RankingPolicy policy, DateTimeOffset requested, bool exhaustive)
    {
        private int _seen = -1;
        private double _cutoff = double.PositiveInfinity;

        public bool Worth(Itinerary head)
        {
            if (exhaustive)
            {
                return true;
            }

            if (basic.Count + extra.Count != _seen)
            {
                _seen = basic.Count + extra.Count;
                var kept = ItineraryRanker.Rank(basic.Concat(extra), policy, requested, false);
                _cutoff = kept.Count < policy.MaxItineraries ? double.PositiveInfinity : kept[^1].Cost;
            }

            return ItineraryRanker.Cost(ItineraryRanker.Criteria(head, policy, requested, false), policy) + policy.Weights["transfers"] <= _cutoff;
        }
    }

    private static Itinerary Shift(Itinerary it, TimeSpan by) =>
        new([.. it.Legs.Select(l => l with { Departure = l.Departure + by, Arrival = l.Arrival + by })]);
}
