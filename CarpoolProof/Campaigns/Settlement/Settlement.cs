using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>
/// What a campaign owes for one operator's journeys in one month (journey start, campaign timezone). Each line names
/// the journey, its log index, the beneficiary, the rules that paid and the caps that cut.
/// </summary>
public sealed record MonthlySettlement(
    string CampaignId,
    string CampaignSha256,
    string OperatorId,
    string Month,
    IReadOnlyList<SettlementLine> Lines)
{
    public long TotalCents => Lines.Sum(l => l.Cents);

    /// <summary>File stem used by the CLI: settlement-CAMPAIGN-OPERATOR-YYYY-MM.</summary>
    public string FileStem => $"settlement-{CampaignId}-{OperatorId}-{Month}";
}

/// <summary>One paid (or cut to nothing) award; <see cref="StartUtc"/> is the journey's start, second precision.</summary>
public sealed record SettlementLine(
    string JourneyId,
    long? LogIndex,
    DateTimeOffset StartUtc,
    BeneficiaryRole Role,
    string IdentityKey,
    long Cents,
    long ComputedCents,
    string Rules,
    int BoosterPerMille,
    string Caps);
