using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Turns;

/// <summary>
/// Builds the <see cref="TurnGraph"/> of the car graph: one arc per pair of car edges that meet head to tail (the
/// junction copies of turn restrictions included), weighted by the first edge's time plus the turn cost of
/// <see cref="CarTurnModel"/>. U-turns are allowed at every junction at their penalty: OSRM allows them only where a
/// street ends, but allowing them everywhere keeps connected every pair of places the car graph connects, so a car
/// route never disappears because of the turn model.
/// </summary>
internal static class TurnGraphBuilder
{
    /// <summary>Bearings are taken between the junction and the first point at least this far along the street, so
    /// that a short kink of the drawn geometry right at the junction does not decide the turn's angle.</summary>
    public const double BearingMeters = 10;

    public static TurnGraph Build(StreetGeometry geometry, ProfileGraph car, StreetBuildOptions options)
    {
        if (!double.IsFinite(options.TurnPenaltySeconds) || options.TurnPenaltySeconds is < 0 or > 600
            || !double.IsFinite(options.UTurnPenaltySeconds) || options.UTurnPenaltySeconds is < 0 or > 3600)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"turn penalties must be 0-600 s and 0-3600 s (U-turn); got {options.TurnPenaltySeconds} s and {options.UTurnPenaltySeconds} s");
        }

        var m = car.EdgeCount;
        var arriving = new double[m];
        var leaving = new double[m];
        var lat = new List<int>();
        var lon = new List<int>();
        for (var e = 0; e < m; e++)
        {
            geometry.Points(car.GeoDir[e] >> 1, (car.GeoDir[e] & 1) == 1, lat, lon);
            leaving[e] = EndBearing(lat, lon, fromStart: true);
            arriving[e] = EndBearing(lat, lon, fromStart: false);
        }

        // Streets meeting at each junction (car-usable geometry edges): OSRM's number_of_roads.
        var roads = new int[geometry.NodeCount];
        for (var g = 0; g < geometry.EdgeCount; g++)
        {
            if (car.GeoFirst[g] < car.GeoFirst[g + 1])
            {
                roads[geometry.EdgeFrom[g]]++;
                roads[geometry.EdgeTo[g]]++;
            }
        }

        var firstOut = new int[m + 1];
        var heads = new List<int>(m * 3);
        var weights = new List<int>(m * 3);
        for (var e = 0; e < m; e++)
        {
            var junction = car.Head[e];
            for (var f = car.FirstOut[junction]; f < car.FirstOut[junction + 1]; f++)
            {
                var uTurn = car.GeoDir[f] >> 1 == car.GeoDir[e] >> 1 && car.GeoDir[f] != car.GeoDir[e];
                var turnMs = 0;
                if (uTurn || roads[car.StreetNode[junction]] > 2)
                {
                    var angle = uTurn ? 180 : CarTurnModel.Angle(arriving[e], leaving[f]);
                    turnMs = (int)Math.Round(CarTurnModel.Seconds(angle, uTurn, options) * 1000);
                }

                heads.Add(f);
                weights.Add(car.Weight[e] + turnMs);
            }

            firstOut[e + 1] = heads.Count;
        }

        var arcCount = heads.Count;
        var tails = new int[arcCount];
        var geoDir = new int[arcCount];
        for (var e = 0; e < m; e++)
        {
            for (var a = firstOut[e]; a < firstOut[e + 1]; a++)
            {
                tails[a] = e;
                geoDir[a] = car.GeoDir[e];
            }
        }

        var headArray = heads.ToArray();
        var (firstIn, inEdge) = Csr(headArray, m, a => a);
        var inMain = new bool[m];
        var component = new int[m];
        var streetNode = new int[m];
        for (var e = 0; e < m; e++)
        {
            inMain[e] = car.InMain[car.Tail[e]] && car.InMain[car.Head[e]];
            component[e] = car.Component[car.Tail[e]];
            streetNode[e] = car.StreetNode[car.Tail[e]];
        }

        var arcs = new ProfileGraph
        {
            Profile = StreetProfile.Car,
            NodeCount = m,
            StreetNode = streetNode,
            FirstOut = firstOut,
            Head = headArray,
            Tail = tails,
            Weight = [.. weights],
            GeoDir = geoDir,
            FirstIn = firstIn,
            InEdge = inEdge,
            GeoFirst = new int[geometry.EdgeCount + 1], // snapping uses the car graph, never these arcs
            GeoEdges = [],
            GeoLength = car.GeoLength,
            InMain = inMain,
            Component = component,
        };

        var tailStreet = new int[m];
        var headStreet = new int[m];
        for (var e = 0; e < m; e++)
        {
            tailStreet[e] = car.StreetNode[car.Tail[e]];
            headStreet[e] = car.StreetNode[car.Head[e]];
        }

        var (leaveFirst, leave) = Csr(tailStreet, geometry.NodeCount, e => e);
        var (enterFirst, enter) = Csr(headStreet, geometry.NodeCount, e => e);
        return new TurnGraph
        {
            Car = car,
            Arcs = arcs,
            LeaveFirst = leaveFirst,
            Leave = leave,
            EnterFirst = enterFirst,
            Enter = enter,
        };
    }

    /// <summary>Groups the indices i by keys[i] (CSR): items of key k are at first[k] .. first[k+1]-1.</summary>
    private static (int[] First, int[] Items) Csr(int[] keys, int keyCount, Func<int, int> item)
    {
        var first = new int[keyCount + 1];
        foreach (var k in keys)
        {
            first[k + 1]++;
        }

        for (var k = 0; k < keyCount; k++)
        {
            first[k + 1] += first[k];
        }

        var fill = (int[])first.Clone();
        var items = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            items[fill[keys[i]]++] = item(i);
        }

        return (first, items);
    }

    /// <summary>
    /// Travel bearing at one end of an edge (points in travel order): leaving its first point, or arriving at its last,
    /// measured against the first point at least <see cref="BearingMeters"/> away along the edge (else its other end).
    /// </summary>
    private static double EndBearing(List<int> lat, List<int> lon, bool fromStart)
    {
        var count = lat.Count;
        var end = fromStart ? 0 : count - 1;
        var step = fromStart ? 1 : -1;
        var cos = Math.Cos(lat[end] / GeoCoordinate.FixedScale * Math.PI / 180);
        var meters = 0.0;
        var other = end;
        for (var i = end + step; i >= 0 && i < count; i += step)
        {
            var dy = (lat[i] - lat[i - step]) / GeoCoordinate.FixedScale * 111_195;
            var dx = (lon[i] - lon[i - step]) / GeoCoordinate.FixedScale * 111_195 * cos;
            meters += Math.Sqrt((dx * dx) + (dy * dy));
            other = i;
            if (meters >= BearingMeters)
            {
                break;
            }
        }

        var (aLat, aLon, bLat, bLon) = fromStart
            ? (lat[end], lon[end], lat[other], lon[other])
            : (lat[other], lon[other], lat[end], lon[end]);
        return CarTurnModel.Bearing(aLat / GeoCoordinate.FixedScale, aLon / GeoCoordinate.FixedScale, bLat / GeoCoordinate.FixedScale, bLon / GeoCoordinate.FixedScale);
    }
}
