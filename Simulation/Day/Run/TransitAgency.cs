using Mobility.City;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// A transit agency of the demo city as the node knows it: an operator (its id is the agency's name made a slug, as
/// the planner's <c>booking.operatorId</c> gives it) whose validators record taps in one tier of the node's cap scheme
/// at the network's single-ride fare.
/// </summary>
/// <param name="Tier">
/// The tier of the node's default scheme (<c>navigo-2025</c>: metro, bus, airport) the agency's rides count in. The
/// demo city prices its fares as Navigo (<see cref="GtfsCityWriter"/>, Fares v2): a tram ride 1.99 like a metro ride,
/// a bus ride 1.60, a bus within 90 minutes of a tram or bus free, tram after tram paid again. The scheme's tiers and
/// its one connection rule (metro or bus, then bus within 90 minutes) say the same with tram = metro, so the account's
/// capping gives what the planner quotes.
/// </param>
/// <param name="FareCents">The network's uncapped single-ride fare, what a tap carries (the planner prices a connecting leg 0 inside an itinerary; the validator still reports the ride's fare and the account applies the connection).</param>
public sealed record TransitAgency(string Id, string Name, string Tier, long FareCents)
{
    /// <summary>The agencies of a city (GtfsCityWriter's agency.txt): "Tramway de NAME" and "Bus de NAME".</summary>
    public static IReadOnlyList<TransitAgency> Of(CitySpec city) =>
    [
        new(InProcessNode.TransitOperatorId($"Tramway de {city.Name}"), $"Tramway de {city.Name}", "metro", 199),
        new(InProcessNode.TransitOperatorId($"Bus de {city.Name}"), $"Bus de {city.Name}", "bus", 160),
    ];
}
