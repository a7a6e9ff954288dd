using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Benchmark;

/// <summary>
/// Measures a street network: build time and memory, CH preprocessing, and CH against bidirectional Dijkstra on the
/// same random car queries (node to node, both answers checked equal), one thread.
/// </summary>
public static class StreetBenchmark
{
    private const int Repetitions = 3;

    /// <summary>Benchmarks an OSM file.</summary>
    public static void Run(string osmPath, int pairs, TextWriter output)
    {
        var before = Allocated();
        var network = StreetNetwork.Load(osmPath);
        Report(network, before, pairs, output);
    }

    /// <summary>Benchmarks a generated grid of about <paramref name="nodes"/> street nodes.</summary>
    public static void RunSynthetic(int nodes, int pairs, TextWriter output, int seed = 1)
    {
        var before = Allocated();
        var started = Stopwatch.GetTimestamp();
        var builder = SyntheticStreetGrid.Create(nodes, seed, StreetBuildOptions.Default);
        builder.ReadTime = Stopwatch.GetElapsedTime(started);
        var network = builder.Build($"synthetic grid ~{nodes:N0} nodes (seed {seed})");
        Report(network, before, pairs, output);
    }

    private static long Allocated()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static void Report(StreetNetwork network, long before, int pairs, TextWriter output)
    {
        var report = network.Report;
        var heap = Allocated() - before;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"network      {report.Source}"));
        output.WriteLine(string.Create(inv, $"nodes        {report.StreetNodes:N0} street nodes, {report.GeometryEdges:N0} edges, car graph {network.Graph(StreetProfile.Car).NodeCount:N0} nodes / {report.GraphEdges[StreetProfile.Car]:N0} edges"));
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
    }

    private static string Percentiles(double[] values) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Quantile(values, 0.5):F3} ms  p95 {Quantile(values, 0.95):F3} ms  p99 {Quantile(values, 0.99):F3} ms  mean {values.Average():F3} ms");

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
