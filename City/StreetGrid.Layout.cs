namespace Mobility.City;

internal sealed partial class StreetGrid
{
    private void ChoosePark()
    {
        // A park south-west of the centre, clear of the river rows: its inner streets become footways.
        var pw = Math.Max(3, Columns / 12);
        var ph = Math.Max(3, Rows / 12);
        var i0 = Math.Max(1, (Columns / 2) - pw - Math.Max(1, Columns / 10));
        var j1 = Math.Min(RiverRow - 1, (Rows / 2) - 1);
        var j0 = Math.Max(1, j1 - ph);
        Park = (i0, j0, Math.Min(Columns - 1, i0 + pw), j1);
    }

    private bool SegmentInPark(int ia, int ja, int ib, int jb, bool horizontal)
    {
        // A segment is inside when both ends are within the rectangle and it does not run along its border.
        var inside = ia >= Park.I0 && ib <= Park.I1 && ja >= Park.J0 && jb <= Park.J1;
        if (!inside)
        {
            return false;
        }

        return horizontal ? ja > Park.J0 && ja < Park.J1 : ia > Park.I0 && ia < Park.I1;
    }

    private void ClassifySegments()
    {
        for (var j = 0; j < NodesY; j++)
        {
            var cls = LineClass(j, true);
            for (var i = 0; i < Columns; i++)
            {
                H[HIndex(i, j)] = Special(cls, i, j, i + 1, j, true, HIndex(i, j));
            }
        }

        for (var i = 0; i < NodesX; i++)
        {
            var cls = LineClass(i, false);
            for (var j = 0; j < Rows; j++)
            {
                var v = VIndex(i, j);
                if (j == RiverRow)
                {
                    // Bridges: every primary, about a third of the secondaries, and both ends of the grid.
                    var bridge = cls == StreetClass.Primary
                        || (cls == StreetClass.Secondary && CityRandom.Chance(Seed, RandomStream.Layout, i, 0.35, 1))
                        || i == 0 || i == Columns;
                    V[v] = bridge ? (cls == StreetClass.Residential ? StreetClass.Secondary : cls) : StreetClass.None;
                    continue;
                }

                V[v] = Special(cls, i, j, i, j + 1, false, v + H.Length);
            }
        }
    }

    private StreetClass Special(StreetClass cls, int ia, int ja, int ib, int jb, bool horizontal, long key)
    {
        if (cls != StreetClass.Residential)
        {
            return cls;
        }

        if (SegmentInPark(ia, ja, ib, jb, horizontal))
        {
            return StreetClass.Footway;
        }

        var r = CityRandom.Unit(Seed, RandomStream.SpecialWay, key);
        if (r < 0.025)
        {
            return StreetClass.Cycleway;
        }

        return r < 0.035 && CentreDistance(ia, ja) < 0.3 ? StreetClass.Pedestrian : cls;
    }

    private void DropSegments()
    {
        var share = Spec.MissingSegmentShare;
        if (share <= 0)
        {
            return;
        }

        for (var j = 0; j < NodesY; j++)
        {
            for (var i = 0; i < Columns; i++)
            {
                var h = HIndex(i, j);
                if (H[h] == StreetClass.Residential && CityRandom.Chance(Seed, RandomStream.DropSegment, h, share)
                    && Degree(i, j) > 2 && Degree(i + 1, j) > 2)
                {
                    H[h] = StreetClass.None;
                }
            }
        }

        for (var i = 0; i < NodesX; i++)
        {
            for (var j = 0; j < Rows; j++)
            {
                var v = VIndex(i, j);
                if (V[v] == StreetClass.Residential && CityRandom.Chance(Seed, RandomStream.DropSegment, v + H.Length, share)
                    && Degree(i, j) > 2 && Degree(i, j + 1) > 2)
                {
                    V[v] = StreetClass.None;
                }
            }
        }
    }

    private void ChooseOneWays()
    {
        // About a quarter of the residential street lines are one-way, in alternating directions.
        for (var j = 0; j < NodesY; j++)
        {
            RowOneWay[j] = PickOneWay(j, true);
        }

        for (var i = 0; i < NodesX; i++)
        {
            ColumnOneWay[i] = PickOneWay(i, false);
        }
    }

    private OneWay PickOneWay(int index, bool horizontal)
    {
        if (LineClass(index, horizontal) != StreetClass.Residential || (horizontal && (index == RiverRow || index == RiverRow + 1)))
        {
            return OneWay.None;
        }

        var key = horizontal ? index : -1 - index;
        if (!CityRandom.Chance(Seed, RandomStream.OneWay, key, 0.25))
        {
            return OneWay.None;
        }

        return CityRandom.Chance(Seed, RandomStream.OneWay, key, 0.5, 1) ? OneWay.Forward : OneWay.Backward;
    }
}
