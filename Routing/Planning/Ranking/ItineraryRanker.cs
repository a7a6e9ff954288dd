using System.Globalization;
using System.Text;

namespace Mobility.Routing.Planning.Ranking;

/// <summary>The published criteria of one itinerary.</summary>
public sealed record ItineraryCriteria(DateTimeOffset Arrival, double TravelMinutes, int Transfers, double WalkMeters, decimal Price, double Co2Grams);

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
        var co2 = it.Legs.Sum(l => policy.Co2GramsPerKm[ModeKey(l.Mode)] * l.DistanceMeters / 1000.0);
        return new ItineraryCriteria(it.Arrival, travel.TotalMinutes, Math.Max(0, vehicles - 1), walk, price, co2);
    }

    public static double Cost(ItineraryCriteria c, RankingPolicy policy)
    {
        var w = policy.Weights;
        return (w["travel_minutes"] * c.TravelMinutes) + (w["transfers"] * c.Transfers) + (w["walk_km"] * c.WalkMeters / 1000.0)
            + (w["price"] * (double)c.Price) + (w["co2_kg"] * c.Co2Grams / 1000.0);
    }

    /// <summary>Ranks, drops exact duplicates (same legs apart from the operator), keeps the policy's maximum.</summary>
    public static IReadOnlyList<RankedItinerary> Rank(IEnumerable<Itinerary> itineraries, RankingPolicy policy, DateTimeOffset requested, bool arriveBy)
    {
        return [.. itineraries
            .Select(i => (Ranked: new RankedItinerary(i, Criteria(i, policy, requested, arriveBy), 0), Key: NeutralKey(i)))
            .Select(x => (Ranked: x.Ranked with { Cost = Math.Round(Cost(x.Ranked.Criteria, policy), 6) }, x.Key))
            .OrderBy(x => x.Ranked.Cost).ThenBy(x => x.Ranked.Itinerary.Arrival).ThenBy(x => x.Key, StringComparer.Ordinal)
            .DistinctBy(x => x.Key)
            .Take(policy.MaxItineraries)
            .Select(x => x.Ranked)];
    }

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

    public static string ModeKey(LegMode mode) => mode switch
    {
        LegMode.Walk => "walk",
        LegMode.Bike => "bike",
        LegMode.BikeShare => "bikeshare",
        LegMode.Scooter => "scooter",
        LegMode.Transit => "transit",
        LegMode.Carpool => "carpool",
        _ => "car",
    };
}
