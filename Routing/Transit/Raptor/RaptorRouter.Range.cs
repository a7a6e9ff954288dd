namespace Mobility.Routing.Transit.Raptor;

public sealed partial class RaptorRouter
{
    /// <summary>Upper bound on the departures a range query evaluates.</summary>
    public const int MaxRangeDepartures = 240;

    /// <summary>
    /// Range query (the rRAPTOR idea): the Pareto set over (later departure, earlier arrival, fewer rides) for every
    /// departure in [request.Departure, request.Departure + window]. Only departures that leave an access stop just in
    /// time for a vehicle can be Pareto-optimal, so those are the ones evaluated, latest first. Each is a plain query
    /// (no label reuse between departures), which keeps the result exactly that of <see cref="Query"/>.
    /// </summary>
    public IReadOnlyList<TransitJourney> RangeQuery(RaptorRequest request, int windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowSeconds, 86400);
        var departures = CandidateDepartures(request, windowSeconds);
        var all = new List<TransitJourney>();
        foreach (var t in departures)
        {
            foreach (var journey in Query(request with { Departure = t }))
            {
                if (!all.Any(o => o.Departure >= journey.Departure && o.Arrival <= journey.Arrival && o.Rides <= journey.Rides))
                {
                    all.RemoveAll(o => journey.Departure >= o.Departure && journey.Arrival <= o.Arrival && journey.Rides <= o.Rides);
                    all.Add(journey);
                }
            }
        }

        all.Sort((a, b) => a.Departure != b.Departure ? a.Departure.CompareTo(b.Departure) : a.Rides.CompareTo(b.Rides));
        return all;
    }

    private List<int> CandidateDepartures(RaptorRequest request, int window)
    {
        var tt = Timetable;
        var from = request.Departure;
        var to = request.Departure + window;
        var set = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var access in request.Access)
        {
            var p = access.Stop;
            for (var j = tt.StopRouteStart[p]; j < tt.StopRouteStart[p + 1]; j++)
            {
                var r = tt.StopRouteRoute[j];
                var pos = tt.StopRoutePos[j];
                if ((tt.RouteAccess[tt.RouteStopStart[r] + pos] & StopAccess.Board) == 0)
                {
                    continue;
                }

                // Every trip of the route leaving in the window, over the service days that can run then.
                var t = from + access.Seconds;
                while (t <= to + access.Seconds)
                {
                    var (trip, _, dayStart) = EarliestTrip(r, pos, t);
                    if (trip < 0)
                    {
                        break;
                    }

                    var count = tt.RouteStopStart[r + 1] - tt.RouteStopStart[r];
                    var dep = dayStart + tt.Departures[tt.RouteTimeStart[r] + ((trip - tt.RouteTripStart[r]) * count) + pos];
                    if (dep - access.Seconds > to)
                    {
                        break;
                    }

                    set.Add(dep - access.Seconds);
                    t = dep + 1;
                }
            }
        }

        return [.. set.Take(MaxRangeDepartures)];
    }
}
