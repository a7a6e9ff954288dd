using System.Globalization;
using System.Text;

namespace Mobility.Routing.Street;

/// <summary>
/// A route on the street network: its duration, length, the street nodes it passes (indices into the network, see
/// <see cref="StreetNetwork.NodeOsmId"/>) and its geometry from the snapped start to the snapped end.
/// </summary>
public sealed record StreetPath(
    StreetProfile Profile, TimeSpan Duration, double DistanceMeters, IReadOnlyList<int> Nodes, IReadOnlyList<GeoCoordinate> Coordinates)
{
    /// <summary>The geometry as a GeoJSON LineString (RFC 7946 3.1.4), positions as [lon, lat].</summary>
    public string ToGeoJson()
    {
        var text = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (var i = 0; i < Coordinates.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"[{Coordinates[i].Lon:0.#######},{Coordinates[i].Lat:0.#######}]");
        }

        return text.Append("]}").ToString();
    }
}

/// <summary>The result of a one-to-many search for one target: whether it was reached within the bound, and how.</summary>
public readonly record struct StreetReach(bool Reached, TimeSpan Duration, double DistanceMeters)
{
    public static StreetReach Unreached => new(false, TimeSpan.Zero, 0);
}

/// <summary>Which search answers <see cref="StreetNetwork.Route"/>; Auto uses the CH when the profile has one.</summary>
public enum StreetAlgorithm
{
    Auto,
    Dijkstra,
    Bidirectional,
    Contraction,
}
