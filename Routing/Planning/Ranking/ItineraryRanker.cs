using System.Globalization;
using System.Text;

namespace Mobility.Routing.Planning.Ranking;

/// <summary>The published criteria of one itinerary; <see cref="BoardingMinutes"/> is the sum of the policy's per-leg boarding costs.</summary>
public sealed record ItineraryCriteria(DateTimeOffset Arrival, double TravelMinutes, int Transfers, double WalkMeters, decimal Price, double Co2Grams, double BoardingMinutes = 0);

/// <summary>An itinerary with its criteria and generalized cost (minutes) under the policy; lower ranks first.</summary>
public sealed record RankedItinerary(Itinerary Itinerary, ItineraryCriteria Criteria, double Cost);

/// <summary>
/// Orders itineraries by the policy's generalized cost only. Nothing about an operator enters the order: the cost
/// reads modes, times, distances and prices, and ties are broken by a key built from the same (mode, place names,
/// times, distance), so renaming operators or giving them in another order cannot move an itinerary.
/// </summary>
public static class ItineraryRanker
{
    public static ItineraryCriteria Criteria(Itinerary it, RankingPolicy policy, DateTimeOffset requested, bool arriveBy)
    {
        ArgumentNullException.ThrowIfNull(it);
        ArgumentNullException.ThrowIfNull(policy);
        var travel = arriveBy ? requested - it.Departure : it.Arrival - requested;
        var vehicles = it.Legs.Count(l => l.Mode is not (LegMode.Walk or LegMode.Bike));
        var walk = it.Legs.Where(l => l.Mode == LegMode.Walk).Sum(l => l.DistanceMeters);
        var price = it.Legs.Sum(l => l.Price ?? 0m);
        var co2 = it.Legs.Sum(l => Co2Grams(l, policy));
        var boarding = it.Legs.Sum(l => policy.BoardingMinutes.GetValueOrDefault(BoardingKey(l.Mode)));
        return new ItineraryCriteria(it.Arrival, travel.TotalMinutes, Math.Max(0, vehicles - 1), walk, price, co2, boarding);
    }

    /// <summary>Grams of CO2e of one leg under the policy: its factor times its distance.</summary>
    public static double Co2Grams(Leg leg, RankingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Co2GramsPerKm[ModeKey(leg)] * leg.DistanceMeters / 1000.0;
    }

    public static double Cost(ItineraryCriteria c, RankingPolicy policy)
    {
        var w = policy.Weights;
        return (w["travel_minutes"] * c.TravelMinutes) + (w["transfers"] * c.Transfers) + (w["walk_km"] * c.WalkMeters / 1000.0)
            + (w["price"] * (double)c.Price) + (w["co2_kg"] * c.Co2Grams / 1000.0) + c.BoardingMinutes;
    }

    /// <summary>Two itineraries with the same modes and rides whose departures and arrivals differ by no more than
    /// this are near-duplicates: only the better one is shown.</summary>
    public static readonly TimeSpan NearDuplicateWindow = TimeSpan.FromMinutes(2);

    /// <summary>Two places of one itinerary closer than this are the same place.</summary>
    public const double SamePlaceMeters = 30;

    /// <summary>
    /// Ranks, drops exact duplicates (same legs apart from the operator), near-duplicates (same modes and rides within
    /// <see cref="NearDuplicateWindow"/>: the cheaper is kept) and loops (an itinerary that comes back to a place it
    /// has left), and keeps the policy's maximum.
    /// </summary>
    public static IReadOnlyList<RankedItinerary> Rank(IEnumerable<Itinerary> itineraries, RankingPolicy policy, DateTimeOffset requested, bool arriveBy)
    {
        var ordered = itineraries
            .Where(i => !IsLoop(i))
            .Select(i => (Ranked: new RankedItinerary(i, Criteria(i, policy, requested, arriveBy), 0), Key: NeutralKey(i)))
            .Select(x => (Ranked: x.Ranked with { Cost = Math.Round(Cost(x.Ranked.Criteria, policy), 6) }, x.Key))
            .OrderBy(x => x.Ranked.Cost).ThenBy(x => x.Ranked.Itinerary.Arrival).ThenBy(x => x.Key, StringComparer.Ordinal)
            .DistinctBy(x => x.Key);
        var kept = new List<RankedItinerary>();
        foreach (var (ranked, _) in ordered)
        {
            if (kept.Count == policy.MaxItineraries)
            {
                break;
            }

            if (!kept.Any(k => NearDuplicates(k.Itinerary, ranked.Itinerary)))
            {
                kept.Add(ranked);
            }
        }

        return kept;
    }

