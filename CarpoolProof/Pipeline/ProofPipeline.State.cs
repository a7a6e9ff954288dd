using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>Later flags, the in-memory state (journeys, identities, replays) and its recovery from the store.</summary>
public sealed partial class ProofPipeline
{
    /// <summary>
    /// A later flag on a recorded journey (cancellation, fraud found): appends a status-change leaf that revokes its
    /// attestation and withdraws the journey from the identities' counts. Returns the leaf index, or null when the
    /// journey is unknown or already revoked.
    /// </summary>
    public long? Flag(string operatorId, string operatorJourneyId, string status, string reason)
    {
        if (status is not (JourneyStatus.Canceled or JourneyStatus.FraudError))
            throw new ArgumentException("status is canceled or fraud_error", nameof(status));
        lock (_gate)
        {
            var key = operatorId + "/" + operatorJourneyId;
            if (!_journeys.TryGetValue(key, out var record) || record.Status is JourneyStatus.Canceled) return null;
            var leaf = new StatusChange(operatorId, operatorJourneyId, record.LeafHash, StatusChange.Revoked, reason,
                Evidence.UtcTimestamp.Truncate(_time.GetUtcNow())).LeafBytes();
            var index = _log.Size;
            try
            {
                _store?.Save(new ProofStore.BatchWrite([], [], [(index, key, status, reason)]));
                if (_log.AppendBatch([leaf]) != index) throw new InvalidOperationException("log appended by another writer");
            }
            catch
            {
                RollBackToLog();
                throw;
            }
            _journeys[key] = record with { Status = status };
            foreach (var identity in new[] { record.Driver, record.Passenger }.Distinct())
                if (_identities.TryGetValue(identity, out var state))
                    foreach (var e in state.Process(new IdentityCommands.Revoke(identity, key, reason))) state.Apply(e);
            return index;
        }
    }

    public JourneyRecord? Find(string operatorId, string operatorJourneyId) =>
        _journeys.GetValueOrDefault(operatorId + "/" + operatorJourneyId);

    private IdentityAnswer Answer(string identity, TripFacts trip, IReadOnlyList<string> values) =>
        _identities.TryGetValue(identity, out var state) ? state.Answer(trip, values) : IdentityAnswer.None;

    private IdentityState Identity(string identity)
    {
        if (!_identities.TryGetValue(identity, out var state)) _identities[identity] = state = new IdentityState(identity);
        return state;
    }

    private void Record(string identity, TripFacts trip, IReadOnlyList<string>? values = null)
    {
        var state = Identity(identity);
        foreach (var e in state.Process(new IdentityCommands.Record(identity, trip, values))) state.Apply(e);
    }

    private static DeclarationOutcome Refuse(SignedDeclaration? d, IReadOnlyList<RuleViolation> violations) =>
        new(d?.OperatorId ?? "", d?.Journey?.OperatorJourneyId ?? "", OutcomeKind.Refused, null, null, violations, [], null,
            Judgement.Refuse(violations).Detail);

    /// <summary>After a failed append: cut the store back to the log and rebuild the in-memory state from it.</summary>
    private void RollBackToLog()
    {
        _journeys.Clear();
        _identities.Clear();
        if (_store is null) return; // in memory only: nothing to rebuild from; the caller sees the exception
        _store.TruncateFrom(_log.Size);
        Reload(_store);
    }

    private void Reload(ProofStore store)
    {
        foreach (var r in store.Journeys())
        {
            _journeys[r.JourneyKey] = r;
            if (r.Status == JourneyStatus.Canceled) continue;
            Record(r.Driver, new TripFacts(r.JourneyKey, r.OperatorId, r.OperatorTripId, OccupantRole.Driver, r.Passenger, r.Start, r.End, r.ProofClass));
            if (r.Passenger != r.Driver)
                Record(r.Passenger, new TripFacts(r.JourneyKey, r.OperatorId, r.OperatorTripId, OccupantRole.Passenger, r.Driver, r.Start, r.End, r.ProofClass));
        }
        // Evidence values belong to the identities of the journey that used them (a canceled journey's too).
        foreach (var (value, kind, journey) in store.UsedValues())
        {
            if (!_journeys.TryGetValue(journey, out var r)) continue;
            foreach (var identity in new[] { r.Driver, r.Passenger }.Distinct(StringComparer.Ordinal))
                Identity(identity).Remember(journey, [EvidenceValues.Join(kind, value)]);
        }
    }
}
