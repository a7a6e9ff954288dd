using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.LiLim;

/// <summary>How <see cref="LiLimSolver"/> splits its time limit between its phases.</summary>
/// <param name="ConstructionShare">Vehicles-first construction and search.</param>
/// <param name="EliminationShare">Route elimination attempts, at most <paramref name="EliminationSlice"/> each.</param>
/// <param name="ImprovementMetaheuristic">Metaheuristic of the elimination and distance phases.</param>
public sealed record LiLimStrategy(
    double ConstructionShare,
    double EliminationShare,
    double EliminationSlice,
    Metaheuristic ImprovementMetaheuristic)
{
    public static LiLimStrategy Default { get; } = new(0.15, 0.45, 0.15, Metaheuristic.GuidedLocalSearch);
}
