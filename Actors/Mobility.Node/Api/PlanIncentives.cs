using Akka.Actor;
using Akka.Hosting;
using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.Routing.Planning;

namespace Mobility.Node.Api;

/// <summary>
/// What the active incentive campaigns would pay a planned carpool ride's passenger, so that <c>GET /plan</c> prices
/// carpool as the operator's contribution net of incentives (and ranks on it). The campaigns' documents are read from
/// their entities (<see cref="CampaignCommands.Terms"/>) and kept for <see cref="MaxAge"/>; a plan never waits for
/// them: it uses what was last read and a read starts in the background when that is older. Activating or closing a
/// campaign on this node reads them again at once; another node sees the change within <see cref="MaxAge"/>.
/// </summary>
/// <remarks>
/// The estimate evaluates the ride as one journey in each campaign's own engine: the campaign's territory, operator,
/// distance, day and time rules decide whether it applies. It assumes the journey is proven at class C, an adult
/// passenger, and no per-traveler limit or budget reached (a plan is anonymous); amounts are euro cents
/// (docs/campaigns.md), so only rides priced in EUR are adjusted. The amount taken off is at most the contribution.
/// </remarks>
public sealed class PlanIncentives(IRequiredActor<CampaignDirectory> directory, IRequiredActor<CampaignRegion> campaigns, TimeProvider clock, ILogger<PlanIncentives> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>At most this many active campaigns are read (a territory runs a handful).</summary>
    public const int MaxCampaigns = 200;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private volatile Known _known = new([], DateTimeOffset.MinValue);
    private int _reading;

    /// <summary>The active campaigns last read (possibly none yet); starts a read in the background when stale.</summary>
    public IReadOnlyList<CampaignDocument> Active
    {
        get
        {
            var known = _known;
            if (clock.GetUtcNow() - known.ReadAt > MaxAge && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ReadAsync(CancellationToken.None);
                    }
                    finally
                    {
                        Volatile.Write(ref _reading, 0);
                    }
                });
            }

            return known.Campaigns;
        }
    }

    /// <summary>Reads the active campaigns now (after an activation or a closing on this node).</summary>
    public async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            if (await directory.ActorRef.Ask<object>(new CampaignDirectoryMessages.ListActive(), AskTimeout, ct) is not CampaignDirectoryMessages.Active active)
            {
                return;
            }

            var previous = _known.Campaigns.ToDictionary(c => c.Sha256Hex, StringComparer.Ordinal);
            var terms = await Task.WhenAll(active.CampaignIds.Take(MaxCampaigns).Select(id => campaigns.ActorRef.Ask<object>(new CampaignCommands.Terms(id), AskTimeout, ct)));
            var documents = new List<CampaignDocument>();
            foreach (var t in terms.OfType<CampaignTerms>().Where(t => t.Phase == "active" && t.Document.Length > 0))
            {
                var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(t.Document));
                documents.Add(previous.TryGetValue(sha, out var parsed) ? parsed : CampaignParser.Parse(t.Document));
            }

            _known = new Known([.. documents.OrderBy(d => d.Id.Value, StringComparer.Ordinal)], clock.GetUtcNow());
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or CampaignDocumentException)
        {
            // The previous campaigns stay in use; the next plan tries again after MaxAge.
            _known = _known with { ReadAt = clock.GetUtcNow() };
            log.LogWarning("Active campaigns not read for the planner: {Reason}", e.Message);
        }
    }

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

    private sealed record Known(IReadOnlyList<CampaignDocument> Campaigns, DateTimeOffset ReadAt);
}
