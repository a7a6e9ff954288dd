using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Territories;

/// <summary>
/// The territories registered on the platform, and the rule that attributes a journey to them: a journey belongs to
/// every territory that contains its start or its end, so a journey from one territory to another is seen by both,
/// and one that only passes through a territory is not its concern (the registry's attribution by origin and
/// destination). When no territory is registered, the platform serves one implicit territory that covers everything
/// (a node configured for one territory behaves as before territories existed). Immutable: nodes swap whole maps.
/// </summary>
public sealed class TerritoryMap
{
    private readonly Territory[] _territories;

    public TerritoryMap(IEnumerable<Territory> territories)
    {
        _territories = [.. territories.OrderBy(t => t.Code, StringComparer.Ordinal)];
        if (_territories.Select(t => t.Code).Distinct(StringComparer.Ordinal).Count() != _territories.Length)
        {
            throw new ArgumentException("Territory codes must be unique.", nameof(territories));
        }
    }

    public static TerritoryMap Empty { get; } = new([]);

    public IReadOnlyList<Territory> Territories => _territories;

    public bool IsEmpty => _territories.Length == 0;

    public bool Contains(string code) => Array.Exists(_territories, t => t.Code == code);

    /// <summary>
    /// The codes of the territories containing <paramref name="start"/> or <paramref name="end"/>, in ordinal order
    /// (possibly none); <paramref name="implicitCode"/> alone when no territory is registered.
    /// </summary>
    public IReadOnlyList<string> Attribute(GeoPoint start, GeoPoint end, string implicitCode)
    {
        if (IsEmpty)
        {
            return [implicitCode];
        }

        var codes = new List<string>(2);
        foreach (var t in _territories)
        {
            if (t.Area.Contains(start) || t.Area.Contains(end))
            {
                codes.Add(t.Code);
            }
        }

        return codes;
    }

    /// <summary>
    /// Whether a journey attributed <paramref name="attribution"/> at its acceptance belongs to <paramref name="territory"/>.
    /// A journey recorded before territories existed carries no attribution (null): it was the implicit territory's.
    /// </summary>
    public static bool Includes(IReadOnlyList<string>? attribution, string territory, string implicitCode) =>
        attribution is null ? territory == implicitCode : attribution.Contains(territory, StringComparer.Ordinal);

    /// <summary>The attribution as one string (space-separated codes, as campaign journeys carry it), or null.</summary>
    public static string? Join(IReadOnlyList<string>? attribution) => attribution is null ? null : string.Join(' ', attribution);

    /// <summary>The reverse of <see cref="Join"/>.</summary>
    public static IReadOnlyList<string>? Split(string? joined) =>
        joined is null ? null : joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
