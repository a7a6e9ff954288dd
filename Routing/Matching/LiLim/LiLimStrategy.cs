using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.LiLim;

/// <summary>How <see cref="LiLimSolver"/> splits its time limit between its phases.</summary>
/// <param name="ConstructionShare">Vehicles-first construction and search.</param>
/// <param name="EliminationShare">Route elimination attempts, at most <paramref name="EliminationSlice"/> each.</param>
/// <param name="ImprovementMetaheuristic">Metaheuristic of the elimination and distance phases.</param>
/// <param name="LnsShare">Share of the distance phase given to the large neighbourhood search, after OR-Tools.</param>
/// <param name="Seed">Seed of the large neighbourhood search.</param>
/// <param name="LnsElimination">Route elimination by the large neighbourhood search (default) rather than OR-Tools.</param>
public sealed record LiLimStrategy(
    double ConstructionShare,
    double EliminationShare,
    double EliminationSlice,
    Metaheuristic ImprovementMetaheuristic,
    double LnsShare = 0.5,
    int Seed = 1,
    bool LnsElimination = true)
{
    public static LiLimStrategy Default { get; } = new(0.15, 0.45, 0.15, Metaheuristic.GuidedLocalSearch);
}
