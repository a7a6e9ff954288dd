using OsmSharp;
using OsmSharp.Tags;

namespace Mobility.Simulation.City;

internal sealed partial class OsmCityWriter
{
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
