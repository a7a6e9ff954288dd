namespace Mobility.Routing.Planning;

/// <summary>
/// Keeps the itineraries a traveler would weigh against each other: none is dominated on (arrival, departure,
/// transfers, walking, cycling), and of near-duplicates (the same vehicles, or the same street-only mode) only the
/// best is kept.
/// </summary>
public static class ParetoFilter
{
    /// <summary>Walking differences below this many metres do not make an itinerary better.</summary>
    public const double WalkToleranceMeters = 50;

    public static List<Itinerary> Filter(IEnumerable<Itinerary> candidates, bool arriveBy)
    {
        var unique = candidates
            .GroupBy(Signature)
            .Select(g => g.OrderBy(i => arriveBy ? -i.Departure.ToUnixTimeSeconds() : i.Arrival.ToUnixTimeSeconds())
                .ThenBy(i => i.WalkMeters + i.BikeMeters).First())
            .ToList();
        var kept = unique.Where(i => !unique.Any(o => !ReferenceEquals(o, i) && Dominates(o, i))).ToList();
        kept.Sort((x, y) => arriveBy ? y.Departure.CompareTo(x.Departure) : x.Arrival.CompareTo(y.Arrival));
        return kept;
    }

    public static bool Dominates(Itinerary a, Itinerary b)
    {
        var notWorse = a.Arrival <= b.Arrival && a.Departure >= b.Departure && a.Transfers <= b.Transfers &&
                       a.WalkMeters <= b.WalkMeters + WalkToleranceMeters && a.BikeMeters <= b.BikeMeters + WalkToleranceMeters;
        var better = a.Arrival < b.Arrival || a.Departure > b.Departure || a.Transfers < b.Transfers ||
                     a.WalkMeters < b.WalkMeters - WalkToleranceMeters || a.BikeMeters < b.BikeMeters - WalkToleranceMeters;
        return notWorse && better;
    }

    /// <summary>The vehicles ridden (trip ids) or, for street-only itineraries, the modes.</summary>
    private static string Signature(Itinerary i) =>
        i.Legs.Any(l => l.Mode == LegMode.Transit)
            ? string.Join("|", i.Legs.Where(l => l.Mode == LegMode.Transit).Select(l => l.TripId))
            : string.Join("|", i.Legs.Select(l => l.Mode));
}
