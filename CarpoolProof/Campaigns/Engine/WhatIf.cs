using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// What-if before a campaign starts: its rules applied to past journeys as if it were already in force. The validity
/// becomes unbounded; a single operator window per operator and a single proof-class window become unbounded too
/// (they only restate the validity); several proof-class windows, booster dates and everything else keep their dates,
/// because there the dates are the rule.
/// </summary>
public static class WhatIf
{
    private static readonly DateRange Always = new(DateOnly.MinValue, null);

    public static CampaignDocument AsIfAlwaysValid(CampaignDocument campaign) => campaign with
    {
        Validity = Always,
        Operators = campaign.Operators?.GroupBy(o => o.OperatorId)
            .SelectMany(g => g.Count() == 1 ? [g.Single() with { Dates = Always }] : g.AsEnumerable()).ToList(),
        ProofClasses = campaign.ProofClasses is { Count: 1 } one ? [one[0] with { Dates = Always }] : campaign.ProofClasses,
    };
}
