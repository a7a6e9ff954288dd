namespace Mobility.City;

/// <summary>
/// The city's street layout before it is written: a perturbed grid of intersections, the class of every segment
/// between neighbouring intersections, the river with its bridges, the park, and the one-way streets. OSM, GTFS and
/// GBFS writers all read from this one model, so the stops and stations sit exactly on street nodes.
/// Intersection q = j * (Columns + 1) + i; horizontal segment h = j * Columns + i joins (i, j)-(i+1, j);
/// vertical segment v = i * Rows + j joins (i, j)-(i, j+1). Flat arrays: a million-node city is a few MB here.
/// </summary>
internal sealed partial class StreetGrid
{
    public StreetGrid(CitySpec spec)
    {
        spec.EnsureValid();
        Spec = spec;
        Seed = spec.Seed;
        Columns = spec.Columns;
        Rows = spec.Rows;
        NodesX = Columns + 1;
        NodesY = Rows + 1;
        Block = spec.BlockMeters;
        RiverWidth = 0.9 * Block;
        QuayMargin = 0.35 * Block;
        Projection = new CityProjection(spec.CentreLatitude, spec.CentreLongitude,
            CityRandom.Signed(Seed, RandomStream.Layout, 0) * 12.0);
        RiverRow = ChooseRiverRow();
        X = new double[NodesX * NodesY];
        Y = new double[NodesX * NodesY];
        H = new StreetClass[NodesY * Columns];
        V = new StreetClass[NodesX * Rows];
        RowOneWay = new OneWay[NodesY];
        ColumnOneWay = new OneWay[NodesX];
        PlaceIntersections();
        ChoosePark();
        ClassifySegments();
        DropSegments();
        ChooseOneWays();
    }

    public CitySpec Spec { get; }

    public long Seed { get; }

    public int Columns { get; }

    public int Rows { get; }

    public int NodesX { get; }

    public int NodesY { get; }

    public double Block { get; }

    public double RiverWidth { get; }

    public double QuayMargin { get; }

    public CityProjection Projection { get; }

    /// <summary>The river flows between row RiverRow (south quay) and RiverRow + 1 (north quay).</summary>
    public int RiverRow { get; }

    public double[] X { get; }

    public double[] Y { get; }

    public StreetClass[] H { get; }

    public StreetClass[] V { get; }

    public OneWay[] RowOneWay { get; }

    public OneWay[] ColumnOneWay { get; }

    /// <summary>Park rectangle in intersection indices, inclusive.</summary>
    public (int I0, int J0, int I1, int J1) Park { get; private set; }

    public int Intersection(int i, int j) => (j * NodesX) + i;

    public int HIndex(int i, int j) => (j * Columns) + i;

    public int VIndex(int i, int j) => (i * Rows) + j;

    public bool IsBridge(int i, int j) => j == RiverRow && V[VIndex(i, j)] != StreetClass.None;

    /// <summary>The class of a whole street line (row j when horizontal, column i otherwise), by its distance to the centre line.</summary>
    public StreetClass LineClass(int index, bool horizontal)
    {
        var d = index - ((horizontal ? Rows : Columns) / 2);
        if (Mod(d, Spec.PrimaryEvery) == 0)
        {
            return StreetClass.Primary;
        }

        return Mod(d, Spec.SecondaryEvery) == 0 ? StreetClass.Secondary : StreetClass.Residential;
    }

    public GeoPoint Geo(int q) => Projection.ToGeo(X[q], Y[q]);

    /// <summary>The warp applied to every feature so that the grid bends gently, like a city grown along a valley.</summary>
    public (double X, double Y) Warp(double x, double y)
    {
        var a = 0.35 * Block;
        var l = 11 * Block;
        return (x + (a * Math.Sin(y / l)), y + (a * Math.Sin((x / (1.3 * l)) + 1.0)));
    }

    /// <summary>Unwarped base y of a row: the river widens the gap between RiverRow and RiverRow + 1.</summary>
    public double BaseY(int j) => (j * Block) + (j > RiverRow ? RiverWidth + (2 * QuayMargin) - Block : 0) - (HalfHeight());

    public double BaseX(int i) => (i * Block) - (Columns * Block / 2);

    public double HalfWidth() => Columns * Block / 2;

    public double HalfHeight() => ((Rows * Block) + RiverWidth + (2 * QuayMargin) - Block) / 2;

    /// <summary>The k-th (1-based) shape node of a segment between intersections a and b: a gentle bow, seeded per segment.</summary>
    public (double X, double Y) ShapePoint(int a, int b, long segmentKey, int k, StreetClass cls)
    {
        var n = Spec.ShapeNodesPerSegment + 1;
        var t = (double)k / n;
        var dx = X[b] - X[a];
        var dy = Y[b] - Y[a];
        var len = Math.Sqrt((dx * dx) + (dy * dy));
        var bow = cls is StreetClass.Primary or StreetClass.Secondary ? 0.01 : 0.05;
        var offset = CityRandom.Signed(Seed, RandomStream.Curve, segmentKey) * bow * len * Math.Sin(Math.PI * t);
        var wobble = CityRandom.Signed(Seed, RandomStream.Curve, segmentKey, k) * 0.01 * len;
        var (px, py) = len > 0 ? (-dy / len, dx / len) : (0, 0);
        return (X[a] + (t * dx) + (px * (offset + wobble)), Y[a] + (t * dy) + (py * (offset + wobble)));
    }

    /// <summary>Normalized distance of an intersection from the centre: 0 at the centre, 1 at the edge of the grid.</summary>
    public double CentreDistance(int i, int j)
    {
        var dx = (i - (Columns / 2.0)) / (Columns / 2.0);
        var dy = (j - (Rows / 2.0)) / (Rows / 2.0);
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    public int Degree(int i, int j)
    {
        var d = 0;
        if (i > 0 && H[HIndex(i - 1, j)] != StreetClass.None) d++;
        if (i < Columns && H[HIndex(i, j)] != StreetClass.None) d++;
        if (j > 0 && V[VIndex(i, j - 1)] != StreetClass.None) d++;
        if (j < Rows && V[VIndex(i, j)] != StreetClass.None) d++;
        return d;
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;

    private int ChooseRiverRow()
    {
        var j = Math.Clamp((Rows / 2) + Math.Max(1, Rows / 6), 1, Rows - 2);
        while (j < Rows - 1 && (LineClass(j, true) != StreetClass.Residential || LineClass(j + 1, true) != StreetClass.Residential))
        {
            j++;
        }

        while (j > 1 && (LineClass(j, true) != StreetClass.Residential || LineClass(j + 1, true) != StreetClass.Residential))
        {
            j--;
        }

        return j;
    }

    private void PlaceIntersections()
    {
        for (var j = 0; j < NodesY; j++)
        {
            var rowFixed = LineClass(j, true) != StreetClass.Residential || j == RiverRow || j == RiverRow + 1;
            for (var i = 0; i < NodesX; i++)
            {
                var q = Intersection(i, j);
                var colFixed = LineClass(i, false) != StreetClass.Residential;
                var jx = CityRandom.Signed(Seed, RandomStream.Jitter, q, 0) * Block * (colFixed ? 0.02 : 0.12);
                var jy = CityRandom.Signed(Seed, RandomStream.Jitter, q, 1) * Block * (rowFixed ? 0.02 : 0.12);
                (X[q], Y[q]) = Warp(BaseX(i) + jx, BaseY(j) + jy);
            }
        }
    }
}
