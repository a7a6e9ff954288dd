using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Benchmark;

/// <summary>Which car models a street benchmark builds: without turn costs, with them (the default), or both in one run.</summary>
public enum TurnCostRuns
{
    Both,
    On,
    Off,
}

/// <summary>
/// Measures a street network: build time and memory, car CH preprocessing, CH against bidirectional Dijkstra on the
/// same random car queries (node to node, both answers checked equal) and routes between random snapped points (snap +
/// route, as the carpool proof's estimator asks), one thread. With <see cref="TurnCostRuns.Both"/> the network is built
/// twice, without and with car turn costs, the same queries run on both, and the ratio of the new car durations to the
/// old ones is reported pair by pair.
/// </summary>
public static class StreetBenchmark
{
    private const int Repetitions = 3;

    /// <summary>Benchmarks an OSM file.</summary>
    public static void Run(string osmPath, int pairs, TextWriter output, TurnCostRuns runs = TurnCostRuns.Both) =>
        Compare(options => StreetNetwork.Load(osmPath, options), pairs, output, runs);

    /// <summary>Benchmarks a generated grid of about <paramref name="nodes"/> street nodes.</summary>
    public static void RunSynthetic(int nodes, int pairs, TextWriter output, int seed = 1, TurnCostRuns runs = TurnCostRuns.Both) =>
        Compare(
            options =>
            {
                var started = Stopwatch.GetTimestamp();
                var builder = SyntheticStreetGrid.Create(nodes, seed, options);
                builder.ReadTime = Stopwatch.GetElapsedTime(started);
                return builder.Build($"synthetic grid ~{nodes:N0} nodes (seed {seed})");
            },
            pairs,
            output,
            runs);

    private static void Compare(Func<StreetBuildOptions, StreetNetwork> build, int pairs, TextWriter output, TurnCostRuns runs)
    {
        var inv = CultureInfo.InvariantCulture;
        int[]? before = null;
        foreach (var turns in runs switch { TurnCostRuns.Both => [false, true], TurnCostRuns.On => [true], _ => new[] { false } })
        {
            var heapBefore = Allocated();
            var network = build(StreetBuildOptions.Default with { CarTurnCosts = turns });
            var heap = Allocated() - heapBefore;
            output.WriteLine(turns ? "--- car WITH turn costs (edge-based graph, the default)" : "--- car WITHOUT turn costs (node-based graph, as before)");
            var durations = Report(network, heap, pairs, output);
            if (before is not null)
            {
                var ratios = durations.Zip(before, (after, old) => (After: after, Old: old))
                    .Where(x => x.Old is > 0 and < SearchSpace.Unreached && x.After < SearchSpace.Unreached)
                    .Select(x => (double)x.After / x.Old)
                    .ToArray();
                output.WriteLine(string.Create(inv, $"duration ratio with/without turn costs on the same {ratios.Length:N0} snapped pairs: median {Quantile(ratios, 0.5):F3}, p5 {Quantile(ratios, 0.05):F3}, p95 {Quantile(ratios, 0.95):F3}, min {(ratios.Length == 0 ? 0 : ratios.Min()):F3}"));
            }

            before = durations;
            GC.KeepAlive(network);
        }
    }

