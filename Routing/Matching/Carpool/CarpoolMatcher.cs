using System.Collections.Concurrent;
using System.Diagnostics;
using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Carpool;

/// <summary>
/// Assigns riders to drivers. Invalid inputs are refused with reasons; candidate drivers are found per request;
/// the candidate graph is cut into bounded sub-problems, each solved by OR-Tools as a multi-depot PDPTW (every
/// driver starts at its origin and ends at its destination) with seats, time windows, detour budgets as route span
/// bounds and ride-time bounds; requests that cannot all be served are dropped at a penalty and reported.
/// </summary>
public sealed class CarpoolMatcher(ITravelTimeModel model, TimeProvider clock)
{
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan MinPartTime = TimeSpan.FromMilliseconds(30);

    public CarpoolMatching Match(IReadOnlyList<DriverOffer> offers, IReadOnlyList<RiderRequest> requests, CarpoolMatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var deadline = options.TimeLimit;
        var now = clock.GetUtcNow();

        var refusedOffers = new List<Refusal>();
        var validOffers = Accept(offers, o => o.Id.Value, o => CarpoolValidation.Validate(o, now), refusedOffers);
        var refusedRequests = new List<Refusal>();
        var validRequests = Accept(requests, r => r.Id.Value, r => CarpoolValidation.Validate(r, now), refusedRequests);

        var timeline = new CarpoolTimeline(validOffers, validRequests, now, model, options.BoardingTime);
        var dop = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var candidates = CandidateFinder.Find(timeline, Math.Max(1, options.CandidatesPerRequest), dop);
        var (parts, orphans) = SubProblemPartitioner.Partition(validOffers.Count, candidates, Math.Max(2, options.MaxSubProblemSize));

        var candidatesElapsed = watch.Elapsed;
        var unserved = new List<UnservedRequest>();
        for (var r = 0; r < validRequests.Count; r++)
        {
            if (candidates[r].Count == 0)
                unserved.Add(new UnservedRequest(validRequests[r].Id, "no driver can serve it within its windows, seats, ride time and detour budget"));
        }

        foreach (var r in orphans)
            unserved.Add(new UnservedRequest(validRequests[r].Id, "its candidate drivers are all in saturated sub-problems"));

        // Pass 1: a greedy insertion answers every part in milliseconds. Pass 2: OR-Tools (first solution, then
        // guided local search) from that answer with the time left, shared in proportion to part size.
        var models = new CarpoolPart[parts.Count];
        var solutions = new PdptwSolution?[parts.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = dop };
        Parallel.For(0, parts.Count, parallel, i =>
        {
            models[i] = new CarpoolPart(timeline, candidates, parts[i]);
            solutions[i] = GreedyInsertion.Solve(models[i].Problem);
        });
        var firstPassElapsed = watch.Elapsed;
        var toImprove = Enumerable.Range(0, parts.Count).Where(i => solutions[i] is { Status: PdptwStatus.Solved }).ToList();
        RunPass(toImprove, parts, parallel, watch, deadline - SafetyMargin, dop, (i, limit) =>
        {
            var improved = PdptwSolver.Solve(models[i].Problem, new PdptwSolverOptions(limit, options.FirstSolution, Metaheuristic.GuidedLocalSearch, TightSchedules: true), CarpoolPart.Routes(solutions[i]!));
            if (improved.Status == PdptwStatus.Solved && improved.Objective <= solutions[i]!.Objective) solutions[i] = improved;
        });

        var plans = new List<DriverPlan>();
        for (var i = 0; i < parts.Count; i++)
        {
            if (solutions[i] is { Status: PdptwStatus.Solved } solved) models[i].Collect(solved, plans, unserved);
            else models[i].ReportAll("the time budget ran out before its sub-problem was solved", unserved);
        }

        var planList = plans.OrderBy(p => p.Offer.Value, StringComparer.Ordinal).ToList();
        var planned = new HashSet<OfferId>(planList.Select(p => p.Offer));
        for (var d = 0; d < validOffers.Count; d++)
        {
            if (planned.Contains(validOffers[d].Id)) continue;
            var dep = timeline.DepartEarliest[d];
            planList.Add(new DriverPlan(validOffers[d].Id, timeline.At(dep), [], timeline.At(dep + timeline.DirectOffer[d]), TimeSpan.FromSeconds(timeline.DirectOffer[d])));
        }

        var stats = new CarpoolMatchingStats(candidates.Sum(c => c.Count), parts.Count, parts.Count == 0 ? 0 : parts.Max(p => (2 * p.Size)), watch.Elapsed, candidatesElapsed, firstPassElapsed);
        return new CarpoolMatching(
            planList,
            unserved.OrderBy(u => u.Request.Value, StringComparer.Ordinal).ToList(),
            refusedOffers,
            refusedRequests,
            stats);
    }

    private static List<T> Accept<T>(IReadOnlyList<T> items, Func<T, string> id, Func<T, IReadOnlyList<string>> validate, List<Refusal> refused)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<T>(items.Count);
        foreach (var item in items)
        {
            var reasons = validate(item).ToList();
            if (!seen.Add(id(item))) reasons.Add("duplicate id");
            if (reasons.Count > 0) refused.Add(new Refusal(id(item), reasons));
            else valid.Add(item);
        }

        return valid;
    }

    /// <summary>
    /// Runs <paramref name="solve"/> over the listed parts (largest first) until <paramref name="end"/>, giving each
    /// a share of the time left proportional to its size among the parts not yet started.
    /// </summary>
    private static void RunPass(
        List<int> indices, List<SubProblem> parts, ParallelOptions parallel, Stopwatch watch, TimeSpan end, int dop,
        Action<int, TimeSpan> solve)
    {
        var ordered = indices.OrderByDescending(i => parts[i].Size).ToArray();
        var remainingSize = ordered.Sum(i => parts[i].Size);
        var gate = new Lock();
        // One part at a time per worker, in order: an array would be range-partitioned up front.
        var queue = Partitioner.Create(ordered.AsEnumerable(), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(queue, parallel, i =>
        {
            TimeSpan limit;
            lock (gate)
            {
                var left = end - watch.Elapsed;
                limit = left * dop * parts[i].Size / Math.Max(1, remainingSize);
                if (limit > left) limit = left;
                remainingSize -= parts[i].Size;
            }

            if (limit >= MinPartTime) solve(i, limit);
        });
    }
}
