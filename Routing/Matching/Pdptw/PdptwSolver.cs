using Google.OrTools.ConstraintSolver;
using Google.OrTools.Util;
using Google.Protobuf.WellKnownTypes;

namespace Mobility.Routing.Matching.Pdptw;

/// <summary>
/// Solves a <see cref="PdptwProblem"/> with the OR-Tools routing library: one time dimension (service plus travel,
/// waiting allowed), one load dimension with per-vehicle capacities, pickup-and-delivery pairs on the same vehicle in
/// order, disjunctions for droppable requests, span bounds for detour budgets and ride-time bounds per request.
/// </summary>
public static class PdptwSolver
{
    private const string TimeDimension = "time";
    private const string LoadDimension = "load";

    /// <param name="initialRoutes">Optional starting solution: per vehicle, the node ids between its start and end.</param>
    public static PdptwSolution Solve(PdptwProblem problem, PdptwSolverOptions options, IReadOnlyList<IReadOnlyList<int>>? initialRoutes = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeLimit <= TimeSpan.Zero || options.TimeLimit > PdptwSolverOptions.MaxTimeLimit)
            throw new ArgumentOutOfRangeException(nameof(options), $"Time limit must be in (0, {PdptwSolverOptions.MaxTimeLimit}].");

        var n = problem.NodeCount;
        var vehicles = problem.Vehicles;
        var starts = vehicles.Select(v => v.Start).ToArray();
        var ends = vehicles.Select(v => v.End).ToArray();
        using var manager = new RoutingIndexManager(n, vehicles.Count, starts, ends);
        using var routing = new RoutingModel(manager);
        var solver = routing.solver();

        // Matrices are handed to the native side once: a managed callback per arc evaluation is far slower.
        var costMatrix = new long[n][];
        var timeMatrix = new long[n][];
        for (var i = 0; i < n; i++)
        {
            costMatrix[i] = new long[n];
            timeMatrix[i] = new long[n];
            var service = problem.Nodes[i].Service;
            for (var j = 0; j < n; j++)
            {
                costMatrix[i][j] = problem.Cost(i, j);
                timeMatrix[i][j] = i == j ? 0 : service + problem.Travel(i, j);
            }
        }

        var costCallback = routing.RegisterTransitMatrix(costMatrix);
        routing.SetArcCostEvaluatorOfAllVehicles(costCallback);
        for (var v = 0; v < vehicles.Count; v++)
        {
            if (vehicles[v].FixedCost > 0) routing.SetFixedCostOfVehicle(vehicles[v].FixedCost, v);
        }

        var timeCallback = routing.RegisterTransitMatrix(timeMatrix);
        routing.AddDimension(timeCallback, problem.Horizon, problem.Horizon, false, TimeDimension);
        var time = routing.GetDimensionOrDie(TimeDimension);

        var demands = problem.Nodes.Select(x => (long)x.Demand).ToArray();
        var loadCallback = routing.RegisterUnaryTransitVector(demands);
        routing.AddDimensionWithVehicleCapacity(loadCallback, 0, vehicles.Select(v => (long)v.Capacity).ToArray(), true, LoadDimension);

        var isStartOrEnd = new bool[n];
        foreach (var v in vehicles) isStartOrEnd[v.Start] = isStartOrEnd[v.End] = true;
        for (var node = 0; node < n; node++)
        {
            if (isStartOrEnd[node]) continue;
            var nd = problem.Nodes[node];
            time.CumulVar(manager.NodeToIndex(node)).SetRange(nd.Earliest, nd.Latest);
        }

