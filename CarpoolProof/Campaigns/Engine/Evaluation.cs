using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>Why a journey earns nothing in a campaign (the first filter it failed, in this order).</summary>
public enum Ineligibility
{
    NotAccepted,
    OutsideValidity,
    OperatorNotAllowed,
    ProofClass,
    NotAdult,
    Distance,
    Weekday,
    TimeSlot,
    Territory,
    Excluded,
}

/// <summary>One journey's outcome in one campaign: either a reason it is out, or one award per beneficiary.</summary>
public sealed record JourneyEvaluation(
    CampaignJourney Journey,
    DateOnly LocalDate,
    Ineligibility? Reason,
    IReadOnlyList<Award> Awards)
{
    public long TotalCents => Awards.Sum(a => a.Cents);
}

/// <summary>
/// An incentive for one beneficiary of one journey. <see cref="ComputedCents"/> is the amount of the rules after
/// per-seat and per-trip caps and rounding; <see cref="Cents"/> what is paid after identity limits and the budget.
/// <see cref="Rules"/> names the rules that paid ('+'-joined ids), <see cref="Caps"/> every cap that cut the amount.
/// </summary>
public readonly record struct Award(
    BeneficiaryRole Role,
    string IdentityKey,
    long Cents,
    long ComputedCents,
    string Rules,
    int BoosterPerMille,
    int CapMask)
{
    /// <summary>Labels of the caps that cut, in the order they apply (see <see cref="CapLabels"/>).</summary>
    public IReadOnlyList<string> Caps => CapLabels.Of(Role, CapMask);

    public string CapsText => CapMask == 0 ? "" : string.Join('+', Caps);
}
