namespace Mobility.City;

/// <summary>
/// Where people can live, work, study and shop in a generated city: its street intersections (the points every
/// street of the generated OSM joins), each with what the grid knows of its neighbourhood. The generator draws no
/// land-use polygons, so land use is read from the grid's own zoning: the distance to the centre and the class of the
/// streets that meet there. Same spec, same list, in the same order.
/// </summary>
public static class CityPlaces
{
    /// <summary>The intersections that at least two streets reach (the islet and the park's inside are left out).</summary>
    public static IReadOnlyList<CityIntersection> Of(CitySpec spec)
    {
        var grid = new StreetGrid(spec);
        var list = new List<CityIntersection>(grid.NodesX * grid.NodesY);
        var park = grid.Park;
        for (var j = 0; j <= grid.Rows; j++)
        {
            for (var i = 0; i <= grid.Columns; i++)
            {
                if (grid.Degree(i, j) < 2 || (i > park.I0 && i < park.I1 && j > park.J0 && j < park.J1))
                {
                    continue;
                }

                var geo = grid.Geo(grid.Intersection(i, j));
                var arterial = Touches(grid, i, j, c => c is StreetClass.Primary or StreetClass.Secondary);
                list.Add(new CityIntersection(list.Count, geo.Latitude, geo.Longitude, grid.CentreDistance(i, j), arterial, j > grid.RiverRow));
            }
        }

        return list;
    }

    private static bool Touches(StreetGrid g, int i, int j, Func<StreetClass, bool> test) =>
        (i > 0 && test(g.H[g.HIndex(i - 1, j)])) || (i < g.Columns && test(g.H[g.HIndex(i, j)]))
        || (j > 0 && test(g.V[g.VIndex(i, j - 1)])) || (j < g.Rows && test(g.V[g.VIndex(i, j)]));
}

/// <param name="Index">Position in <see cref="CityPlaces.Of"/>'s list.</param>
/// <param name="CentreDistance">0 at the centre, 1 at the middle of the grid's edges (up to about 1.41 at its corners).</param>
/// <param name="OnArterial">A primary or secondary street meets here (shops and offices line them).</param>
/// <param name="SouthOfRiver">On the far bank (rows past the river).</param>
public sealed record CityIntersection(int Index, double Latitude, double Longitude, double CentreDistance, bool OnArterial, bool SouthOfRiver);
