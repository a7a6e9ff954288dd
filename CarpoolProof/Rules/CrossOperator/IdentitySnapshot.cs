namespace Mobility.CarpoolProof.Rules.CrossOperator;

/// <summary>
/// What a batch of declarations needs of one identity to judge its journeys exactly as the identity would, one after
/// the other (<see cref="IdentityState.Snapshot"/>, <see cref="IdentityState.FromSnapshot"/>): every journey the rules
/// still weigh (at most <see cref="IdentityState.MaxTrips"/>, oldest first), and of the batch's own journey keys and
/// evidence values, those the identity already holds. The identity entity answers one for the whole batch instead
/// of one answer per declaration (docs/proofs.md, "Batches as a unit").
/// </summary>
public sealed record IdentitySnapshot(string IdentityKey, IReadOnlyList<TripFacts> Trips, IReadOnlyList<UsedValue> UsedValues, IReadOnlyList<string> KnownJourneys);

/// <summary>An evidence value ("challenge:..." or "nonce:...") and the journey of this identity that used it.</summary>
public sealed record UsedValue(string Value, string JourneyKey);
