namespace Mobility.Routing.Matching.Pdptw;

/// <summary>One stop of a pickup-and-delivery problem: a time window, a service duration and a load change.</summary>
/// <remarks>All quantities are integers in the caller's unit (seconds for carpool, scaled distance for Li &amp; Lim).</remarks>
public readonly record struct PdptwNode(long Earliest, long Latest, long Service, int Demand);

/// <summary>A vehicle starting at node <paramref name="Start"/> and ending at node <paramref name="End"/>.</summary>
/// <param name="FixedCost">Paid once when the vehicle serves at least one request (vehicles-first objectives).</param>
/// <param name="MaxSpan">Upper bound on end time minus start time (carpool detour budget); <see cref="long.MaxValue"/> for none.</param>
public readonly record struct PdptwVehicle(int Start, int End, int Capacity, long FixedCost, long MaxSpan);

/// <summary>A transport request: its pickup must precede its delivery on the same vehicle.</summary>
/// <param name="DropPenalty">Cost of leaving the request unserved; negative means the request is mandatory.</param>
/// <param name="MaxRideTime">Upper bound on delivery time minus pickup time; <see cref="long.MaxValue"/> for none.</param>
/// <param name="AllowedVehicles">Vehicles that may serve the request; null for all.</param>
public sealed record PdptwRequest(int Pickup, int Delivery, long DropPenalty, long MaxRideTime, IReadOnlyList<int>? AllowedVehicles = null);

/// <summary>
/// A pickup-and-delivery problem with time windows over a dense integer matrix. Arc (i, j) takes
/// <c>Service(i) + Travel(i, j)</c> time and costs <c>Cost(i, j)</c>; the objective is fixed vehicle costs plus arc
/// costs plus the penalties of dropped requests.
/// </summary>
public sealed class PdptwProblem
{
    private readonly long[] _travel;
    private readonly long[] _cost;

    public PdptwProblem(
        IReadOnlyList<PdptwNode> nodes,
        IReadOnlyList<PdptwVehicle> vehicles,
        IReadOnlyList<PdptwRequest> requests,
        long[] travel,
        long[]? cost,
        long horizon)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(vehicles);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(travel);
        var n = nodes.Count;
        if (n == 0) throw new ArgumentException("A problem needs at least one node.", nameof(nodes));
        if (vehicles.Count == 0) throw new ArgumentException("A problem needs at least one vehicle.", nameof(vehicles));
        if (travel.LongLength != (long)n * n) throw new ArgumentException($"Travel matrix must be {n}x{n}.", nameof(travel));
        if (cost is not null && cost.LongLength != (long)n * n) throw new ArgumentException($"Cost matrix must be {n}x{n}.", nameof(cost));
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), "Horizon must be positive.");
        foreach (var v in vehicles)
        {
            if ((uint)v.Start >= n || (uint)v.End >= n) throw new ArgumentException("Vehicle start or end outside the node range.", nameof(vehicles));
            if (v.Capacity < 0) throw new ArgumentException("Vehicle capacity must not be negative.", nameof(vehicles));
        }

        var seen = new bool[n];
        foreach (var r in requests)
        {
            if ((uint)r.Pickup >= n || (uint)r.Delivery >= n || r.Pickup == r.Delivery)
                throw new ArgumentException($"Request {r.Pickup}->{r.Delivery} has invalid nodes.", nameof(requests));
            if (seen[r.Pickup] || seen[r.Delivery])
                throw new ArgumentException($"Node used by two requests ({r.Pickup}->{r.Delivery}).", nameof(requests));
            seen[r.Pickup] = seen[r.Delivery] = true;
            if (r.AllowedVehicles is { } allowed && allowed.Any(a => (uint)a >= vehicles.Count))
                throw new ArgumentException("Allowed vehicle outside the vehicle range.", nameof(requests));
        }

        foreach (var nd in nodes)
        {
            if (nd.Earliest > nd.Latest) throw new ArgumentException("A node has an empty time window.", nameof(nodes));
            if (nd.Service < 0) throw new ArgumentException("A node has a negative service time.", nameof(nodes));
        }

        Nodes = nodes;
        Vehicles = vehicles;
        Requests = requests;
        _travel = travel;
        _cost = cost ?? travel;
        Horizon = horizon;
    }

    public IReadOnlyList<PdptwNode> Nodes { get; }
    public IReadOnlyList<PdptwVehicle> Vehicles { get; }
    public IReadOnlyList<PdptwRequest> Requests { get; }
    public long Horizon { get; }
    public int NodeCount => Nodes.Count;

    public long Travel(int from, int to) => _travel[(from * NodeCount) + to];
    public long Cost(int from, int to) => _cost[(from * NodeCount) + to];
}
