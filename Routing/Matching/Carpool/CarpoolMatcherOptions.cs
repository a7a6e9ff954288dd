using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Carpool;

/// <summary>Settings of <see cref="CarpoolMatcher"/>.</summary>
/// <param name="TimeLimit">Wall-clock budget for the whole matching.</param>
/// <param name="BoardingTime">Time spent at each pickup or dropoff.</param>
/// <param name="CandidatesPerRequest">Best drivers kept per request before optimisation (by added detour).</param>
/// <param name="MaxSubProblemSize">Drivers plus requests in one sub-problem handed to OR-Tools.</param>
/// <param name="MaxDegreeOfParallelism">Sub-problems solved at once; 0 for one per core.</param>
/// <param name="FirstSolution">Construction heuristic of each sub-problem.</param>
public sealed record CarpoolMatcherOptions(
    TimeSpan TimeLimit,
    TimeSpan BoardingTime,
    int CandidatesPerRequest = 6,
    int MaxSubProblemSize = 60,
    int MaxDegreeOfParallelism = 0,
    FirstSolution FirstSolution = FirstSolution.LocalCheapestInsertion)
{
    public static CarpoolMatcherOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
}
