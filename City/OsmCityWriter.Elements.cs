using OsmSharp;
using OsmSharp.Tags;

namespace Mobility.City;

internal sealed partial class OsmCityWriter
{
    private const int IslandPolygonNodes = 8;
    private const int IslandStreetNodes = 5;
    private const int West = 0;
    private const int East = 1;
    private const int South = 2;
    private const int North = 3;

    private double RiverMidY => (_g.BaseY(_g.RiverRow) + _g.BaseY(_g.RiverRow + 1)) / 2;

    private void WriteNodes()
    {
        for (var j = 0; j < _g.NodesY; j++)
        {
            var rowArterial = _g.LineClass(j, true) != StreetClass.Residential;
            for (var i = 0; i < _g.NodesX; i++)
            {
                var q = _g.Intersection(i, j);
                var signals = rowArterial && _g.LineClass(i, false) != StreetClass.Residential;
                AddNode(IntersectionId(q), _g.Geo(q), signals ? Tags(("highway", "traffic_signals")) : null);
            }
        }

        for (var j = 0; j < _g.NodesY; j++)
        {
            for (var i = 0; i < _g.Columns; i++)
            {
                var h = _g.HIndex(i, j);
                WriteShapeNodes(_g.H[h], _hFirst[h], _g.Intersection(i, j), _g.Intersection(i + 1, j), h);
            }
        }

        for (var i = 0; i < _g.NodesX; i++)
        {
            for (var j = 0; j < _g.Rows; j++)
            {
                var v = _g.VIndex(i, j);
                WriteShapeNodes(_g.V[v], _vFirst[v], _g.Intersection(i, j), _g.Intersection(i, j + 1), v + (long)_g.H.Length);
            }
        }

        // Riverside cycle path on the south bank, between the quay street and the water.
        for (var i = 0; i < _g.NodesX; i++)
        {
            var (x, y) = _g.Warp(_g.BaseX(i), _g.BaseY(_g.RiverRow) + (0.45 * _g.QuayMargin));
            AddNode(_cycleFirst + i, _g.Projection.ToGeo(x, y));
        }

        for (var m = 0; m < _riverCount; m++)
        {
            var bx = -_g.HalfWidth() - (2 * _g.Block) + (m * _g.Block / 2);
            var wobble = 0.08 * _g.RiverWidth * Math.Sin(bx / (3.7 * _g.Block));
            var (x, y) = _g.Warp(bx, RiverMidY + wobble);
            AddNode(_riverFirst + m, _g.Projection.ToGeo(x, y));
        }

        var park = _g.Park;
        var inset = 0.08 * _g.Block;
        (int I, int J, double Dx, double Dy)[] corners =
            [(park.I0, park.J0, inset, inset), (park.I1, park.J0, -inset, inset), (park.I1, park.J1, -inset, -inset), (park.I0, park.J1, inset, -inset)];
        for (var c = 0; c < corners.Length; c++)
        {
            var (x, y) = _g.Warp(_g.BaseX(corners[c].I) + corners[c].Dx, _g.BaseY(corners[c].J) + corners[c].Dy);
            AddNode(_parkFirst + c, _g.Projection.ToGeo(x, y));
        }

        WriteIslandNodes();
        WriteParkRideNodes();
    }

    private void WriteShapeNodes(StreetClass cls, long first, int a, int b, long key)
    {
        if (cls == StreetClass.None)
        {
            return;
        }

        for (var k = 1; k <= _k; k++)
        {
            var (x, y) = _g.ShapePoint(a, b, key, k, cls);
            AddNode(first + k - 1, _g.Projection.ToGeo(x, y));
        }
    }

    private int ChooseIslandColumn()
    {
        var best = -1;
        for (var i = 0; i < _g.Columns; i++)
        {
            if (_g.IsBridge(i, _g.RiverRow) || _g.IsBridge(i + 1, _g.RiverRow))
            {
                continue;
            }

            if (best < 0 || Math.Abs(i - (_g.Columns / 3)) < Math.Abs(best - (_g.Columns / 3)))
            {
                best = i;
            }
        }

        return best < 0 ? _g.Columns / 3 : best;
    }

    /// <summary>An islet in the river with a footpath loop and a lane: a street component no bridge reaches.</summary>
    private (double X, double Y)[] IslandPoints()
    {
        var cx = (_g.BaseX(_islandColumn) + _g.BaseX(_islandColumn + 1)) / 2;
        var cy = RiverMidY;
        var a = 0.32 * _g.Block;
        var b = 0.3 * _g.RiverWidth;
        var points = new (double X, double Y)[IslandPolygonNodes + IslandStreetNodes];
        for (var n = 0; n < IslandPolygonNodes; n++)
        {
            var t = 2 * Math.PI * n / IslandPolygonNodes;
            points[n] = (cx + (a * Math.Cos(t)), cy + (b * Math.Sin(t)));
        }

        var lx = 0.5 * a;
        var ly = 0.4 * b;
        points[IslandPolygonNodes + 0] = (cx - lx, cy - ly);
        points[IslandPolygonNodes + 1] = (cx + lx, cy - ly);
        points[IslandPolygonNodes + 2] = (cx + lx, cy + ly);
        points[IslandPolygonNodes + 3] = (cx - lx, cy + ly);
        points[IslandPolygonNodes + 4] = (cx - (0.85 * a), cy);
        return points;
    }

