using OsmSharp;
using OsmSharp.Tags;

namespace Mobility.City;

internal sealed partial class OsmCityWriter
{
    /// <summary>At most this many park-and-ride car parks, at the outer ends of the lines.</summary>
    private const int MaxParkRides = 8;

    /// <summary>
    /// Park-and-ride car parks at the terminals of the tram lines (of the first bus lines when the city has no tram),
    /// where a driver coming from outside would leave the car: OSM amenity=parking with park_ride=tram or bus (OSM wiki
    /// Key:park_ride). Same spec, same car parks: the transit plan is itself deterministic.
    /// </summary>
    private List<(int Intersection, string Name, string Kind)> ChooseParkRides()
    {
        var plan = TransitPlan.Build(_g);
        var lines = plan.Lines.Where(l => l.IsTram).ToList();
        if (lines.Count == 0)
        {
            lines = [.. plan.Lines.Take(MaxParkRides / 2)];
        }

        var found = new List<(int, string, string)>();
        var seen = new HashSet<int>();
        foreach (var line in lines)
        {
            foreach (var position in new[] { line.StopPositions[0], line.StopPositions[^1] })
            {
                var q = plan.At(line, position);
                if (found.Count < MaxParkRides && seen.Add(q) && plan.Stops.TryGetValue(q, out var stop))
                {
                    found.Add((q, "P+R " + stop.Name, line.IsTram ? "tram" : "bus"));
                }
            }
        }

        return found;
    }

    /// <summary>The four corners of each car park, a square of a fifth of a block centred a third of a block off its stop's corner.</summary>
    private void WriteParkRideNodes()
    {
        var (centre, half) = (_g.Block / 3, _g.Block / 10);
        for (var n = 0; n < _parkRides.Count; n++)
        {
            var q = _parkRides[n].Intersection;
            (double Dx, double Dy)[] corners = [(-half, -half), (half, -half), (half, half), (-half, half)];
            for (var c = 0; c < 4; c++)
            {
                AddNode(_parkRideFirst + (4 * n) + c, _g.Projection.ToGeo(_g.X[q] + centre + corners[c].Dx, _g.Y[q] + centre + corners[c].Dy));
            }
        }
    }

    /// <summary>Each car park as a closed way (an area), the way most car parks are mapped.</summary>
    private void WriteParkRideWays()
    {
        for (var n = 0; n < _parkRides.Count; n++)
        {
            var first = _parkRideFirst + (4 * n);
            var (_, name, kind) = _parkRides[n];
            AddWay([first, first + 1, first + 2, first + 3, first], Tags(("amenity", "parking"), ("park_ride", kind), ("parking", "surface"), ("name", name)));
        }
    }

    private void WriteFeatureWays()
    {
        // Riverside cycle path, split where a footway connects it to the quay at each arterial.
        var run = new List<long> { _cycleFirst };
        for (var i = 1; i < _g.NodesX; i++)
        {
            run.Add(_cycleFirst + i);
            if (_g.LineClass(i, false) != StreetClass.Residential || i == _g.Columns)
            {
                AddWay(run, Tags(("highway", "cycleway"), ("foot", "yes"), ("name", "Voie verte des Berges")));
                run = [_cycleFirst + i];
            }
        }

        for (var i = 0; i < _g.NodesX; i++)
        {
            if (i == 0 || i == _g.Columns || _g.LineClass(i, false) != StreetClass.Residential)
            {
                AddWay([IntersectionId(_g.Intersection(i, _g.RiverRow)), _cycleFirst + i], Tags(("highway", "footway"), ("bicycle", "yes")));
            }
        }

        const int MaxRiverWayNodes = 400;
        for (var m = 0; m < _riverCount - 1; m += MaxRiverWayNodes - 1)
        {
            var last = Math.Min(_riverCount - 1, m + MaxRiverWayNodes - 1);
            var nodes = new List<long>();
            for (var n = m; n <= last; n++)
            {
                nodes.Add(_riverFirst + n);
            }

            AddWay(nodes, Tags(("waterway", "river"), ("name", "La Valmonte")));
        }

        AddWay([_parkFirst, _parkFirst + 1, _parkFirst + 2, _parkFirst + 3, _parkFirst], Tags(("leisure", "park"), ("name", "Parc des Saules")));

        var polygon = new List<long>();
        for (var n = 0; n < IslandPolygonNodes; n++)
        {
            polygon.Add(_islandFirst + n);
        }

        polygon.Add(_islandFirst);
        AddWay(polygon, Tags(("place", "islet"), ("name", "Île aux Saules")));
        var loop = _islandFirst + IslandPolygonNodes;
        AddWay([loop, loop + 1, loop + 2, loop + 3, loop], Tags(("highway", "footway"), ("name", "Promenade de l'Île")));
        AddWay([loop, loop + 3, loop + 4], Tags(("highway", "residential"), ("name", "Chemin de l'Île"), ("maxspeed", "20")));
        WriteParkRideWays();
    }

    private void WriteRelations()
    {
        var vias = _restrictionVias.ToList();
        vias.Sort();
        long id = 1;
        var n = 0;
        foreach (var via in vias)
        {
            if (!_arms.TryGetValue(via, out var arms) || arms.Any(a => a == 0))
            {
                continue;
            }

            // OSM wiki Relation:restriction: members from (way), via (node), to (way). Heading east on the west arm,
            // a left turn goes north; straight on from the south arm also goes north.
            var (kind, from, to) = n % 2 == 0 ? ("no_left_turn", arms[West], arms[North]) : ("only_straight_on", arms[South], arms[North]);
            _target.AddRelation(new Relation
            {
                Id = id++,
                Version = 1,
                Visible = true,
                ChangeSetId = 1,
                TimeStamp = Epoch,
                UserId = 1,
                UserName = User,
                Tags = Tags(("type", "restriction"), ("restriction", kind)),
                Members =
                [
                    new RelationMember { Id = from, Role = "from", Type = OsmGeoType.Way },
                    new RelationMember { Id = IntersectionId(via), Role = "via", Type = OsmGeoType.Node },
                    new RelationMember { Id = to, Role = "to", Type = OsmGeoType.Way },
                ],
            });
            _relationCount++;
            n++;
        }
    }
}
