using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Territories;

/// <summary>
/// A territory of the platform: the area one authority governs (a metropolis, a region), named by a code that is also
/// the tenant id of its authority's API keys. <see cref="Geometry"/> is the GeoJSON geometry as registered.
/// </summary>
public sealed record Territory(string Code, string Name, GeoMultiPolygon Area, string Geometry)
{
    /// <summary>2-63 of a-z, 0-9 and inner '-': the authority tenant rule, so that a code can sit in URLs and keys.</summary>
    public static bool IsCode(string? text)
    {
        if (text is null || text.Length is < 2 or > 63 || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
