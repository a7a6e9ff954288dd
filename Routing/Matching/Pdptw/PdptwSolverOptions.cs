namespace Mobility.Routing.Matching.Pdptw;

/// <summary>How the first solution is built before local search improves it.</summary>
public enum FirstSolution
{
    /// <summary>Inserts requests into all routes at once, cheapest pair position first (good for PDPTW).</summary>
    ParallelCheapestInsertion,

    /// <summary>Inserts requests one by one at their cheapest position (faster on large instances).</summary>
    LocalCheapestInsertion,

    /// <summary>Extends each route with the cheapest next arc.</summary>
    PathCheapestArc,
}

/// <summary>Search settings for <see cref="PdptwSolver"/>.</summary>
/// <param name="TimeLimit">Wall-clock limit for the whole search.</param>
/// <param name="GuidedLocalSearch">Escape local minima with guided local search until the time limit; otherwise stop at the first local minimum.</param>
public sealed record PdptwSolverOptions(
    TimeSpan TimeLimit,
    FirstSolution FirstSolution = FirstSolution.ParallelCheapestInsertion,
    bool GuidedLocalSearch = true)
{
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromHours(1);
}
