using System.Collections.Concurrent;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>
/// Refuses a statement whose challenge or nonce was already used by an accepted declaration: a replayed statement, or
/// the same exchange re-signed over changed content, carries a value seen before. Pick-up challenges are shared by
/// the two occupants of one journey, so a challenge is bound to the first journey that used it.
/// </summary>
public sealed class ReplayGuard
{
    private readonly ConcurrentDictionary<string, string> _challenges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _nonces = new(StringComparer.Ordinal);

    /// <summary>Values already used by another journey, described for the refusal; empty when the evidence is fresh.</summary>
    public IReadOnlyList<string> FindReplays(string journeyKey, JourneyEvidence evidence)
    {
        List<string>? replays = null;
        foreach (var p in evidence.Pickups)
            if (_challenges.TryGetValue(p.Challenge, out var owner) && owner != journeyKey)
                (replays ??= []).Add($"pickup challenge of {p.Role} already used by {owner}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in evidence.Dropoffs)
        {
            if (_nonces.ContainsKey(d.Nonce) || !seen.Add(d.Nonce))
                (replays ??= []).Add($"dropoff nonce of {d.Role} already used");
        }
        if (evidence.Pickups.Count == 2 && evidence.Pickups[0].Role == evidence.Pickups[1].Role)
            (replays ??= []).Add("two pick-up statements of the same role");
        return replays ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Records the evidence of an accepted declaration.</summary>
    public void Record(string journeyKey, JourneyEvidence evidence)
    {
        foreach (var p in evidence.Pickups) _challenges.TryAdd(p.Challenge, journeyKey);
        foreach (var d in evidence.Dropoffs) _nonces.TryAdd(d.Nonce, journeyKey);
    }

    /// <summary>Restores a value recorded earlier (kind "challenge" or "nonce"), on restart.</summary>
    public void Remember(string kind, string value, string journeyKey)
    {
        if (kind == ChallengeKind) _challenges.TryAdd(value, journeyKey);
        else if (kind == NonceKind) _nonces.TryAdd(value, journeyKey);
        else throw new ArgumentException($"unknown kind {kind}", nameof(kind));
    }

    /// <summary>Forgets everything (before reloading from the store).</summary>
    public void Clear()
    {
        _challenges.Clear();
        _nonces.Clear();
    }

    public const string ChallengeKind = "challenge";
    public const string NonceKind = "nonce";

    public int Count => _challenges.Count + _nonces.Count;
}
