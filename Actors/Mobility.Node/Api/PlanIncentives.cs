using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.Routing.Planning;

namespace Mobility.Node.Api;

/// <summary>
/// What the active incentive campaigns would pay a planned carpool ride's passenger, so that <c>GET /plan</c> prices
/// carpool as the operator's contribution net of incentives (and ranks on it).
/// </summary>
/// <remarks>
/// The estimate evaluates the ride as one journey in each campaign's own engine: the campaign's territory, operator,
/// distance, day and time rules decide whether it applies. It assumes the journey is proven at class C, an adult
/// passenger, and no per-traveler limit or budget reached (a plan is anonymous); amounts are euro cents
/// (docs/campaigns.md), so only rides priced in EUR are adjusted. The amount taken off is at most the contribution.
/// </remarks>
public static class PlanIncentives
{
    /// <summary>The itinerary with each carpool leg's price net of the passenger incentives <paramref name="active"/> would pay.</summary>
    public static Itinerary Apply(Itinerary itinerary, IReadOnlyList<CampaignDocument> active)
    {
        ArgumentNullException.ThrowIfNull(itinerary);
        ArgumentNullException.ThrowIfNull(active);
        if (active.Count == 0 || !itinerary.Legs.Any(l => l.Mode == LegMode.Carpool))
        {
            return itinerary;
        }

        return new Itinerary([.. itinerary.Legs.Select(l => l.Mode == LegMode.Carpool ? Net(l, active) : l)]);
    }

    private static Leg Net(Leg leg, IReadOnlyList<CampaignDocument> active)
    {
        if (leg is not { Price: { } price, Currency: "EUR", Operator: { } op } || !CampaignJourney.IsToken(op))
        {
            return leg;
        }

        var journey = new CampaignJourney("plan-estimate", op, ProofClass.C, leg.Departure, new GeoPoint(leg.From.Lat, leg.From.Lon), leg.Arrival,
            new GeoPoint(leg.To.Lat, leg.To.Lon), (int)Math.Round(leg.DistanceMeters), 1, "plan-driver", "plan-passenger", true, JourneyStatus.Accepted, null);
        var cents = 0L;
        var paying = new List<string>();
        foreach (var campaign in active)
        {
            var awarded = new CampaignEngine(campaign).Submit(journey).Awards.Where(a => a.Role == BeneficiaryRole.Passenger).Sum(a => a.Cents);
            if (awarded > 0)
            {
                cents += awarded;
                paying.Add(campaign.Id.Value);
            }
        }

        if (cents == 0)
        {
            return leg;
        }

        var amount = Math.Min(price, cents / 100m);
        return leg with { Price = price - amount, Incentive = new LegIncentive(amount, "EUR", price, paying) };
    }

}
