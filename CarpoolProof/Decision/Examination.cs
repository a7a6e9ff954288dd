using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// What a declaration shows by itself (<see cref="JourneyDecider.Examine"/>): refused at once, or graded with the
/// violations of the rules that need no other journey, its hash, the evidence values it uses and the facts each
/// occupant's identity weighs. Stateless: computed in parallel, before anything is held.
/// </summary>
public sealed record Examination(
    SignedDeclaration? Declaration,
    bool Refused,
    IReadOnlyList<RuleViolation> Violations,
    Grade? Grade,
    string? DeclarationHash,
    IReadOnlyList<string> Values)
{
    /// <summary>"operator_id/operator_journey_id", or empty when the body could not be read.</summary>
    public string JourneyKey => Declaration is { Journey.OperatorJourneyId: { } id } d ? d.OperatorId + "/" + id : string.Empty;

    /// <summary>The same declaration refused for <paramref name="violations"/> (a batch whose signature fails).</summary>
    public Examination Refuse(IReadOnlyList<RuleViolation> violations) => this with { Refused = true, Violations = violations };

    /// <summary>
    /// The journey as each occupant's identity sees it, in ordinal order of identity key (the order the cluster
    /// reserves them in, so two journeys never wait on each other); one entry when both are one identity.
    /// </summary>
    public IReadOnlyList<(string Identity, TripFacts Trip)> Trips()
    {
        var d = Declaration ?? throw new InvalidOperationException("a refused body has no occupants");
        var j = d.Journey;
        var driverKey = j.Driver.Identity.IdentityKey;
        var passengerKey = j.Passenger.Identity.IdentityKey;
        var driverTrip = new TripFacts(JourneyKey, d.OperatorId, j.OperatorTripId, OccupantRole.Driver, passengerKey, j.Start.Datetime, j.End.Datetime,
            Grade?.Class.ToString());
        if (passengerKey == driverKey) return [(driverKey, driverTrip)];
        var passengerTrip = driverTrip with { Role = OccupantRole.Passenger, Counterpart = driverKey };
        return string.CompareOrdinal(driverKey, passengerKey) < 0
            ? [(driverKey, driverTrip), (passengerKey, passengerTrip)]
            : [(passengerKey, passengerTrip), (driverKey, driverTrip)];
    }
}
