namespace Mobility.Routing.Matching.Carpool;

public enum StopKind
{
    Pickup,
    Dropoff,
}

/// <summary>A stop of a driver's plan: where a rider boards or alights, and when.</summary>
public sealed record PlannedStop(RequestId Request, StopKind Kind, GeoPoint Position, DateTimeOffset Time);

/// <summary>A driver's matched trip: departure, the riders' stops in order, arrival, and the detour it costs.</summary>
public sealed record DriverPlan(
    OfferId Offer,
    DateTimeOffset Departure,
    IReadOnlyList<PlannedStop> Stops,
    DateTimeOffset Arrival,
    TimeSpan DirectTime)
{
    /// <summary>Extra time over the direct trip, waiting included.</summary>
    public TimeSpan Detour => Arrival - Departure - DirectTime;
}

/// <summary>An input that was refused before matching, with the reasons.</summary>
public sealed record Refusal(string Id, IReadOnlyList<string> Reasons);

/// <summary>A valid request the matcher did not serve, and why.</summary>
public sealed record UnservedRequest(RequestId Request, string Reason);

/// <summary>The matcher's answer. Every valid request is either in exactly one plan or in <see cref="Unserved"/>.</summary>
public sealed record CarpoolMatching(
    IReadOnlyList<DriverPlan> Plans,
    IReadOnlyList<UnservedRequest> Unserved,
    IReadOnlyList<Refusal> RefusedOffers,
    IReadOnlyList<Refusal> RefusedRequests,
    CarpoolMatchingStats Stats)
{
    public int ServedCount => Plans.Sum(p => p.Stops.Count(s => s.Kind == StopKind.Pickup));
}

/// <summary>How the matching went: candidate pairs, sub-problems solved and time taken.</summary>
public sealed record CarpoolMatchingStats(int CandidatePairs, int SubProblems, int LargestSubProblemNodes, TimeSpan Elapsed, TimeSpan CandidatesElapsed = default, TimeSpan FirstPassElapsed = default);