        for (var v = 0; v < vehicles.Count; v++)
        {
            var s = problem.Nodes[vehicles[v].Start];
            var e = problem.Nodes[vehicles[v].End];
            time.CumulVar(routing.Start(v)).SetRange(s.Earliest, s.Latest);
            time.CumulVar(routing.End(v)).SetRange(e.Earliest, e.Latest);
            if (vehicles[v].MaxSpan < problem.Horizon) time.SetSpanUpperBoundForVehicle(vehicles[v].MaxSpan, v);

            if (options.TightSchedules)
            {
                // Start as late as possible and end as early as possible: keeps reported times free of needless waiting.
                routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.End(v)));
                routing.AddVariableMaximizedByFinalizer(time.CumulVar(routing.Start(v)));
            }
        }

        foreach (var r in problem.Requests)
        {
            var p = manager.NodeToIndex(r.Pickup);
            var d = manager.NodeToIndex(r.Delivery);
            // The routing layer keeps a pair on one route, pickup first (its filters are cheaper than extra constraints).
            routing.AddPickupAndDelivery(p, d);
            if (r.DropPenalty >= 0)
            {
                // The pair is served whole or not at all (same vehicle var, -1 when unperformed): split the penalty.
                var half = r.DropPenalty / 2;
                routing.AddDisjunction([p], half);
                routing.AddDisjunction([d], r.DropPenalty - half);
            }

            if (r.MaxRideTime < problem.Horizon)
            {
                // Only binding when the request is served: inactive nodes keep free cumuls.
                var ride = solver.MakeDifference(time.CumulVar(d), time.CumulVar(p));
                var slack = solver.MakeProd(solver.MakeDifference(1, routing.ActiveVar(p)), problem.Horizon);
                solver.Add(solver.MakeLessOrEqual(ride, solver.MakeSum(slack, r.MaxRideTime)));
            }

            if (r.AllowedVehicles is { } allowed)
            {
                var values = allowed.Select(a => (long)a).Append(-1).ToArray();
                routing.VehicleVar(p).SetValues(values);
                routing.VehicleVar(d).SetValues(values);
            }
        }

        var parameters = operations_research_constraint_solver.DefaultRoutingSearchParameters();
        parameters.FirstSolutionStrategy = options.FirstSolution switch
        {
            FirstSolution.LocalCheapestInsertion => FirstSolutionStrategy.Types.Value.LocalCheapestInsertion,
            FirstSolution.PathCheapestArc => FirstSolutionStrategy.Types.Value.PathCheapestArc,
            _ => FirstSolutionStrategy.Types.Value.ParallelCheapestInsertion,
        };
        parameters.LocalSearchMetaheuristic = options.Metaheuristic switch
        {
            Metaheuristic.TabuSearch => LocalSearchMetaheuristic.Types.Value.TabuSearch,
            Metaheuristic.SimulatedAnnealing => LocalSearchMetaheuristic.Types.Value.SimulatedAnnealing,
            Metaheuristic.None => LocalSearchMetaheuristic.Types.Value.GreedyDescent,
            _ => LocalSearchMetaheuristic.Types.Value.GuidedLocalSearch,
        };
        // Ruin-and-recreate of close nodes and expensive chains (off by default in OR-Tools) lets the search move
        // whole groups of pairs between routes; on Li & Lim type-2 instances (long routes) it is the difference between
        // stalling at the first local minimum and reaching the best-known results.
        var operators = parameters.LocalSearchOperators;
        operators.UseLocalCheapestInsertionCloseNodesLns = OptionalBoolean.BoolTrue;
        operators.UseGlobalCheapestInsertionCloseNodesLns = OptionalBoolean.BoolTrue;
        operators.UseLocalCheapestInsertionExpensiveChainLns = OptionalBoolean.BoolTrue;
        parameters.TimeLimit = Duration.FromTimeSpan(options.TimeLimit);

        Assignment? assignment = null;
        if (initialRoutes is not null)
        {
            if (initialRoutes.Count > vehicles.Count) throw new ArgumentException("More initial routes than vehicles.", nameof(initialRoutes));
            var indices = Enumerable.Range(0, vehicles.Count)
                .Select(v => v < initialRoutes.Count ? initialRoutes[v].Select(node => manager.NodeToIndex(node)).ToArray() : [])
                .ToArray();
            routing.CloseModelWithParameters(parameters);
            var start = routing.ReadAssignmentFromRoutes(indices, true);
            if (start is null) return new PdptwSolution([], Enumerable.Range(0, problem.Requests.Count).ToArray(), 0, PdptwStatus.NoSolution);
            assignment = routing.SolveFromAssignmentWithParameters(start, parameters);
        }

        assignment ??= routing.SolveWithParameters(parameters);
        if (assignment is null)
            return new PdptwSolution([], Enumerable.Range(0, problem.Requests.Count).ToArray(), 0, PdptwStatus.NoSolution);

        var routes = new List<PdptwRoute>(vehicles.Count);
        var served = new bool[n];
        for (var v = 0; v < vehicles.Count; v++)
        {
            var visits = new List<PdptwVisit>();
            var index = routing.Start(v);
            while (true)
            {
                var node = manager.IndexToNode(index);
                visits.Add(new PdptwVisit(node, assignment.Min(time.CumulVar(index))));
                served[node] = true;
                if (routing.IsEnd(index)) break;
                index = assignment.Value(routing.NextVar(index));
            }

            routes.Add(new PdptwRoute(v, visits));
        }

        var dropped = new List<int>();
        for (var i = 0; i < problem.Requests.Count; i++)
        {
            if (!served[problem.Requests[i].Pickup]) dropped.Add(i);
        }

        return new PdptwSolution(routes, dropped, assignment.ObjectiveValue(), PdptwStatus.Solved);
    }
}
