using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// The values of a declaration's evidence that must never serve twice: each pick-up challenge and drop-off nonce,
/// written "challenge:VALUE" and "nonce:VALUE". An identity binds the values of its journeys
/// (<see cref="Rules.CrossOperator.IdentityState"/>): a statement replayed, or re-signed over a used exchange, in
/// another journey of the same person carries one of them and is refused (docs/proofs.md, "Replays").
/// </summary>
public static class EvidenceValues
{
    public const string ChallengeKind = "challenge";
    public const string NonceKind = "nonce";

    public static string[] Of(JourneyEvidence evidence) =>
        [.. evidence.Pickups.Select(p => ChallengeKind + ":" + p.Challenge)
            .Concat(evidence.Dropoffs.Select(d => NonceKind + ":" + d.Nonce))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Splits "kind:value" (as a store keeps them).</summary>
    public static (string Kind, string Value) Split(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (string.Empty, value) : (value[..colon], value[(colon + 1)..]);
    }

    public static string Join(string kind, string value) => kind + ":" + value;

    /// <summary>
    /// What one declaration's evidence cannot hold at all: two statements of one role for the same step, or one
    /// drop-off nonce twice (a statement duplicated inside the declaration). Null when none.
    /// </summary>
    public static string? InnerReplay(JourneyEvidence evidence)
    {
        if (evidence.Pickups.Count == 2 && evidence.Pickups[0].Role == evidence.Pickups[1].Role)
            return "two pick-up statements of the same role";
        if (evidence.Dropoffs.Count == 2 && evidence.Dropoffs[0].Role == evidence.Dropoffs[1].Role)
            return "two drop-off statements of the same role";
        if (evidence.Dropoffs.Count == 2 && evidence.Dropoffs[0].Nonce == evidence.Dropoffs[1].Nonce)
            return "one drop-off nonce used twice";
        return null;
    }
}
