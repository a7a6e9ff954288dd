using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Territories;

namespace Mobility.CarpoolProof.Tests.Territories;

/// <summary>
/// A journey is attributed to territory T iff its start or its end lies in T's area; checked against a plain
/// winding-number point-in-polygon (a different algorithm from the even-odd ray casting the map uses).
/// </summary>
public sealed class AttributionTests
{
    private static Territory Rectangle(string code, double lon0, double lat0, double lon1, double lat1) => Territory(code,
        string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Polygon","coordinates":[[[{{lon0}},{{lat0}}],[{{lon1}},{{lat0}}],[{{lon1}},{{lat1}}],[{{lon0}},{{lat1}}],[{{lon0}},{{lat0}}]]]}"""));

    private static Territory Territory(string code, string geometry)
    {
        var (t, errors) = TerritoryParser.TryParse(Encoding.UTF8.GetBytes($$"""{"code":"{{code}}","name":"{{code}}","geometry":{{geometry}}}"""));
        return t ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    private static readonly TerritoryMap TwoCities = new([Rectangle("terr-a", 4.70, 45.70, 4.88, 45.82), Rectangle("terr-b", 4.90, 45.70, 5.05, 45.82)]);

    [Fact]
    public void A_journey_inside_one_territory_is_its_alone()
    {
        Assert.Equal(["terr-a"], TwoCities.Attribute(new(45.76, 4.83), new(45.78, 4.73), "local"));
        Assert.Equal(["terr-b"], TwoCities.Attribute(new(45.76, 4.95), new(45.71, 5.01), "local"));
    }

    [Fact]
    public void A_journey_between_two_territories_is_seen_by_both_and_one_merely_crossing_a_territory_is_not_its()
    {
        Assert.Equal(["terr-a", "terr-b"], TwoCities.Attribute(new(45.76, 4.83), new(45.76, 4.95), "local"));
        Assert.Equal(["terr-a", "terr-b"], TwoCities.Attribute(new(45.76, 4.95), new(45.76, 4.83), "local"));
        // From west of terr-a to east of terr-b: it drives through both, starts and ends in neither.
        Assert.Empty(TwoCities.Attribute(new(45.76, 4.60), new(45.76, 5.20), "local"));
        Assert.Equal(["terr-a"], TwoCities.Attribute(new(45.76, 4.60), new(45.76, 4.80), "local"));
    }

    [Fact]
    public void Without_any_territory_every_journey_is_the_implicit_territorys()
    {
        Assert.Equal(["local"], TerritoryMap.Empty.Attribute(new(45.76, 4.83), new(-33.9, 151.2), "local"));
        Assert.True(TerritoryMap.Includes(null, "local", "local")); // recorded before attribution existed
        Assert.False(TerritoryMap.Includes(null, "terr-b", "local"));
        Assert.False(TerritoryMap.Includes([], "local", "local")); // attributed to none: nobody's
    }

    [Fact]
    public void The_attribution_round_trips_through_its_one_string_form()
    {
        Assert.Null(TerritoryMap.Split(TerritoryMap.Join(null)));
        Assert.Equal(["terr-a", "terr-b"], TerritoryMap.Split(TerritoryMap.Join(["terr-a", "terr-b"])));
        Assert.Empty(TerritoryMap.Split(TerritoryMap.Join([]))!);
    }

    [Property(MaxTest = 200)]
    public void A_journey_is_attributed_to_a_territory_iff_its_start_or_end_is_in_its_polygon(int seed)
    {
        var rng = new Random(seed);
        var shapes = Enumerable.Range(0, 1 + rng.Next(4)).Select(i => (Code: $"t{i}", Polygons: RandomShape(rng))).ToList();
        var map = new TerritoryMap(shapes.Select(s => Territory(s.Code, Geometry(s.Polygons))));
        for (var k = 0; k < 40; k++)
        {
            var start = new GeoPoint(rng.NextDouble() * 12 - 6, rng.NextDouble() * 12 - 6);
            var end = new GeoPoint(rng.NextDouble() * 12 - 6, rng.NextDouble() * 12 - 6);
            var expected = shapes.Where(s => s.Polygons.Any(p => Winding(p, start) != 0) || s.Polygons.Any(p => Winding(p, end) != 0))
                .Select(s => s.Code).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, map.Attribute(start, end, "local"));
        }
    }

    /// <summary>One or two star-shaped polygons (simple by construction: vertices in angle order around a centre).</summary>
    private static List<(double Lon, double Lat)[]> RandomShape(Random rng) => [.. Enumerable.Range(0, 1 + rng.Next(2)).Select(_ =>
    {
        var (cx, cy) = (rng.NextDouble() * 8 - 4, rng.NextDouble() * 8 - 4);
        var n = 3 + rng.Next(12);
        var angles = Enumerable.Range(0, n).Select(i => (i + 0.1 + (rng.NextDouble() * 0.8)) * 2 * Math.PI / n).ToArray();
        var ring = angles.Select(a => { var r = 0.3 + (rng.NextDouble() * 2.5); return (cx + (r * Math.Cos(a)), cy + (r * Math.Sin(a))); }).ToList();
        ring.Add(ring[0]);
        return ring.ToArray();
    })];

    private static string Geometry(List<(double Lon, double Lat)[]> polygons) =>
        "{\"type\":\"MultiPolygon\",\"coordinates\":[" + string.Join(',', polygons.Select(p =>
            "[[" + string.Join(',', p.Select(v => string.Create(CultureInfo.InvariantCulture, $"[{v.Lon:R},{v.Lat:R}]"))) + "]]")) + "]}";

    /// <summary>The reference: the winding number of the closed ring around the point (non-zero = inside), Sunday's form.</summary>
    private static int Winding((double Lon, double Lat)[] ring, GeoPoint p)
    {
        var w = 0;
        for (var i = 0; i < ring.Length - 1; i++)
        {
            var (x1, y1) = ring[i];
            var (x2, y2) = ring[i + 1];
            var side = ((x2 - x1) * (p.Lat - y1)) - ((p.Lon - x1) * (y2 - y1));
            if (y1 <= p.Lat)
            {
                if (y2 > p.Lat && side > 0)
                {
                    w++;
                }
            }
            else if (y2 <= p.Lat && side < 0)
            {
                w--;
            }
        }

        return w;
    }
}
