namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// The order in which caps and the budget are consumed: journey start instant (UTC), then journey id (ordinal).
/// It depends only on the journeys themselves, never on arrival order, which makes results order-independent.
/// </summary>
public static class CapOrder
{
    public static int Compare(CampaignJourney a, CampaignJourney b)
    {
        var c = a.StartTime.UtcTicks.CompareTo(b.StartTime.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.JourneyId, b.JourneyId);
    }

    public static IComparer<CampaignJourney> Comparer { get; } = Comparer<CampaignJourney>.Create(Compare);
}
