using Mobility.Routing.Transit;

namespace Mobility.Routing.Tests.Transit;

/// <summary>One hop of one trip instance (a trip on a service day), in timetable seconds, with its stops' access.</summary>
internal readonly record struct Connection(int Instance, int From, int To, int Departure, int Arrival, bool CanBoard, bool CanAlight);

/// <summary>
/// The elementary connections of a timetable, what every connection-scan reference in the tests reads: each trip
/// instance running on service days [firstDay, lastDay], hop by hop. Written plainly, apart from the routers.
/// </summary>
internal static class TimetableConnections
{
    /// <summary>The connections and the number of trip instances (<see cref="Connection.Instance"/> is below it).</summary>
    public static (List<Connection> Connections, int Instances) Expand(Timetable tt, int firstDay, int lastDay)
    {
        var connections = new List<Connection>();
        var instance = 0;
        for (var t = 0; t < tt.Trips.Count; t++)
        {
            var trip = tt.Trips[t];
            for (var d = Math.Max(0, firstDay); d <= Math.Min(lastDay, tt.DayCount - 1); d++)
            {
                if (!trip.RunsOn(d))
                {
                    continue;
                }

                var start = tt.ServiceDayStart(trip.TimeZone, d);
                for (var i = 0; i + 1 < trip.Stops.Length; i++)
                {
                    connections.Add(new Connection(instance, trip.Stops[i], trip.Stops[i + 1], start + trip.Departures[i], start + trip.Arrivals[i + 1],
                        (trip.Access[i] & StopAccess.Board) != 0, (trip.Access[i + 1] & StopAccess.Alight) != 0));
                }

                instance++;
            }
        }

        return (connections, instance);
    }
}
