using Mobility.Routing.Street;
using Mobility.Routing.Street.Graph;
using Mobility.Routing.Street.Search;
using Mobility.Routing.Street.Turns;

namespace Mobility.Routing.Tests.Street;

/// <summary>
/// A plain edge-based Dijkstra written apart from the router, for cross-checks: a label is the time of having driven a
/// car edge to its end (the router's turn graph labels the start of an edge instead), turns are costed here from the
/// definition (OSRM car.lua's curve through <see cref="CarTurnModel.Seconds"/>; a U-turn is the same street back; a
/// junction of two streets is free unless one turns back; bearings against the first point 10 m along), and it runs on
/// the car graph itself with a library priority queue. No turn graph, no seeds, no hierarchy.
/// </summary>
internal sealed class EdgeBasedReference
{
    private readonly ProfileGraph _car;
    private readonly StreetBuildOptions _options;
    private readonly double[] _arrive;
    private readonly double[] _leave;
    private readonly int[] _roads;

    public EdgeBasedReference(StreetNetwork network)
    {
        _car = network.Graph(StreetProfile.Car);
        _options = network.Options;
        var geometry = network.Geometry;
        _arrive = new double[_car.EdgeCount];
        _leave = new double[_car.EdgeCount];
        var lat = new List<int>();
        var lon = new List<int>();
        for (var e = 0; e < _car.EdgeCount; e++)
        {
            geometry.Points(_car.GeoDir[e] >> 1, (_car.GeoDir[e] & 1) == 1, lat, lon);
            var points = lat.Zip(lon, (a, b) => (Lat: a / GeoCoordinate.FixedScale, Lon: b / GeoCoordinate.FixedScale)).ToList();
            var start = points[0];
            var ahead = PointAlong(points);
            _leave[e] = CarTurnModel.Bearing(start.Lat, start.Lon, ahead.Lat, ahead.Lon);
            points.Reverse();
            var behind = PointAlong(points);
            _arrive[e] = CarTurnModel.Bearing(behind.Lat, behind.Lon, points[0].Lat, points[0].Lon);
        }

        var carUses = new bool[geometry.EdgeCount];
        for (var e = 0; e < _car.EdgeCount; e++)
        {
            carUses[_car.GeoDir[e] >> 1] = true;
        }

        _roads = new int[geometry.NodeCount];
        for (var g = 0; g < geometry.EdgeCount; g++)
        {
            if (carUses[g])
            {
                _roads[geometry.EdgeFrom[g]]++;
                _roads[geometry.EdgeTo[g]]++;
            }
        }
    }

    // The first point at least 10 m along the polyline from its first point (flat metres at the first point's latitude).
    private static (double Lat, double Lon) PointAlong(List<(double Lat, double Lon)> points)
    {
        var cos = Math.Cos(points[0].Lat * Math.PI / 180);
        var meters = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            var dy = (points[i].Lat - points[i - 1].Lat) * 111_195;
            var dx = (points[i].Lon - points[i - 1].Lon) * 111_195 * cos;
            meters += Math.Sqrt((dx * dx) + (dy * dy));
            if (meters >= 10)
            {
                return points[i];
            }
        }

        return points[^1];
    }

    public int TurnMs(int from, int to)
    {
        var uTurn = _car.GeoDir[from] >> 1 == _car.GeoDir[to] >> 1 && _car.GeoDir[from] != _car.GeoDir[to];
        if (!uTurn && _roads[_car.StreetNode[_car.Head[from]]] <= 2)
        {
            return 0;
        }

        var angle = uTurn ? 180 : CarTurnModel.Angle(_arrive[from], _leave[to]);
        return (int)Math.Round(CarTurnModel.Seconds(angle, uTurn, _options) * 1000);
    }

    /// <summary>Junction to junction: drive off the first by any street, arrive at the second by any; int.MaxValue when unreachable.</summary>
    public int NodeCost(int sourceNode, int targetNode)
    {
        var x = _car.StreetNode[sourceNode];
        var y = _car.StreetNode[targetNode];
        if (x == y)
        {
            return 0;
        }

        var start = new Dictionary<int, int>();
        for (var e = 0; e < _car.EdgeCount; e++)
        {
            if (_car.StreetNode[_car.Tail[e]] == x)
            {
                start[e] = _car.Weight[e];
            }
        }

        var label = Run(start);
        var best = int.MaxValue;
        for (var e = 0; e < _car.EdgeCount; e++)
        {
            if (_car.StreetNode[_car.Head[e]] == y && label[e] < best)
            {
                best = label[e];
            }
        }

        return best;
    }

    /// <summary>Between two snapped points that are not on a junction (not within 1 m of an end of their edge).</summary>
    public int SnapCost(StreetSnap from, StreetSnap to)
    {
        var start = new Dictionary<int, int>();
        foreach (var e in CarEdges(from.Edge))
        {
            start[e] = StreetRouter.PartialCost(_car, e, 1 - Along(e, from.Fraction));
        }

        var label = Run(start);
        var best = int.MaxValue;
        foreach (var f in CarEdges(to.Edge))
        {
            var part = StreetRouter.PartialCost(_car, f, Along(f, to.Fraction));
            for (var e = 0; e < _car.EdgeCount; e++)
            {
                if (_car.Head[e] == _car.Tail[f] && label[e] != int.MaxValue)
                {
                    best = Math.Min(best, label[e] + TurnMs(e, f) + part);
                }
            }

            // Both on one edge, the target ahead: straight along it.
            if (from.Edge == to.Edge && Along(f, from.Fraction) <= Along(f, to.Fraction))
            {
                best = Math.Min(best, StreetRouter.PartialCost(_car, f, Along(f, to.Fraction) - Along(f, from.Fraction)));
            }
        }

        return best;
    }

    private IEnumerable<int> CarEdges(int geometryEdge) => Enumerable.Range(0, _car.EdgeCount).Where(e => _car.GeoDir[e] >> 1 == geometryEdge);

    private double Along(int e, double fraction) => (_car.GeoDir[e] & 1) == 0 ? fraction : 1 - fraction;

    private int[] Run(Dictionary<int, int> start)
    {
        var label = Enumerable.Repeat(int.MaxValue, _car.EdgeCount).ToArray();
        var queue = new PriorityQueue<int, int>();
        foreach (var (e, cost) in start)
        {
            label[e] = cost;
            queue.Enqueue(e, cost);
        }

        while (queue.TryDequeue(out var e, out var cost))
        {
            if (cost > label[e])
            {
                continue;
            }

            var junction = _car.Head[e];
            for (var f = _car.FirstOut[junction]; f < _car.FirstOut[junction + 1]; f++)
            {
                var next = cost + TurnMs(e, f) + _car.Weight[f];
                if (next < label[f])
                {
                    label[f] = next;
                    queue.Enqueue(f, next);
                }
            }
        }

        return label;
    }
}
