using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// Judges a batch's examined declarations as a unit (docs/proofs.md, "Batches as a unit"): in batch order, each
/// against its identities as the earlier declarations of the batch left them, exactly as
/// <see cref="JourneyDecider.Judge"/> one by one. The cluster takes one snapshot per identity the batch touches
/// (<see cref="IdentityState.Snapshot"/>), judges here, and then writes each identity once with all its journeys of
/// the batch, instead of reserving and committing identities declaration by declaration.
/// </summary>
public static class BatchJudge
{
    /// <summary>The batch's decision: one judgement per declaration, in order, and what each identity records.</summary>
    /// <param name="Trips">Per identity, the journeys it records (with their evidence values), in batch order.</param>
    public sealed record Decision(IReadOnlyList<Judgement> Judgements, IReadOnlyDictionary<string, List<(TripFacts Trip, IReadOnlyList<string> Values)>> Trips);

    /// <summary>The refusal of a declaration whose journey is already recorded (the registry's 409).</summary>
    public static Judgement Duplicate(string detail) =>
        Judgement.Refuse([new RuleViolation(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, detail)]);

    /// <param name="examined">The batch's declarations, examined (<see cref="JourneyDecider.Examine"/>), in batch order.</param>
    /// <param name="recorded">Journey keys already recorded before the batch: their declarations are duplicates.</param>
    /// <param name="identities">A state per identity the batch names (copies: they are changed as journeys are recorded);
    /// an identity missing here is one with no journey yet.</param>
    public static Decision Judge(IReadOnlyList<Examination> examined, IReadOnlySet<string> recorded, IDictionary<string, IdentityState> identities, DateTimeOffset now)
    {
        var judgements = new Judgement[examined.Count];
        var trips = new Dictionary<string, List<(TripFacts, IReadOnlyList<string>)>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < examined.Count; i++)
        {
            var e = examined[i];
            if (e.Refused || e.Declaration is null)
            {
                judgements[i] = Judgement.Refuse(e.Violations);
                continue;
            }

            if (recorded.Contains(e.JourneyKey) || seen.Contains(e.JourneyKey))
            {
                judgements[i] = Duplicate("operator_journey_id already recorded");
                continue;
            }

            var occupants = e.Trips();
            var judged = JourneyDecider.Judge(e, [.. occupants.Select(o => identities.TryGetValue(o.Identity, out var s) ? s.Answer(o.Trip, e.Values) : IdentityAnswer.None)], now);
            judgements[i] = judged;
            if (!judged.Recorded)
            {
                continue;
            }

            seen.Add(e.JourneyKey);
            foreach (var (identity, trip) in occupants)
            {
                if (!identities.TryGetValue(identity, out var state))
                {
                    identities[identity] = state = new IdentityState(identity);
                }

                foreach (var ev in state.Process(new IdentityCommands.Record(identity, trip, e.Values)))
                {
                    state.Apply(ev);
                }

                if (!trips.TryGetValue(identity, out var list))
                {
                    trips[identity] = list = [];
                }

                list.Add((trip, e.Values));
            }
        }

        return new Decision(judgements, trips);
    }
}
