using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// A GeoJSON MultiPolygon (RFC 7946 3.1.7): polygons made of an exterior ring and holes, coordinates as
/// (longitude, latitude). Containment uses the even-odd rule on each ring in plain degrees, which is exact enough for
/// zones of city size; a bounding box rejects most points first.
/// </summary>
public sealed class MultiPolygon
{
    private readonly double _minLon;
    private readonly double _maxLon;
    private readonly double _minLat;
    private readonly double _maxLat;

    public MultiPolygon(ImmutableArray<ImmutableArray<ImmutableArray<(double Lon, double Lat)>>> polygons)
    {
        Polygons = polygons;
        _minLon = _minLat = double.MaxValue;
        _maxLon = _maxLat = double.MinValue;
        foreach (var ring in polygons.Where(p => p.Length > 0).Select(p => p[0]))
        {
            foreach (var (lon, lat) in ring)
            {
                _minLon = Math.Min(_minLon, lon);
                _maxLon = Math.Max(_maxLon, lon);
                _minLat = Math.Min(_minLat, lat);
                _maxLat = Math.Max(_maxLat, lat);
            }
        }
    }

    /// <summary>Polygons; in each, ring 0 is the exterior and the others are holes.</summary>
    public ImmutableArray<ImmutableArray<ImmutableArray<(double Lon, double Lat)>>> Polygons { get; }

    public bool Contains(double latitude, double longitude)
    {
        if (longitude < _minLon || longitude > _maxLon || latitude < _minLat || latitude > _maxLat)
        {
            return false;
        }

        foreach (var polygon in Polygons)
        {
            if (polygon.Length == 0 || !RingContains(polygon[0], latitude, longitude))
            {
                continue;
            }

            var inHole = false;
            for (var h = 1; h < polygon.Length && !inHole; h++)
            {
                inHole = RingContains(polygon[h], latitude, longitude);
            }

            if (!inHole)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Even-odd ray casting towards +longitude (W. R. Franklin's PNPOLY).</summary>
    public static bool RingContains(ImmutableArray<(double Lon, double Lat)> ring, double latitude, double longitude)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            var (xi, yi) = ring[i];
            var (xj, yj) = ring[j];
            if ((yi > latitude) != (yj > latitude)
                && longitude < ((xj - xi) * (latitude - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    internal static MultiPolygon Parse(GbfsFile f, System.Text.Json.JsonElement geometry, string path)
    {
        var type = f.String(f.Required(geometry, "type", path), path + ".type");
        if (type != "MultiPolygon")
        {
            throw f.Error(path + ".type", $"must be MultiPolygon, not '{type}'");
        }

        var polygons = ImmutableArray.CreateBuilder<ImmutableArray<ImmutableArray<(double, double)>>>();
        var pi = 0;
        foreach (var polygon in f.Array(f.Required(geometry, "coordinates", path), path + ".coordinates"))
        {
            var pp = $"{path}.coordinates[{pi++}]";
            var rings = ImmutableArray.CreateBuilder<ImmutableArray<(double, double)>>();
            var ri = 0;
            foreach (var ring in f.Array(polygon, pp))
            {
                var rp = $"{pp}[{ri++}]";
                var points = ImmutableArray.CreateBuilder<(double, double)>();
                var k = 0;
                foreach (var position in f.Array(ring, rp))
                {
                    var xp = $"{rp}[{k++}]";
                    var coordinates = f.Array(position, xp).ToArray();
                    if (coordinates.Length < 2)
                    {
                        throw f.Error(xp, "a position needs longitude and latitude");
                    }

                    points.Add((f.Longitude(coordinates[0], xp + "[0]"), f.Latitude(coordinates[1], xp + "[1]")));
                }

                // RFC 7946 3.1.6: a linear ring is closed and has at least four positions.
                if (points.Count < 4 || points[0] != points[^1])
                {
                    throw f.Error(rp, "a linear ring must be closed and have at least four positions");
                }

                rings.Add(points.ToImmutable());
            }

            polygons.Add(rings.ToImmutable());
        }

        return new MultiPolygon(polygons.ToImmutable());
    }
}