    /// <summary>Same modes and rides (a transit ride: its line between the same stops; another vehicle: its mode and
    /// operator), departing and arriving within <see cref="NearDuplicateWindow"/> of each other.</summary>
    public static bool NearDuplicates(Itinerary a, Itinerary b) =>
        ShapeKey(a) == ShapeKey(b)
        && (a.Departure - b.Departure).Duration() <= NearDuplicateWindow
        && (a.Arrival - b.Arrival).Duration() <= NearDuplicateWindow;

    /// <summary>
    /// Whether the itinerary comes back to a place it has already left: two places of its leg ends, not next to each
    /// other in the sequence, that are one stop or lie within <see cref="SamePlaceMeters"/> (riding away from a stop and
    /// walking back to it, say). A traveler never wants that; a search may produce it when it optimizes another
    /// criterion.
    /// </summary>
    public static bool IsLoop(Itinerary it)
    {
        ArgumentNullException.ThrowIfNull(it);
        var places = new List<Place> { it.Legs[0].From };
        places.AddRange(it.Legs.Select(l => l.To));

        // A leg of no length (a 0 m walk to a stop, a change of platform) moves nowhere: only a leg that goes
        // somewhere can take the traveler away from a place it then comes back to.
        var moves = new bool[places.Count - 1];
        for (var k = 0; k < moves.Length; k++)
        {
            moves[k] = !Same(places[k], places[k + 1]);
        }

        for (var i = 0; i < places.Count; i++)
        {
            for (var j = i + 2; j < places.Count; j++)
            {
                if (Same(places[i], places[j]) && moves.AsSpan(i, j - i).Contains(true))
                {
                    return true;
                }
            }
        }

        return false;

        static bool Same(Place p, Place q) =>
            (p.StopId is not null && p.StopId == q.StopId) || Gtfs.Geo.HaversineMeters(p.Lat, p.Lon, q.Lat, q.Lon) <= SamePlaceMeters;
    }

    private static string ShapeKey(Itinerary it) => string.Join(">", it.Legs.Select(l => l.Mode switch
    {
        LegMode.Walk => "walk",
        LegMode.Transit => $"transit:{l.RouteId}:{l.From.StopId}:{l.To.StopId}",
        _ => $"{l.Mode}:{l.Operator}",
    }));

    /// <summary>Everything the traveler sees of an itinerary except who operates it.</summary>
    public static string NeutralKey(Itinerary it)
    {
        var sb = new StringBuilder();
        foreach (var l in it.Legs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{l.Mode}|{l.From.Name}|{l.From.Lat:F6},{l.From.Lon:F6}|{l.To.Name}|{l.To.Lat:F6},{l.To.Lon:F6}|{l.Departure:O}|{l.Arrival:O}|{l.DistanceMeters:F1}|{l.Route}|{l.VehicleType}|{l.Price};");
        }

        return sb.ToString();
    }

    /// <summary>The key of a leg's CO2 factor: its mode, and for transit its kind from the GTFS route_type.</summary>
    public static string ModeKey(Leg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return leg.Mode switch
        {
            LegMode.Walk => "walk",
            LegMode.Bike => "bike",
            LegMode.BikeShare => "bikeshare",
            LegMode.Scooter => "scooter",
            LegMode.Transit => TransitKind(leg.RouteType),
            LegMode.Carpool => "carpool",
            _ => "car",
        };
    }

    /// <summary>
    /// GTFS route_type (and the extended Hierarchical Vehicle Types) to the policy's transit kinds; anything else,
    /// unknown included, counts as a bus, the highest transit factor, so that no unknown kind is flattered.
    /// </summary>
    public static string TransitKind(int? routeType) => routeType switch
    {
        0 or (>= 900 and <= 999) => "tram",
        1 or 401 or 402 or (>= 500 and <= 599) => "metro",
        2 or (>= 100 and <= 199) => "rail",
        _ => "bus",
    };

    private static string BoardingKey(LegMode mode) => mode switch
    {
        LegMode.Transit => "transit",
        LegMode.BikeShare => "bikeshare",
        LegMode.Scooter => "scooter",
        LegMode.Carpool => "carpool",
        LegMode.Car => "car",
        _ => "none",
    };
}
