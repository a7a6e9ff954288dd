using Mobility.Simulation.Day.Run;

namespace Mobility.Simulation.Day.Reports;

/// <summary>Precision and recall of one fraud rule: injected (truth), flagged by the node with the rule's label (honest or injected with this rule), and both.</summary>
public sealed record FraudScore(string Rule, int Injected, int Flagged, int Caught)
{
    public double? Precision => Flagged == 0 ? null : (double)Caught / Flagged;

    public double? Recall => Injected == 0 ? null : (double)Caught / Injected;
}

/// <summary>Latency percentiles of one endpoint over a span of the day.</summary>
public sealed record LatencyRow(string Endpoint, int Count, double P50, double P95, double P99, double Max);

/// <summary>The figures of the report, computed from a day's outcome.</summary>
public static class DayFigures
{
    public static readonly string[] ModeOrder = ["walk", "bike", "bikeshare", "transit", "carpool", "car", "none"];

    public static IReadOnlyList<FraudScore> Fraud(DayOutcome o)
    {
        var rules = DayRunner.FraudRules.Values.Concat(o.Declarations.Select(d => d.Truth).OfType<string>()).Distinct().Order(StringComparer.Ordinal);
        return [.. rules.Select(rule =>
        {
            var injected = o.Declarations.Count(d => d.Truth == rule);
            // A false positive is an honest declaration flagged: a fraud of another kind that the rule also flags (a
            // class A claim that is also a fifth trip) is no harm to anyone.
            var flagged = o.Declarations.Count(d => d.Labels.Contains(rule) && (d.Truth is null || d.Truth == rule));
            var caught = o.Declarations.Count(d => d.Truth == rule && d.Labels.Contains(rule));
            return new FraudScore(rule, injected, flagged, caught);
        })];
    }

    /// <summary>Trips per hour and mode.</summary>
    public static SortedDictionary<int, Dictionary<string, int>> ModalShare(DayOutcome o)
    {
        var table = new SortedDictionary<int, Dictionary<string, int>>();
        foreach (var t in o.Trips)
        {
            var row = table.TryGetValue(t.Hour, out var r) ? r : table[t.Hour] = new Dictionary<string, int>(StringComparer.Ordinal);
            row[t.Mode] = row.GetValueOrDefault(t.Mode) + 1;
        }

        return table;
    }

    public static IReadOnlyList<LatencyRow> Latency(IEnumerable<LatencySample> samples) =>
        [.. samples.GroupBy(s => s.Endpoint).OrderByDescending(g => g.Count()).Select(g =>
        {
            var ms = g.Select(s => s.Milliseconds).Order().ToArray();
            return new LatencyRow(g.Key, ms.Length, Percentile(ms, 0.50), Percentile(ms, 0.95), Percentile(ms, 0.99), ms[^1]);
        })];

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
