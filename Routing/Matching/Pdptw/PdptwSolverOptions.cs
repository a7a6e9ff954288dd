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

/// <summary>How local search escapes local minima until the time limit.</summary>
public enum Metaheuristic
{
    GuidedLocalSearch,
    TabuSearch,
    SimulatedAnnealing,

    /// <summary>Stop at the first local minimum.</summary>
    None,
}

/// <summary>Search settings for <see cref="PdptwSolver"/>.</summary>
/// <param name="TimeLimit">Wall-clock limit for the whole search.</param>
/// <param name="TightSchedules">Report times with routes starting as late and ending as early as possible (costs
/// search speed: the schedule is re-optimised at every solution); otherwise any feasible times.</param>
public sealed record PdptwSolverOptions(
    TimeSpan TimeLimit,
    FirstSolution FirstSolution = FirstSolution.ParallelCheapestInsertion,
    Metaheuristic Metaheuristic = Metaheuristic.GuidedLocalSearch,
    bool TightSchedules = false)
{
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromHours(1);
}
