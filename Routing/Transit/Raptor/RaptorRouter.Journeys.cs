namespace Mobility.Routing.Transit.Raptor;

public sealed partial class RaptorRouter
{
    private static (int Arrival, int Stop, bool Walked) BestAtTarget(RaptorState s, int k)
    {
        var row = k * s.Stops;
        var best = RaptorState.Infinity;
        var stop = -1;
        var walked = false;
        for (var p = 0; p < s.Stops; p++)
        {
            var egress = s.EgressSeconds[p];
            if (egress < 0)
            {
                continue;
            }

            var v = s.Vehicle[row + p];
            if (v != RaptorState.Infinity && v + egress < best)
            {
                best = v + egress;
                stop = p;
                walked = false;
            }

            var w = s.Walk[row + p];
            if (w != RaptorState.Infinity && w + egress < best)
            {
                best = w + egress;
                stop = p;
                walked = true;
            }
        }

        return (best, stop, walked);
    }

    /// <summary>Follows the labels back from the target: ride labels name their boarding stop and the round and
    /// kind (walk or vehicle-plus-change) of the label they boarded from.</summary>
    private TransitJourney Reconstruct(RaptorState s, int k, int stop, bool walked, int departure)
    {
        var tt = Timetable;
        var legs = new List<JourneyLeg>();
        var row = k * s.Stops;
        var end = (walked ? s.Walk[row + stop] : s.Vehicle[row + stop]);
        legs.Add(new JourneyLeg(JourneyLegKind.Egress, stop, -1, end, end + s.EgressSeconds[stop]));
        var p = stop;
        while (true)
        {
            row = k * s.Stops;
            if (walked)
            {
                var from = s.WalkFrom[row + p];
                if (from < 0)
                {
                    legs.Add(new JourneyLeg(JourneyLegKind.Access, -1, p, departure, s.Walk[row + p]));
                    break;
                }

                legs.Add(new JourneyLeg(JourneyLegKind.Transfer, from, p, s.Vehicle[row + from], s.Walk[row + p]));
                p = from;
                walked = false;
                continue;
            }

            var at = row + p;
            var compiled = s.VehicleTrip[at];
            var route = RouteOfCompiledTrip(compiled);
            var count = tt.RouteStopStart[route + 1] - tt.RouteStopStart[route];
            var dayStart = tt.DayStart[tt.RouteTz[route]][s.VehicleDay[at]];
            var boardPos = s.VehicleBoardPos[at];
            var dep = dayStart + tt.Departures[tt.RouteTimeStart[route] + ((compiled - tt.RouteTripStart[route]) * count) + boardPos];
            legs.Add(new JourneyLeg(JourneyLegKind.Ride, s.VehicleBoardStop[at], p, dep, s.Vehicle[at],
                tt.TripSource[compiled], boardPos, s.VehicleAlightPos[at], s.VehicleDay[at]));
            k = s.VehicleBoardRound[at];
            walked = s.VehicleBoardWalk[at];
            p = s.VehicleBoardStop[at];
        }

        legs.Reverse();
        return new TransitJourney(legs);
    }

    private int RouteOfCompiledTrip(int compiled)
    {
        var starts = Timetable.RouteTripStart;
        var lo = 0;
        var hi = starts.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= compiled)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
