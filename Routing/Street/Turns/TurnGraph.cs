using Mobility.Routing.Street.Contraction;
using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Turns;

/// <summary>
/// The edge-based car graph: each node is a directed edge of the car graph (node i = car edge i), each arc a turn
/// from an edge onto the next one at their junction. A node's label is the cost of standing at the start of its edge,
/// ready to drive it, so an arc e -> f weighs the time of driving e plus the turn from e onto f. The arcs form an
/// ordinary <see cref="ProfileGraph"/>, so plain Dijkstra, bidirectional Dijkstra and the contraction hierarchy run on
/// it unchanged (the arc's geometry reference is that of e, the edge it drives). Turn restrictions carry over: the car
/// graph's split junction copies already leave only by the allowed edges. Immutable.
/// </summary>
internal sealed class TurnGraph
{
    /// <summary>The car graph whose edges are this graph's nodes.</summary>
    public required ProfileGraph Car { get; init; }

    /// <summary>The turn arcs (Tail = edge driven, Head = edge turned onto); node count = car edge count.</summary>
    public required ProfileGraph Arcs { get; init; }

    /// <summary>Car edges leaving street node x (any split copy of it): Leave[LeaveFirst[x] .. LeaveFirst[x+1]-1].</summary>
    public required int[] LeaveFirst { get; init; }

    public required int[] Leave { get; init; }

    /// <summary>Car edges arriving at street node x: Enter[EnterFirst[x] .. EnterFirst[x+1]-1].</summary>
    public required int[] EnterFirst { get; init; }

    public required int[] Enter { get; init; }

    public ContractionHierarchy? Hierarchy { get; set; }

    /// <summary>The turn cost (ms) of arc a: its weight less the time of driving its tail edge.</summary>
    public int TurnCost(int arc) => Arcs.Weight[arc] - Car.Weight[Arcs.Tail[arc]];

    public long Bytes =>
        Arcs.Bytes + (4L * (LeaveFirst.Length + Leave.Length + EnterFirst.Length + Enter.Length)) + (Hierarchy?.Bytes ?? 0);
}
