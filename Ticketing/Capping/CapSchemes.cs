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

    /// <summary>A shipped scheme's name, or else the path of a scheme file.</summary>
    public static CapScheme Load(string nameOrFile) =>
        Names.Contains(nameOrFile) ? Shipped(nameOrFile) : CapSchemeReader.ReadFile(nameOrFile);
}
