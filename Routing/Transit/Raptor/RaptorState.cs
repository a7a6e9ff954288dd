namespace Mobility.Routing.Transit.Raptor;

/// <summary>
/// The working arrays of one query, sized for one timetable and reused across queries on the same thread
/// (rented from <see cref="RaptorRouter"/>'s pool), so a query allocates no graph-sized memory.
/// </summary>
internal sealed class RaptorState
{
    public const int Infinity = int.MaxValue;

    public RaptorState(int stops, int routes, int rounds)
    {
        Stops = stops;
        Rounds = rounds;
        var size = stops * (rounds + 1);
        Vehicle = new int[size];
        VehicleTrip = new int[size];
        VehicleDay = new int[size];
        VehicleBoardPos = new int[size];
        VehicleAlightPos = new int[size];
        VehicleBoardStop = new int[size];
        VehicleBoardRound = new int[size];
        VehicleBoardWalk = new bool[size];
        Walk = new int[size];
        WalkFrom = new int[size];
        BestVehicle = new int[stops];
        BestBoard = new int[stops];
        BestWalk = new int[stops];
        BoardRound = new int[stops];
        BoardWalk = new bool[stops];
        Marked = new bool[stops];
        MarkedList = new int[stops];
        Improved = new bool[stops];
        ImprovedList = new int[stops];
        RouteStart = new int[routes];
        RouteQueue = new int[routes];
        EgressSeconds = new int[stops];
    }

    public int Stops { get; }

    public int Rounds { get; }

    public int[] Vehicle { get; }

    public int[] VehicleTrip { get; }

    public int[] VehicleDay { get; }

    public int[] VehicleBoardPos { get; }

    public int[] VehicleAlightPos { get; }

    public int[] VehicleBoardStop { get; }

    public int[] VehicleBoardRound { get; }

    public bool[] VehicleBoardWalk { get; }

    public int[] Walk { get; }

    public int[] WalkFrom { get; }

    public int[] BestVehicle { get; }

    public int[] BestBoard { get; }

    /// <summary>Best arrival on foot after a ride (rounds >= 1), kept for egress stops.</summary>
    public int[] BestWalk { get; }

    public int[] BoardRound { get; }

    public bool[] BoardWalk { get; }

    public bool[] Marked { get; }

    public int[] MarkedList { get; }

    public int MarkedCount { get; set; }

    public bool[] Improved { get; }

    public int[] ImprovedList { get; }

    public int ImprovedCount { get; set; }

    public int[] RouteStart { get; }

    public int[] RouteQueue { get; }

    public int RouteCount { get; set; }

    public int[] EgressSeconds { get; }

    /// <summary>Clears every label (a new query; range queries keep labels between departures instead).</summary>
    public void Reset()
    {
        Array.Fill(Vehicle, Infinity);
        Array.Fill(Walk, Infinity);
        Array.Fill(BestVehicle, Infinity);
        Array.Fill(BestBoard, Infinity);
        Array.Fill(BestWalk, Infinity);
        Array.Fill(RouteStart, Infinity);
        Array.Fill(EgressSeconds, -1);
        Array.Clear(Marked);
        Array.Clear(Improved);
        MarkedCount = 0;
        ImprovedCount = 0;
        RouteCount = 0;
    }

    public void Mark(int stop)
    {
        if (!Marked[stop])
        {
            Marked[stop] = true;
            MarkedList[MarkedCount++] = stop;
        }
    }

    public void MarkImproved(int stop)
    {
        if (!Improved[stop])
        {
            Improved[stop] = true;
            ImprovedList[ImprovedCount++] = stop;
        }
    }
}
