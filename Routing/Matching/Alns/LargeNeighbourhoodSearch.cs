using System.Diagnostics;
using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Alns;

/// <summary>Limits of a <see cref="LargeNeighbourhoodSearch"/> run; the search stops at whichever comes first.</summary>
/// <param name="Seed">Seed of the random choices: the same seed and iteration limit give the same result.</param>
/// <param name="StopWhenAllServed">Stop at the first solution that serves every request (route elimination).</param>
public sealed record LnsOptions(TimeSpan TimeLimit, int MaxIterations = int.MaxValue, int Seed = 1, bool StopWhenAllServed = false);

/// <summary>
/// Adaptive large neighbourhood search for a <see cref="PdptwProblem"/> (Ropke &amp; Pisinger, "An adaptive large
/// neighborhood search heuristic for the pickup and delivery problem with time windows", Transportation Science 40(4),
/// 2006): remove a few requests (random, worst, related), re-insert them by regret-k, accept by simulated annealing,
/// and adapt the operators' weights to their recent success. It improves a given solution under the problem's own
/// objective (fixed costs of used vehicles, arc costs, drop penalties) and never returns anything worse than it.
/// </summary>
public static class LargeNeighbourhoodSearch
{
    // Section 5: a solution 5 % worse than the start is accepted with probability 1/2 at first; the temperature falls
    // to 0.2 % of that over the run (the paper's 0.99975 per iteration over 25,000 iterations).
    private const double StartWorse = 0.05;
    private const double FinalTemperatureShare = 0.002;

    // At most 40 % of the requests, and at most 100, are removed at once (the paper's xi = 0.4).
    private const double RemovalShare = 0.4;
    private const int MinRemoved = 4;
    private const int MaxRemoved = 100;

    /// <param name="routes">Per vehicle, the node ids between its start and end; vehicles past the list start empty.</param>
    /// <exception cref="ArgumentException">The routes break a window, a capacity, a pairing or another rule.</exception>
    public static PdptwSolution Improve(PdptwProblem problem, IReadOnlyList<IReadOnlyList<int>> routes, LnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(options);
        if (routes.Count > problem.Vehicles.Count) throw new ArgumentException("More routes than vehicles.", nameof(routes));
        if (routes.Any(r => r.Any(node => (uint)node >= problem.NodeCount)))
            throw new ArgumentException("A route names a node outside the problem.", nameof(routes));
        var watch = Stopwatch.StartNew();
        var context = new SearchContext(problem);
        var current = new SearchState(context, routes);
        if (current.Fault() is { } fault) throw new ArgumentException($"The starting routes are not a solution: {fault}.", nameof(routes));
        var best = new SearchState(context, routes);
        var candidate = new SearchState(context, routes);
        var random = new Random(options.Seed);
        var requests = problem.Requests.Count;
        var maxRemoved = Math.Max(1, Math.Min(MaxRemoved, (int)(RemovalShare * requests)));
        var minRemoved = Math.Min(MinRemoved, maxRemoved);

        var removals = new OperatorWeights(Enum.GetValues<RemovalKind>().Length);
        int[] regrets = [1, 2, 3, problem.Vehicles.Count];
        var insertions = new OperatorWeights(regrets.Length);
        var noises = new OperatorWeights(2);
        var arcCost = current.Routes.Where(r => r.IsUsed).Sum(r => r.ArcCost);
        var startTemperature = Math.Max(1, StartWorse * arcCost / Math.Log(2));
        var currentObjective = current.Objective;
        var bestObjective = currentObjective;

        for (var iteration = 0; iteration < options.MaxIterations && requests > 0; iteration++)
        {
            var progress = Math.Max(watch.Elapsed / options.TimeLimit, (double)iteration / options.MaxIterations);
            if (progress >= 1) break;
            var temperature = startTemperature * Math.Pow(FinalTemperatureShare, progress);

            candidate.CopyFrom(current);
            var removal = removals.Pick(random);
            var insertion = insertions.Pick(random);
            var noise = noises.Pick(random);
            Removal.Apply((RemovalKind)removal, candidate, context, random.Next(minRemoved, maxRemoved + 1), random);
            RegretInsertion.Apply(candidate, context, regrets[insertion], noise == 1, random);

            var objective = candidate.Objective;
            var score = 0.0;
            if (objective < bestObjective)
            {
                best.CopyFrom(candidate);
                bestObjective = objective;
                score = OperatorWeights.NewBest;
                if (options.StopWhenAllServed && best.Unassigned.Count == 0) break;
            }
            else if (objective < currentObjective)
            {
                score = OperatorWeights.Better;
            }

            if (objective < currentObjective || random.NextDouble() < Math.Exp((currentObjective - objective) / temperature))
            {
                current.CopyFrom(candidate);
                currentObjective = objective;
                if (score == 0) score = OperatorWeights.Accepted;
            }

            removals.Record(removal, score);
            insertions.Record(insertion, score);
            noises.Record(noise, score);
        }

        return ToSolution(best, bestObjective);
    }

    private static PdptwSolution ToSolution(SearchState state, long objective)
    {
        var routes = state.Routes
            .Select(r => new PdptwRoute(r.Vehicle, r.Nodes.Select((node, k) => new PdptwVisit(node, r.TimeAt(k))).ToArray()))
            .ToArray();
        var dropped = state.Unassigned.Order().ToArray();
        return new PdptwSolution(routes, dropped, objective, PdptwStatus.Solved);
    }
}
