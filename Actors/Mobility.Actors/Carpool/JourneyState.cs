using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using static Mobility.Actors.Carpool.JourneyMessages;

namespace Mobility.Actors.Carpool;

/// <summary>
/// The pure state of one journey entity: nothing recorded, recorded (with its attestation), or revoked. What a
/// command means here is decided by <see cref="Process"/>: an answer now, or the work the actor does before it can
/// answer (the declaration's decision across entities, or a revocation leaf to append); <see cref="Apply"/> folds a
/// persisted event in. No I/O and no clock: the actor passes the time.
/// </summary>
public sealed record JourneyState(CarpoolEvents.JourneyAccepted? Accepted, JourneyView? View)
{
    public static JourneyState Empty { get; } = new(null, null);

    public bool IsRecorded => View is not null && Accepted is not null;

    public JourneyStep Process(IJourneyMessage command, DateTimeOffset now) => command switch
    {
        Get g => JourneyStep.Answer(View is null ? new NotFound(g.JourneyKey) : new Found(View)),
        Declare d when IsRecorded => JourneyStep.Answer(new Declared(d.JourneyKey, DeclarationVerdict.AlreadyRecorded,
            $"operator_journey_id {View!.OperatorJourneyId} is already recorded.",
            [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already recorded")], null)),
        Declare => JourneyStep.Decide,
        // A batch decided and logged the journey: the same leaf again is a retried batch; another leaf is another declaration.
        Record r when IsRecorded => JourneyStep.Answer(Accepted!.LeafBase64 == r.Accepted.LeafBase64
            ? new Declared(r.JourneyKey, DeclarationVerdict.Recorded, null, [], View)
            : new Declared(r.JourneyKey, DeclarationVerdict.AlreadyRecorded, $"operator_journey_id {View!.OperatorJourneyId} is already recorded.",
                [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already recorded")], null)),
        Record r => JourneyStep.Store(r.Accepted),
        Flag f when !IsRecorded => JourneyStep.Answer(new Flagged(f.JourneyKey, FlagResult.NotFound, "No such journey.", null)),
        // A journey is revoked once; the same flag again is a harmless retry.
        Flag f when View!.Revocation is not null => JourneyStep.Answer(View.Status == f.Status
            ? new Flagged(f.JourneyKey, FlagResult.Flagged, null, View)
            : new Flagged(f.JourneyKey, FlagResult.Conflict, $"Already {View.Status}.", View)),
        Flag f => Revoke(f.Reason, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a journey command."),
    };

    /// <summary>The status-change leaf, sealed with the journey's salt when its leaf is sealed (v2), v1 otherwise.</summary>
    private JourneyStep Revoke(string reason, DateTimeOffset now)
    {
        var change = new StatusChange(View!.OperatorId, View.OperatorJourneyId,
            StatusChange.LeafHash(Convert.FromBase64String(Accepted!.LeafBase64)), StatusChange.Revoked, reason, UtcTimestamp.Truncate(now));
        var salt = Accepted.LeafSalt is { } s && Base64Url.TryDecode(s, SealedLeaf.SaltBytes, out var bytes) ? bytes : null;
        var (leaf, opening) = StatusChange.Seal(change, salt);
        return JourneyStep.Append(leaf, opening);
    }

    public JourneyState Apply(object e) => e switch
    {
        CarpoolEvents.JourneyAccepted a => new JourneyState(a, a.Journey),
        CarpoolEvents.JourneyFlagged f => this with { View = View! with { Status = f.Status, Revocation = f.Reason, RevocationLeafIndex = f.LeafIndex } },
        _ => this,
    };

    /// <summary>The recorded journey as each identity counts it (what its reservations commit).</summary>
    public IReadOnlyList<(string Identity, TripFacts Trip)> Trips()
    {
        var a = Accepted ?? throw new InvalidOperationException("no journey recorded");
        var v = a.Journey;
        var key = v.OperatorId + "/" + v.OperatorJourneyId;
        var driverTrip = new TripFacts(key, v.OperatorId, v.OperatorTripId, OccupantRole.Driver, a.PassengerKey, v.Start, v.End, v.ProofClass);
        return a.PassengerKey == a.DriverKey
            ? [(a.DriverKey, driverTrip)]
            : [(a.DriverKey, driverTrip), (a.PassengerKey, driverTrip with { Role = OccupantRole.Passenger, Counterpart = a.DriverKey })];
    }
}

/// <summary>What a journey command leads to: an answer now, the declaration's decision, a leaf to append (with its opening), or an acceptance to persist.</summary>
/// <see cref="Persist"/>: an acceptance decided elsewhere (a batch) to persist as is.
public sealed record JourneyStep(object? Reply, bool Decides, byte[]? Leaf, LeafOpening? Opening = null, CarpoolEvents.JourneyAccepted? Persist = null)
{
    public static JourneyStep Answer(object reply) => new(reply, false, null);

    public static JourneyStep Decide { get; } = new(null, true, null);

    public static JourneyStep Append(byte[] leaf, LeafOpening? opening = null) => new(null, false, leaf, opening);

    public static JourneyStep Store(CarpoolEvents.JourneyAccepted accepted) => new(null, false, null, null, accepted);
}
