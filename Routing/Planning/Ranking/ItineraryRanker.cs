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
