using System.Collections.Concurrent;

namespace Mobility.Routing.Transit.Raptor;

/// <summary>
/// RAPTOR (Delling, Pajor, Werneck: "Round-Based Public Transit Routing", 2012) over a <see cref="Timetable"/>.
/// Round k finds the earliest arrival at every stop with at most k rides; after each round, change times (at the
/// same stop) and footpaths (to other stops) give the times at which round k+1 may board. Thread-safe: each query
/// rents its working arrays from a pool.
/// </summary>
public sealed partial class RaptorRouter
{
    /// <summary>Upper bound on rides per journey accepted from a request.</summary>
    public const int MaxRounds = 16;

    private readonly ConcurrentBag<RaptorState> _pool = [];

    public RaptorRouter(Timetable timetable) => Timetable = timetable;

    public Timetable Timetable { get; }

    /// <summary>
    /// The Pareto set over (arrival, rides): for each number of rides, the earliest arrival if it beats every journey
    /// with fewer rides. The first journey has the fewest rides, the last arrives earliest.
    /// </summary>
    public IReadOnlyList<TransitJourney> Query(RaptorRequest request)
    {
        var state = Rent(request.MaxTrips);
        try
        {
            state.Reset();
            return Run(state, request);
        }
        finally
        {
            _pool.Add(state);
        }
    }

    /// <summary>The earliest-arriving journey, or null when the egress stops cannot be reached.</summary>
    public TransitJourney? EarliestArrival(RaptorRequest request)
    {
        var set = Query(request);
        return set.Count == 0 ? null : set[^1];
    }