    private void WriteIslandNodes()
    {
        var points = IslandPoints();
        for (var n = 0; n < points.Length; n++)
        {
            var (x, y) = _g.Warp(points[n].X, points[n].Y);
            AddNode(_islandFirst + n, _g.Projection.ToGeo(x, y));
        }
    }

    private void WriteWays()
    {
        for (var j = 0; j < _g.NodesY; j++)
        {
            WriteLine(j, horizontal: true);
            _progress?.Invoke(0.8 + (0.1 * j / _g.NodesY));
        }

        for (var i = 0; i < _g.NodesX; i++)
        {
            WriteLine(i, horizontal: false);
            _progress?.Invoke(0.9 + (0.1 * i / _g.NodesX));
        }

        WriteFeatureWays();
    }

    private void WriteLine(int line, bool horizontal)
    {
        var count = horizontal ? _g.Columns : _g.Rows;
        var name = StreetNames.Line(_g, line, horizontal);
        var nodes = new List<long>(64);
        var current = StreetClass.None;
        var currentBridge = false;
        int start = -1, end = -1;

        void Flush()
        {
            if (nodes.Count >= 2)
            {
                FlushWay(nodes, current, currentBridge, name, line, horizontal, start, end);
            }

            nodes.Clear();
        }

        for (var s = 0; s < count; s++)
        {
            var (i, j) = horizontal ? (s, line) : (line, s);
            var segment = horizontal ? _g.HIndex(i, j) : _g.VIndex(i, j);
            var cls = horizontal ? _g.H[segment] : _g.V[segment];
            var bridge = !horizontal && j == _g.RiverRow;
            var crossesArterial = s > 0 && _g.LineClass(s, !horizontal) != StreetClass.Residential;
            if (cls != current || bridge != currentBridge || crossesArterial)
            {
                Flush();
            }

            if (cls == StreetClass.None)
            {
                current = cls;
                continue;
            }

            var a = _g.Intersection(i, j);
            var b = horizontal ? _g.Intersection(i + 1, j) : _g.Intersection(i, j + 1);
            if (nodes.Count == 0)
            {
                nodes.Add(IntersectionId(a));
                start = a;
                current = cls;
                currentBridge = bridge;
            }

            var first = horizontal ? _hFirst[segment] : _vFirst[segment];
            for (var k = 0; k < _k; k++)
            {
                nodes.Add(first + k);
            }

            nodes.Add(IntersectionId(b));
            end = b;
        }

        Flush();
    }

    private void FlushWay(List<long> nodes, StreetClass cls, bool bridge, string name, int line, bool horizontal, int start, int end)
    {
        var tags = new TagsCollection { { "highway", Highway(cls) } };
        if (cls is not StreetClass.Footway and not StreetClass.Cycleway)
        {
            tags.Add("name", name);
        }

        var (si, sj) = (start % _g.NodesX, start / _g.NodesX);
        switch (cls)
        {
            case StreetClass.Primary:
                tags.Add("maxspeed", _g.CentreDistance(si, sj) > 0.85 ? "70" : "50");
                tags.Add("lanes", "4");
                tags.Add("cycleway", "lane");
                break;
            case StreetClass.Secondary:
                tags.Add("maxspeed", "50");
                tags.Add("lanes", "2");
                break;
            case StreetClass.Residential:
                tags.Add("maxspeed", "30");
                break;
            case StreetClass.Cycleway:
                tags.Add("foot", "yes");
                break;
        }

        var reversed = false;
        var oneWay = horizontal ? _g.RowOneWay[line] : _g.ColumnOneWay[line];
        if (cls == StreetClass.Residential && oneWay != OneWay.None)
        {
            // Most mappers draw a one-way street in its direction; some use oneway=-1 (OSM wiki, Key:oneway).
            var useMinusOne = oneWay == OneWay.Backward && CityRandom.Chance(_g.Seed, RandomStream.OneWay, _nextWayId, 0.3, 2);
            reversed = oneWay == OneWay.Backward && !useMinusOne;
            tags.Add("oneway", useMinusOne ? "-1" : "yes");
        }

        if (bridge)
        {
            tags.Add("bridge", "yes");
            tags.Add("layer", "1");
        }

        if (reversed)
        {
            nodes.Reverse();
        }

        var id = AddWay(nodes, tags);
        if (_restrictionVias.Contains(end))
        {
            Arms(end)[horizontal ? West : South] = id;
        }

        if (_restrictionVias.Contains(start))
        {
            Arms(start)[horizontal ? East : North] = id;
        }
    }

    private long[] Arms(int q)
    {
        if (!_arms.TryGetValue(q, out var arms))
        {
            arms = new long[4];
            _arms[q] = arms;
        }

        return arms;
    }

    private static string Highway(StreetClass cls) => cls switch
    {
        StreetClass.Primary => "primary",
        StreetClass.Secondary => "secondary",
        StreetClass.Residential => "residential",
        StreetClass.Footway => "footway",
        StreetClass.Cycleway => "cycleway",
        StreetClass.Pedestrian => "pedestrian",
        _ => throw new ArgumentOutOfRangeException(nameof(cls)),
    };
}
