namespace Mobility.CarpoolProof.Campaigns.Geography;

/// <summary>Checks a linear ring against RFC 7946 3.1.6 and simple-polygon rules; returns the problem or null.</summary>
public static class RingValidation
{
    /// <summary>Upper bound on positions per ring, so the quadratic self-intersection check stays bounded.</summary>
    public const int MaxPositions = 5000;

    public static string? Problem(IReadOnlyList<(double Lon, double Lat)> ring)
    {
        if (ring.Count < 4)
        {
            return "a linear ring needs at least 4 positions (RFC 7946 3.1.6)";
        }
        if (ring.Count > MaxPositions)
        {
            return $"a linear ring may have at most {MaxPositions} positions";
        }
        if (ring[0] != ring[^1])
        {
            return "the ring is not closed: its first and last positions differ (RFC 7946 3.1.6)";
        }
        foreach (var (lon, lat) in ring)
        {
            if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
            {
                return $"position [{lon}, {lat}] is outside [-180, 180] x [-90, 90]";
            }
        }
        var n = ring.Count - 1;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                // Adjacent edges share an endpoint by construction; the first and last edges are adjacent too.
                if (j == i + 1 || (i == 0 && j == n - 1))
                {
                    continue;
                }
                if (SegmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1]))
                {
                    return $"the ring intersects itself (edges {i} and {j})";
                }
            }
        }
        if (Math.Abs(SignedArea(ring)) < 1e-12)
        {
            return "the ring encloses no area";
        }
        return null;
    }

    private static double SignedArea(IReadOnlyList<(double Lon, double Lat)> ring)
    {
        double sum = 0;
        for (var i = 0; i < ring.Count - 1; i++)
        {
            sum += (ring[i].Lon * ring[i + 1].Lat) - (ring[i + 1].Lon * ring[i].Lat);
        }
        return sum / 2;
    }

    private static bool SegmentsIntersect((double X, double Y) a, (double X, double Y) b, (double X, double Y) c, (double X, double Y) d)
    {
        var d1 = Cross(c, d, a);
        var d2 = Cross(c, d, b);
        var d3 = Cross(a, b, c);
        var d4 = Cross(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        {
            return true;
        }
        return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b))
            || (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));

    private static bool OnSegment((double X, double Y) p, (double X, double Y) q, (double X, double Y) r) =>
        r.X >= Math.Min(p.X, q.X) && r.X <= Math.Max(p.X, q.X) && r.Y >= Math.Min(p.Y, q.Y) && r.Y <= Math.Max(p.Y, q.Y);
}
