namespace Mobility.Simulation.Day.World;

/// <summary>A leg of a /plan answer, as the simulated traveler reads it.</summary>
/// <param name="PriceCents">The leg's price in minor units when the node priced it (a transit leg's fare inside the itinerary).</param>
/// <param name="BookingOperator">The operator of the leg's <c>booking</c> (a transit leg: its agency's operator id).</param>
/// <param name="FromStop">The stop the leg boards at, when it has one.</param>
public sealed record PlanLeg(string Mode, string? Operator, string? TripId, DateTimeOffset Departure, DateTimeOffset Arrival, double DistanceMeters,
    double FromLat, double FromLon, double ToLat, double ToLon, bool Bookable, long? PriceCents = null, string? BookingOperator = null, string? FromStop = null);

/// <summary>An itinerary of a /plan answer: times, transfers, walking, its price when the node knows it.</summary>
public sealed record PlanOption(DateTimeOffset Departure, DateTimeOffset Arrival, int Transfers, double WalkMeters, long? PriceCents, IReadOnlyList<PlanLeg> Legs)
{
    /// <summary>The mode the trip counts under in the modal share: the first of carpool, transit, shared vehicle, bike; else walk.</summary>
    public string MainMode =>
        Legs.Any(l => l.Mode == "carpool") ? "carpool"
        : Legs.Any(l => l.Mode == "transit") ? "transit"
        : Legs.Any(l => l.Mode is "bikeshare" or "scooter") ? "bikeshare"
        : Legs.Any(l => l.Mode == "car") ? "car"
        : Legs.Any(l => l.Mode == "bike") ? "bike" : "walk";
}

/// <summary>
/// How a simulated traveler chooses among /plan's answers: a generalized cost in minutes from the requested departure
/// to the arrival (a ride that leaves later makes the traveler wait), then a logit draw
/// (docs/simulation.md, "Behaviour model"). The constants are the model; changing one changes the day.
/// </summary>
public static class Behaviour
{
    /// <summary>Value of time: 1 EUR is worth 6 minutes (10 EUR an hour).</summary>
    public const double MinutesPerEuro = 6;

    /// <summary>A walking minute weighs 1.5 riding minutes.</summary>
    public const double WalkWeight = 1.5;

    public const double WalkMetresPerMinute = 80;

    /// <summary>Each transfer costs 5 minutes of discomfort.</summary>
    public const double TransferPenalty = 5;

    /// <summary>The demo feed has no fares: a transit leg without a price is assumed to cost a single ticket.</summary>
    public const long AssumedTransitCents = 170;

    /// <summary>Carpool-prone travelers see a carpool trip 10 minutes cheaper (sociable, incentivized); the others 20 minutes dearer (a stranger's car).</summary>
    public const double CarpoolProneBonus = 10;

    public const double CarpoolReluctance = 20;

    /// <summary>Logit scale per minute of generalized cost: a 10-minute difference gives odds of about 1 to 4.5.</summary>
    public const double LogitScale = 0.15;

    /// <param name="requested">When the traveler asked to leave: waiting for a later departure counts as time.</param>
    public static double Cost(PlanOption o, bool carpoolProne, DateTimeOffset requested)
    {
        var minutes = (o.Arrival - Min(o.Departure, requested)).TotalMinutes;
        var walk = o.WalkMeters / WalkMetresPerMinute;
        var cents = o.PriceCents ?? 0;
        if (o.PriceCents is null)
        {
            cents = o.Legs.Count(l => l.Mode == "transit") > 0 ? AssumedTransitCents : 0;
        }

        var cost = minutes + ((WalkWeight - 1) * walk) + (TransferPenalty * o.Transfers) + (MinutesPerEuro * cents / 100.0);
        if (o.MainMode == "carpool")
        {
            cost += carpoolProne ? -CarpoolProneBonus : CarpoolReluctance;
        }

        return cost;
    }

    /// <summary>The chosen option's index (logit over the costs with the draw <paramref name="u"/> in [0, 1)), or -1 when there is none.</summary>
    public static int Choose(IReadOnlyList<PlanOption> options, bool carpoolProne, DateTimeOffset requested, double u)
    {
        if (options.Count == 0)
        {
            return -1;
        }

        var costs = options.Select(o => Cost(o, carpoolProne, requested)).ToArray();
        var best = costs.Min();
        var weights = costs.Select(c => Math.Exp(-LogitScale * (c - best))).ToArray();
        var x = u * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
        {
            x -= weights[k];
            if (x < 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
