namespace Mobility.City;

/// <summary>A stop of the generated feed: always on an intersection, so it shares the street node's coordinates.</summary>
internal sealed record CityStop(int Intersection, string Id, string Name, GeoPoint Position, bool Tram);

/// <summary>
/// A line along one arterial corridor (row or column of the grid), between grid positions From and To, with its stops
/// at grid positions along the corridor. RouteType follows GTFS routes.txt: 0 tram, 3 bus.
/// </summary>
internal sealed record TransitLine(
    string RouteId, string ShortName, int RouteType, string AgencyId, string Color, bool Horizontal, int Corridor,
    int From, int To, int[] StopPositions)
{
    public bool IsTram => RouteType == 0;
}

/// <summary>Lays bus and tram lines on the arterials: trams on primaries, buses on secondaries (and spare primaries).</summary>
internal sealed class TransitPlan
{
    private static readonly string[] TramColors = ["C4007A", "0072BC", "00A651", "F7941D", "8E44AD", "E2001A"];
    private static readonly string[] BusColors = ["E2001A", "00A0E1", "F39200", "6AB023", "A3195B", "009AA6", "7A5CA0", "D5A100"];

    private TransitPlan(StreetGrid grid, List<TransitLine> lines, SortedDictionary<int, CityStop> stops)
    {
        Grid = grid;
        Lines = lines;
        Stops = stops;
    }

    public StreetGrid Grid { get; }

    public IReadOnlyList<TransitLine> Lines { get; }

    /// <summary>Stops by intersection index (sorted: the feed lists them in a stable order).</summary>
    public SortedDictionary<int, CityStop> Stops { get; }

    public static TransitPlan Build(StreetGrid grid)
    {
        var spec = grid.Spec;
        var trams = new List<TransitLine>();
        var buses = new List<TransitLine>();
        var stops = new SortedDictionary<int, CityStop>();
        foreach (var horizontal in new[] { true, false })
        {
            var count = horizontal ? grid.NodesY : grid.NodesX;
            int primaryOrdinal = 0, secondaryOrdinal = 0;
            for (var c = 0; c < count; c++)
            {
                var cls = grid.LineClass(c, horizontal);
                bool tram = false, bus = false;
                if (cls == StreetClass.Primary)
                {
                    tram = spec.TramCorridorStride > 0 && primaryOrdinal % spec.TramCorridorStride == 0;
                    bus = !tram;
                    primaryOrdinal++;
                }
                else if (cls == StreetClass.Secondary)
                {
                    bus = secondaryOrdinal % spec.BusCorridorStride == 0;
                    secondaryOrdinal++;
                }

                if (tram || bus)
                {
                    AddCorridor(grid, horizontal, c, tram, tram ? trams : buses, stops);
                }
            }
        }

        return new TransitPlan(grid, [.. trams, .. buses], stops);
    }

    /// <summary>The intersection at a grid position along a line.</summary>
    public int At(TransitLine line, int position) => At(Grid, line.Horizontal, line.Corridor, position);

    private static int At(StreetGrid g, bool horizontal, int corridor, int position) =>
        horizontal ? g.Intersection(position, corridor) : g.Intersection(corridor, position);

    private static void AddCorridor(StreetGrid g, bool horizontal, int corridor, bool tram, List<TransitLine> lines, SortedDictionary<int, CityStop> stops)
    {
        var spec = g.Spec;
        var every = tram ? spec.TramStopEvery : spec.BusStopEvery;
        var length = horizontal ? g.Columns : g.Rows;
        var s = 0;
        while (s < length)
        {
            // A run of existing segments (an arterial only breaks where the river has no bridge).
            while (s < length && Segment(g, horizontal, corridor, s) == StreetClass.None)
            {
                s++;
            }

            var a = s;
            while (s < length && Segment(g, horizontal, corridor, s) != StreetClass.None)
            {
                s++;
            }

            var b = s;
            if (b - a >= 2 * every)
            {
                AddRun(g, horizontal, corridor, tram, a, b, every, lines, stops);
            }
        }
    }

    private static StreetClass Segment(StreetGrid g, bool horizontal, int corridor, int s) =>
        horizontal ? g.H[g.HIndex(s, corridor)] : g.V[g.VIndex(corridor, s)];

    private static void AddRun(StreetGrid g, bool horizontal, int corridor, bool tram, int a, int b, int every,
        List<TransitLine> lines, SortedDictionary<int, CityStop> stops)
    {
        var positions = new List<int>();
        for (var p = a; p <= b; p += every)
        {
            positions.Add(p);
        }

        if (positions[^1] != b)
        {
            if (b - positions[^1] < every / 2.0)
            {
                positions[^1] = b;
            }
            else
            {
                positions.Add(b);
            }
        }

        var spec = g.Spec;
        var n = positions.Count;
        var parts = (int)Math.Ceiling((n - 1) / (double)(spec.MaxStopsPerLine - 1));
        for (var part = 0; part < parts; part++)
        {
            // Consecutive lines of a long corridor share their end stop, where riders transfer.
            var first = (int)Math.Round(part * (n - 1) / (double)parts);
            var last = (int)Math.Round((part + 1) * (n - 1) / (double)parts);
            var linePositions = positions.GetRange(first, last - first + 1).ToArray();
            var number = lines.Count + 1;
            var line = new TransitLine(
                tram ? $"T{number}" : $"B{number}", tram ? $"T{number}" : number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                tram ? 0 : 3, tram ? "TRAM" : "BUS", tram ? TramColors[(number - 1) % TramColors.Length] : BusColors[(number - 1) % BusColors.Length],
                horizontal, corridor, linePositions[0], linePositions[^1], linePositions);
            lines.Add(line);
            foreach (var p in linePositions)
            {
                var q = At(g, horizontal, corridor, p);
                if (!stops.ContainsKey(q))
                {
                    var (i, j) = (q % g.NodesX, q / g.NodesX);
                    var name = StreetNames.Crossing(g, i, j);
                    stops[q] = new CityStop(q, $"S{q}", name, g.Geo(q), tram);
                }
            }
        }
    }
}
