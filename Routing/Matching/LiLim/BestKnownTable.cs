using System.Globalization;

namespace Mobility.Routing.Matching.LiLim;

/// <summary>A best-known result: vehicles first, then distance.</summary>
public readonly record struct BestKnown(int Vehicles, double Distance);

/// <summary>Reads <c>best-known.tsv</c>: <c>name vehicles distance</c> per line, whitespace separated.</summary>
public static class BestKnownTable
{
    public static IReadOnlyDictionary<string, BestKnown> ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyDictionary<string, BestKnown> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var table = new Dictionary<string, BestKnown>(StringComparer.OrdinalIgnoreCase);
        var lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0].StartsWith('#')) continue;
            if (f.Length != 3) throw new LiLimFormatException(source, lineNo, "line", "expected 'name vehicles distance'");
            if (!int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var vehicles) || vehicles < 1)
                throw new LiLimFormatException(source, lineNo, "vehicles", $"'{f[1]}' is not a positive integer");
            if (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var distance) || !(distance > 0) || !double.IsFinite(distance))
                throw new LiLimFormatException(source, lineNo, "distance", $"'{f[2]}' is not a positive number");
            if (!table.TryAdd(f[0], new BestKnown(vehicles, distance)))
                throw new LiLimFormatException(source, lineNo, "name", $"'{f[0]}' appears twice");
        }

        return table;
    }
}