    private RaptorState Rent(int maxTrips)
    {
        if (maxTrips < 1 || maxTrips > MaxRounds)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTrips), $"between 1 and {MaxRounds}");
        }

        while (_pool.TryTake(out var s))
        {
            if (s.Rounds >= maxTrips)
            {
                return s;
            }
        }

        return new RaptorState(Timetable.StopCount, Timetable.RouteCount, Math.Max(maxTrips, 8));
    }

    private List<TransitJourney> Run(RaptorState s, RaptorRequest request)
    {
        var tt = Timetable;
        var n = tt.StopCount;
        var rounds = request.MaxTrips;
        Array.Fill(s.EgressSeconds, -1);
        foreach (var e in request.Egress)
        {
            Check(e.Stop, n);
            if (s.EgressSeconds[e.Stop] < 0 || e.Seconds < s.EgressSeconds[e.Stop])
            {
                s.EgressSeconds[e.Stop] = e.Seconds;
            }
        }

        // Round 0: walking from the origin.
        foreach (var a in request.Access)
        {
            Check(a.Stop, n);
            var t = request.Departure + a.Seconds;
            if (t < s.BestBoard[a.Stop])
            {
                s.Walk[a.Stop] = t;
                s.WalkFrom[a.Stop] = -1;
                s.BestBoard[a.Stop] = t;
                s.BoardRound[a.Stop] = 0;
                s.BoardWalk[a.Stop] = true;
                s.Mark(a.Stop);
            }
        }

        var bestTarget = RaptorState.Infinity;
        var results = new List<TransitJourney>();
        for (var k = 1; k <= rounds && s.MarkedCount > 0; k++)
        {
            CollectRoutes(s);
            ScanRoutes(s, k, bestTarget);
            Transfers(s, k);
            var (arrival, stop, walked) = BestAtTarget(s, k);
            if (arrival < bestTarget)
            {
                bestTarget = arrival;
                results.Add(Reconstruct(s, k, stop, walked, request.Departure));
            }
        }

        // Leave the state clean for the next query on this thread.
        ClearMarks(s);
        return results;
    }

    internal static void Check(int stop, int n)
    {
        if ((uint)stop >= (uint)n)
        {
            throw new ArgumentOutOfRangeException(nameof(stop), stop, "not a stop of this timetable");
        }
    }

    private static void ClearMarks(RaptorState s)
    {
        for (var i = 0; i < s.MarkedCount; i++)
        {
            s.Marked[s.MarkedList[i]] = false;
        }

        s.MarkedCount = 0;
        for (var i = 0; i < s.ImprovedCount; i++)
        {
            s.Improved[s.ImprovedList[i]] = false;
        }

        s.ImprovedCount = 0;
    }

    private void CollectRoutes(RaptorState s)
    {
        var tt = Timetable;
        for (var i = 0; i < s.MarkedCount; i++)
        {
            var p = s.MarkedList[i];
            s.Marked[p] = false;
            for (var j = tt.StopRouteStart[p]; j < tt.StopRouteStart[p + 1]; j++)
            {
                var r = tt.StopRouteRoute[j];
                var pos = tt.StopRoutePos[j];
                if (s.RouteStart[r] == RaptorState.Infinity)
                {
                    s.RouteQueue[s.RouteCount++] = r;
                    s.RouteStart[r] = pos;
                }
                else if (pos < s.RouteStart[r])
                {
                    s.RouteStart[r] = pos;
                }
            }
        }

        s.MarkedCount = 0;
    }

    private void ScanRoutes(RaptorState s, int k, int bestTarget)
    {
        var tt = Timetable;
        var row = k * s.Stops;
        for (var q = 0; q < s.RouteCount; q++)
        {
            var r = s.RouteQueue[q];
            var start = s.RouteStart[r];
            s.RouteStart[r] = RaptorState.Infinity;
            var stopBase = tt.RouteStopStart[r];
            var count = tt.RouteStopStart[r + 1] - stopBase;
            var timeBase = tt.RouteTimeStart[r];
            var tripBase = tt.RouteTripStart[r];
            int trip = -1, day = -1, dayStart = 0, boardPos = -1, boardStop = -1, boardRound = 0;
            var boardWalk = false;
            for (var i = start; i < count; i++)
            {
                var p = tt.RouteStops[stopBase + i];
                var access = tt.RouteAccess[stopBase + i];
                if (trip >= 0 && (access & StopAccess.Alight) != 0)
                {
                    var arrival = dayStart + tt.Arrivals[timeBase + ((trip - tripBase) * count) + i];
                    if (arrival < s.BestVehicle[p] && arrival < bestTarget)
                    {
                        // Target pruning: an egress stop reached tightens the bound for the rest of the round.
                        if (s.EgressSeconds[p] >= 0 && arrival + s.EgressSeconds[p] < bestTarget)
                        {
                            bestTarget = arrival + s.EgressSeconds[p];
                        }

                        var at = row + p;
                        s.Vehicle[at] = arrival;
                        s.VehicleTrip[at] = trip;
                        s.VehicleDay[at] = day;
                        s.VehicleBoardPos[at] = boardPos;
                        s.VehicleAlightPos[at] = i;
                        s.VehicleBoardStop[at] = boardStop;
                        s.VehicleBoardRound[at] = boardRound;
                        s.VehicleBoardWalk[at] = boardWalk;
                        s.BestVehicle[p] = arrival;
                        s.MarkImproved(p);
                    }
                }

                var ready = s.BestBoard[p];
                if ((access & StopAccess.Board) == 0 || ready == RaptorState.Infinity || s.BoardRound[p] >= k)
                {
                    continue;
                }

                var current = trip >= 0 ? dayStart + tt.Departures[timeBase + ((trip - tripBase) * count) + i] : RaptorState.Infinity;
                if (ready > current)
                {
                    continue;
                }

                var (t, d, ds) = EarliestTrip(r, i, ready);
                if (t >= 0 && (trip < 0 || ds + tt.Departures[timeBase + ((t - tripBase) * count) + i] < current))
                {
                    trip = t;
                    day = d;
                    dayStart = ds;
                    boardPos = i;
                    boardStop = p;
                    boardRound = s.BoardRound[p];
                    boardWalk = s.BoardWalk[p];
                }
            }
        }

        s.RouteCount = 0;
    }

    /// <summary>The first trip of route <paramref name="r"/> leaving position <paramref name="pos"/> at or after
    /// <paramref name="time"/>, over the service days whose trips can still be running then.</summary>
    internal (int Trip, int Day, int DayStart) EarliestTrip(int r, int pos, int time)
    {
        var tt = Timetable;
        var starts = tt.DayStart[tt.RouteTz[r]];
        var stopCount = tt.RouteStopStart[r + 1] - tt.RouteStopStart[r];
        var timeBase = tt.RouteTimeStart[r];
        var first = tt.RouteTripStart[r];
        var last = tt.RouteTripStart[r + 1];
        var hi = Math.Clamp((int)Math.Floor((time - starts[0]) / 86400.0) + 1, 0, starts.Length - 1);
        var bestTrip = -1;
        var bestDay = -1;
        var bestStart = 0;
        var bestDep = RaptorState.Infinity;
        for (var d = hi; d >= 0 && d >= hi - tt.MaxDaySpan - 1; d--)
        {
            var offset = time - starts[d];
            if (offset > tt.RouteMaxTime[r])
            {
                break;
            }

            // Lower bound over departures at pos (sorted within a route: no overtaking).
            int lo = first, up = last;
            while (lo < up)
            {
                var mid = (lo + up) >>> 1;
                if (tt.Departures[timeBase + ((mid - first) * stopCount) + pos] < offset)
                {
                    lo = mid + 1;
                }
                else
                {
                    up = mid;
                }
            }

            for (var t = lo; t < last; t++)
            {
                var dep = starts[d] + tt.Departures[timeBase + ((t - first) * stopCount) + pos];
                if (dep >= bestDep)
                {
                    break;
                }

                if (tt.TripRunsOn(t, d))
                {
                    bestTrip = t;
                    bestDay = d;
                    bestStart = starts[d];
                    bestDep = dep;
                    break;
                }
            }
        }

        return (bestTrip, bestDay, bestStart);
    }

    private void Transfers(RaptorState s, int k)
    {
        var tt = Timetable;
        var row = k * s.Stops;
        for (var i = 0; i < s.ImprovedCount; i++)
        {
            var p = s.ImprovedList[i];
            s.Improved[p] = false;
            var arrival = s.Vehicle[row + p];
            if (arrival != s.BestVehicle[p])
            {
                continue;
            }

            var change = arrival + tt.MinChange[p];
            if (change < s.BestBoard[p])
            {
                s.BestBoard[p] = change;
                s.BoardRound[p] = k;
                s.BoardWalk[p] = false;
                s.Mark(p);
            }

            for (var j = tt.FootStart[p]; j < tt.FootStart[p + 1]; j++)
            {
                var q = tt.FootTo[j];
                var t = arrival + tt.FootSeconds[j];
                if (t >= s.Walk[row + q])
                {
                    continue;
                }

                // A walk helps when it lets a later round board earlier, or, at an egress stop, when it arrives
                // earlier than any ride did (the origin's own access walk does not count as an arrival).
                var boards = t < s.BestBoard[q];
                if (boards || (s.EgressSeconds[q] >= 0 && t < s.BestWalk[q] && t < s.BestVehicle[q]))
                {
                    s.Walk[row + q] = t;
                    s.WalkFrom[row + q] = p;
                    s.BestWalk[q] = Math.Min(s.BestWalk[q], t);
                }

                if (boards)
                {
                    s.BestBoard[q] = t;
                    s.BoardRound[q] = k;
                    s.BoardWalk[q] = true;
                    s.Mark(q);
                }
            }
        }

        s.ImprovedCount = 0;
    }
}
