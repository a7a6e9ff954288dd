using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Ticketing.Tickets;

/// <summary>Why a carpool connection is refused; <see cref="None"/> when the connecting leg is free.</summary>
public enum CarpoolConnectionRejection
{
    None,
    BadAttestation,
    Revoked,
    NotAccepted,
    NoCampaign,
    ProofClassTooWeak,
    OperatorNotCovered,
    OutsideWindow,
    Replayed,
}

/// <summary>The decision, the campaign that grants the leg, the journey the attestation commits to, and flags for review.</summary>
public sealed record CarpoolConnectionDecision(CarpoolConnectionRejection Rejection, string Reason, string? CampaignId, JourneyCommitment? Journey, IReadOnlyList<string> Flags)
{
    public bool Valid => Rejection == CarpoolConnectionRejection.None;
}

/// <summary>
/// "Carpool in the ticket": decides offline whether a proven carpool journey rides a connecting transit leg free under a
/// campaign's <see cref="TransitBenefit"/>, with nothing but the journey's W3C attestation, the platform's verifier key
/// and the campaign documents (all published; no database, no network). The attestation must verify (Data Integrity
/// proof, checkpoint signature, inclusion proof; and not revoked by the published leaves when the validator holds
/// them), state an accepted journey, and pass the campaign's filters an attestation can answer (validity, operator,
/// proof class, weekday, time slot: it discloses no place); the leg must start within the benefit's window after the
/// carpool's start, at a covered operator. One journey gives one leg: a second use past the transfer window is
/// refused, as for a ticket's leg, and two uses further apart than a vehicle could travel are flagged.
/// </summary>
public sealed class CarpoolConnectionValidator(
    string platformVkey, IReadOnlyList<CampaignDocument> campaigns, TimeProvider clock, ValidatorOptions options, ReplayStore replay, IReadOnlyList<byte[]>? publishedLeaves = null)
{
    private readonly IReadOnlyList<CampaignDocument> _benefits = [.. campaigns.Where(c => c.TransitBenefit is not null).OrderBy(c => c.Id.Value, StringComparer.Ordinal)];

    public CarpoolConnectionDecision Validate(string attestation, ValidationPoint at) => Validate(attestation, at, clock.GetUtcNow());

    /// <summary>
    /// The decision at <paramref name="now"/>, the instant the leg is boarded: a validator's clock, or the time of a tap
    /// an operator uploads later (the account decides a tap as the validator would have at that time).
    /// </summary>
    public CarpoolConnectionDecision Validate(string attestation, ValidationPoint at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        ArgumentNullException.ThrowIfNull(at);
        var verified = AttestationVerifier.Verify(attestation, platformVkey, publishedLeaves);
        if (verified.RevokedBy is not null)
        {
            return Refuse(CarpoolConnectionRejection.Revoked, verified.Failure!, verified.Commitment);
        }

        if (!verified.Ok || verified.Commitment is not { } journey)
        {
            return Refuse(CarpoolConnectionRejection.BadAttestation, "attestation: " + verified.Failure);
        }

        if (journey.Status != Mobility.CarpoolProof.Pipeline.JourneyStatus.Ok || !Enum.TryParse<ProofClass>(journey.ProofClass, out var proofClass))
        {
            return Refuse(CarpoolConnectionRejection.NotAccepted, $"the journey's status is '{journey.Status}', class '{journey.ProofClass}'", journey);
        }

        // The most specific reason among the campaigns that could have granted the leg.
        (CarpoolConnectionRejection Rejection, string Reason) closest = (CarpoolConnectionRejection.NoCampaign, $"no campaign with a transit benefit covers operator '{journey.OperatorId}' on {journey.Start:yyyy-MM-dd}");
        foreach (var campaign in _benefits)
        {
            var benefit = campaign.TransitBenefit!;
            var local = TimeZoneInfo.ConvertTime(journey.Start, campaign.TimeZone);
            if (Eligibility.CheckAttested(campaign, journey.OperatorId, proofClass, DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime)) is { } reason)
            {
                if (closest.Rejection == CarpoolConnectionRejection.NoCampaign)
                {
                    closest = (CarpoolConnectionRejection.NoCampaign, $"campaign '{campaign.Id}': {reason}");
                }

                continue;
            }

            if (proofClass < benefit.MinProofClass)
            {
                closest = (CarpoolConnectionRejection.ProofClassTooWeak, $"campaign '{campaign.Id}' grants a connecting leg from class {benefit.MinProofClass}, the journey is class {proofClass}");
                continue;
            }

            if (benefit.TransitOperators is { } covered && (at.Operator is null || !covered.Contains(at.Operator)))
            {
                closest = (CarpoolConnectionRejection.OperatorNotCovered, $"campaign '{campaign.Id}' does not cover operator '{at.Operator ?? "(none)"}'");
                continue;
            }

            var until = journey.Start + benefit.Window;
            if (now + options.ClockSkew < journey.Start || now - options.ClockSkew > until)
            {
                closest = (CarpoolConnectionRejection.OutsideWindow, $"campaign '{campaign.Id}' grants a leg from {journey.Start:O} to {until:O}, not at {now:O}");
                continue;
            }

            // One leg per journey: the journey's key (JourneyKey: the hash of its opened commitment, the same whether
            // the log holds it as a v1 or a sealed v2 leaf) is its ticket id in the replay store, as in the account's claim.
            var id = "carpool:" + JourneyKey(journey);
            var use = replay.Use(id, 0, now, until + options.ClockSkew, at, options.TransferWindow);
            if (use.Replayed)
            {
                return Refuse(CarpoolConnectionRejection.Replayed, $"this journey's connecting leg was first used at {use.FirstUse:O} by {use.FirstValidator}, past the transfer window", journey);
            }

            var flags = new List<string>();
            var current = new TicketUse(now, at.ValidatorId, at.Latitude, at.Longitude);
            if (use.Previous is { } prev && TravelCheck.IsImpossible(prev, current, options.MaxSpeedKmh, out var km))
            {
                flags.Add($"impossible travel: {km:F1} km from {prev.ValidatorId} in {(now - prev.Time).TotalMinutes:F1} min");
            }

            return new CarpoolConnectionDecision(CarpoolConnectionRejection.None, $"connecting leg granted by campaign '{campaign.Id}'", campaign.Id.Value, journey, flags);
        }

        return Refuse(closest.Rejection, closest.Reason, journey);
    }

    /// <summary>
    /// The journey's key for "one leg per journey": its transparency-log leaf hash (base64), the same at every validator
    /// and in the accounts, which keep it so that an attestation pays one leg in all.
    /// </summary>
    /// <summary>A journey's key for the one-leg rule: RFC 9162 leaf hash of its opened commitment in the v1 leaf form (for a v1 leaf, the log's leaf hash).</summary>
    public static string JourneyKey(JourneyCommitment journey) => StatusChange.LeafHash(journey.LeafBytes());

    private static CarpoolConnectionDecision Refuse(CarpoolConnectionRejection rejection, string reason, JourneyCommitment? journey = null) =>
        new(rejection, reason, null, journey, []);
}