    private static long Allocated()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    /// <summary>Prints the figures of one network; returns the car durations (ms) of the snapped pairs, in order.</summary>
    private static int[] Report(StreetNetwork network, long heap, int pairs, TextWriter output)
    {
        var report = network.Report;
        var inv = CultureInfo.InvariantCulture;
        var turnGraph = network.Turns(StreetProfile.Car);
        output.WriteLine(string.Create(inv, $"network      {report.Source}"));
        output.WriteLine(string.Create(inv, $"nodes        {report.StreetNodes:N0} street nodes, {report.GeometryEdges:N0} edges, car graph {network.Graph(StreetProfile.Car).NodeCount:N0} nodes / {report.GraphEdges[StreetProfile.Car]:N0} edges{(turnGraph is null ? string.Empty : string.Create(inv, $", turn graph {turnGraph.Arcs.NodeCount:N0} nodes / {turnGraph.Arcs.EdgeCount:N0} turns"))}"));
        output.WriteLine(string.Create(inv, $"build        read {report.ReadTime.TotalSeconds:F2} s, graph build (incl. CH) {report.BuildTime.TotalSeconds:F2} s"));
        output.WriteLine(string.Create(inv, $"memory       arrays {report.Bytes / 1e6:F1} MB = {report.BytesPerStreetNode:F0} B/node = {report.BytesPerStreetNode:F0} MB per million nodes; managed heap after build {heap / 1e6:F1} MB"));
        foreach (var (profile, time) in report.ContractionTime)
        {
            var ch = network.Turns(profile)?.Hierarchy ?? network.Hierarchy(profile)!;
            output.WriteLine(string.Create(inv, $"CH {profile,-9} preprocessing {time.TotalSeconds:F2} s wall, {report.ContractionCpuTime[profile].TotalSeconds:F2} s CPU, {ch.ShortcutCount:N0} shortcuts"));
        }

        var graph = network.Graph(StreetProfile.Car);
        var main = Enumerable.Range(0, graph.NodeCount).Where(n => graph.InMain[n]).ToArray();
        var random = new Random(42);
        var bidirectional = new double[pairs];
        var contraction = new double[pairs];
        var mismatches = 0;

        // Warm up both searches (JIT, thread-local arrays).
        for (var i = 0; i < Math.Min(50, pairs); i++)
        {
            StreetRouter.NodeCost(network, StreetProfile.Car, main[random.Next(main.Length)], main[random.Next(main.Length)], StreetAlgorithm.Contraction);
            StreetRouter.NodeCost(network, StreetProfile.Car, main[random.Next(main.Length)], main[random.Next(main.Length)], StreetAlgorithm.Bidirectional);
        }

        for (var i = 0; i < pairs; i++)
        {
            var s = main[random.Next(main.Length)];
            var t = main[random.Next(main.Length)];
            bidirectional[i] = double.MaxValue;
            contraction[i] = double.MaxValue;
            int a = 0, b = 0;

            // Best of Repetitions per pair: on a shared machine a single timing mostly measures preemption.
            for (var r = 0; r < Repetitions; r++)
            {
                var t0 = Stopwatch.GetTimestamp();
                a = StreetRouter.NodeCost(network, StreetProfile.Car, s, t, StreetAlgorithm.Bidirectional);
                var t1 = Stopwatch.GetTimestamp();
                b = StreetRouter.NodeCost(network, StreetProfile.Car, s, t, StreetAlgorithm.Contraction);
                var t2 = Stopwatch.GetTimestamp();
                bidirectional[i] = Math.Min(bidirectional[i], Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                contraction[i] = Math.Min(contraction[i], Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            }

            if (a != b)
            {
                mismatches++;
            }
        }

        output.WriteLine(string.Create(inv, $"car queries  {pairs:N0} random node pairs in the main network, one thread, best of {Repetitions} runs per pair; CH/bidirectional mismatches: {mismatches}"));
        output.WriteLine(string.Create(inv, $"bidir. Dijkstra  {Percentiles(bidirectional)}"));
        output.WriteLine(string.Create(inv, $"CH               {Percentiles(contraction)}"));
        output.WriteLine(string.Create(inv, $"speedup      p50 {Quantile(bidirectional, 0.5) / Quantile(contraction, 0.5):F0}x, mean {bidirectional.Average() / contraction.Average():F0}x"));
        return SnappedRoutes(network, pairs, output);
    }

    /// <summary>Snap + route between random points near random street nodes (the same points for every network of one
    /// source, since the geometry is the same): timings, and the durations for the before/after ratio.</summary>
    private static int[] SnappedRoutes(StreetNetwork network, int pairs, TextWriter output)
    {
        var random = new Random(43);
        var durations = new int[pairs];
        var timings = new double[pairs];
        var points = new (GeoCoordinate From, GeoCoordinate To)[pairs];
        for (var i = 0; i < pairs; i++)
        {
            points[i] = (Near(network, random), Near(network, random));
        }

        for (var i = 0; i < Math.Min(50, pairs); i++)
        {
            network.Route(points[i].From, points[i].To, StreetProfile.Car);
        }

        for (var i = 0; i < pairs; i++)
        {
            timings[i] = double.MaxValue;
            for (var r = 0; r < Repetitions; r++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var path = network.Route(points[i].From, points[i].To, StreetProfile.Car);
                timings[i] = Math.Min(timings[i], Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                durations[i] = path is null ? SearchSpace.Unreached : (int)path.Duration.TotalMilliseconds;
            }
        }

        var routed = durations.Count(d => d < SearchSpace.Unreached);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"snap + route {pairs:N0} random points within ~200 m of street nodes, car, {routed:N0} routed; median duration {Quantile([.. durations.Where(d => d < SearchSpace.Unreached).Select(d => d / 1000.0)], 0.5):F1} s"));
        output.WriteLine(string.Create(inv, $"snap + route     {Percentiles(timings)}"));
        return durations;
    }

    private static GeoCoordinate Near(StreetNetwork network, Random random)
    {
        var at = network.NodeCoordinate(random.Next(network.NodeCount));
        return new GeoCoordinate(at.Lat + ((random.NextDouble() - 0.5) * 0.004), at.Lon + ((random.NextDouble() - 0.5) * 0.004));
    }

    private static string Percentiles(double[] values) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Quantile(values, 0.5):F3} ms  p95 {Quantile(values, 0.95):F3} ms  p99 {Quantile(values, 0.99):F3} ms  mean {values.Average():F3} ms");

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
