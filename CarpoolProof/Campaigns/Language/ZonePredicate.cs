using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>How a journey's start and end must relate to a list of zones.</summary>
public enum ZoneMode
{
    /// <summary>The start lies in one of the zones.</summary>
    StartsIn,

    /// <summary>The end lies in one of the zones.</summary>
    EndsIn,

    /// <summary>The start lies in one of the zones and the end in one of the zones (possibly another one).</summary>
    StartsAndEndsIn,

    /// <summary>The start or the end lies in one of the zones.</summary>
    StartsOrEndsIn,

    /// <summary>The start and the end lie in the same zone of the list (a trip inside one city).</summary>
    StaysWithinOne,
}

/// <summary>A territory condition or an exclusion: a mode over named zones of the document.</summary>
public sealed record ZonePredicate(ZoneMode Mode, IReadOnlyList<Zone> Zones)
{
    public bool Matches(in GeoPoint start, string? startCode, in GeoPoint end, string? endCode)
    {
        switch (Mode)
        {
            case ZoneMode.StartsIn:
                return AnyContains(start, startCode);
            case ZoneMode.EndsIn:
                return AnyContains(end, endCode);
            case ZoneMode.StartsAndEndsIn:
                return AnyContains(start, startCode) && AnyContains(end, endCode);
            case ZoneMode.StartsOrEndsIn:
                return AnyContains(start, startCode) || AnyContains(end, endCode);
            case ZoneMode.StaysWithinOne:
                for (var i = 0; i < Zones.Count; i++)
                {
                    if (Zones[i].Contains(start, startCode) && Zones[i].Contains(end, endCode))
                    {
                        return true;
                    }
                }
                return false;
            default:
                throw new InvalidOperationException($"Unknown zone mode {Mode}.");
        }
    }

    private bool AnyContains(in GeoPoint p, string? code)
    {
        for (var i = 0; i < Zones.Count; i++)
        {
            if (Zones[i].Contains(p, code))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// A named zone: a GeoJSON (multi)polygon, or a set of zone codes (e.g. INSEE commune codes) matched against the codes
/// the journey carries when an upstream geocoder has set them.
/// </summary>
public sealed record Zone(string Name, GeoMultiPolygon? Geometry, IReadOnlySet<string>? Codes)
{
    public bool Contains(in GeoPoint p, string? code) =>
        (Geometry is not null && Geometry.Contains(p)) || (Codes is not null && code is not null && Codes.Contains(code));
}
