namespace Mobility.Routing.Matching.Pdptw;

/// <summary>One visit of a route: the node and the time service starts there (in the problem's unit).</summary>
public readonly record struct PdptwVisit(int Node, long Time);

/// <summary>A vehicle's route: start node, served stops in order, end node, each with its service start time.</summary>
public sealed record PdptwRoute(int Vehicle, IReadOnlyList<PdptwVisit> Visits)
{
    /// <summary>The stops between the vehicle's start and end.</summary>
    public IEnumerable<PdptwVisit> Stops => Visits.Skip(1).Take(Math.Max(0, Visits.Count - 2));

    public bool IsUsed => Visits.Count > 2;
}

/// <summary>What the solver found: one route per vehicle, the requests it dropped and the objective.</summary>
public sealed record PdptwSolution(
    IReadOnlyList<PdptwRoute> Routes,
    IReadOnlyList<int> DroppedRequests,
    long Objective,
    PdptwStatus Status);

public enum PdptwStatus
{
    /// <summary>A solution was found within the time limit.</summary>
    Solved,

    /// <summary>No feasible solution was found (for example mandatory requests that cannot be met).</summary>
    NoSolution,
}
