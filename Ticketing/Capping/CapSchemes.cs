namespace Mobility.Ticketing.Capping;

/// <summary>
/// The schemes shipped with the amounts of the systems in service (docs/ticketing.md gives the sources), or a scheme
/// file in the same JSON form.
/// </summary>
public static class CapSchemes
{
    public static IReadOnlyList<string> Names { get; } = ["tfl-2025", "omny-2026", "opal-2025", "navigo-2025"];

    /// <summary>A shipped scheme by name.</summary>
    public static CapScheme Shipped(string name)
    {
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"no shipped scheme '{name}' (shipped: {string.Join(", ", Names)})", nameof(name));
        }

        using var stream = typeof(CapSchemes).Assembly.GetManifestResourceStream($"Mobility.Ticketing.Capping.Schemes.{name}.json")
            ?? throw new InvalidOperationException($"scheme resource {name} missing from the assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return CapSchemeReader.Read(buffer.ToArray(), name);
    }

    /// <summary>The raw JSON of a shipped scheme (to start a scheme file from).</summary>
    public static string ShippedJson(string name)
    {
        using var stream = typeof(CapSchemes).Assembly.GetManifestResourceStream($"Mobility.Ticketing.Capping.Schemes.{name}.json")
            ?? throw new ArgumentException($"no shipped scheme '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A shipped scheme's name, <c>gtfs:PATH</c> for the caps a GTFS feed's pass products declare
    /// (<see cref="GtfsCapScheme"/>), or else the path of a scheme file.
    /// </summary>
    public static CapScheme Load(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (nameOrFile.StartsWith("gtfs:", StringComparison.Ordinal))
        {
            var (scheme, _) = GtfsCapScheme.From(Fares.FareFeedReader.Read(nameOrFile["gtfs:".Length..], "gtfs"));
            return scheme.Caps.Count > 0
                ? scheme
                : throw new TicketingInputException(nameOrFile["gtfs:".Length..], 0, "fare_products.txt", "no pass product with a duration that a fare leg rule names: the feed declares no cap");
        }

        return Names.Contains(nameOrFile) ? Shipped(nameOrFile) : CapSchemeReader.ReadFile(nameOrFile);
    }
}
