using Mobility.Routing.Matching.LiLim;

namespace Mobility.Node.Cli.Match;

internal static class LiLimBench
{
    public static BestKnown? FindBestKnown(string instanceFile, string? table, string name)
    {
        var path = table ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(instanceFile)) ?? ".", "best-known.tsv");
        if (!File.Exists(path)) return null;
        return BestKnownTable.ParseFile(path).TryGetValue(name, out var b) ? b : null;
    }

    /// <summary>Relative distance gap to the best-known, in percent.</summary>
    public static double Gap(double distance, double best) => (distance - best) / best * 100;

    /// <summary>The gap with its sign, rounded first so that a tiny negative does not print as "-0.00".</summary>
    public static string FormatGap(double distance, double best) =>
        Math.Round(Gap(distance, best), 2).ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);
}
