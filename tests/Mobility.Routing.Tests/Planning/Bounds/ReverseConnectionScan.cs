using Mobility.Routing.Tests.Transit;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// A plain backward Connection Scan for arrive-by: the latest departure from the origin that still reaches the
/// destination by a deadline, with the model of <see cref="Transit.ReferenceConnectionScan"/> run backwards (boarding
/// after the stop's change time, one footpath after each ride, egress after a ride or after its footpath, at least one
/// ride). Connections are scanned latest departure first; a trip is useful once a later connection of it alights where
/// the rest of the trip can still be made.
/// </summary>
internal sealed class ReverseConnectionScan
{
    private readonly Timetable _tt;
    private readonly List<Connection> _connections;
    private readonly List<(int From, int Seconds)>[] _footpathsInto;
    private readonly int _instances;


    public ReverseConnectionScan(Timetable tt, int firstDay, int lastDay)
    {
        _tt = tt;
        (_connections, _instances) = TimetableConnections.Expand(tt, firstDay, lastDay);

        // Latest departure first; a trip's later connections before its earlier ones.
        _connections.Sort((a, b) => a.Departure != b.Departure ? b.Departure.CompareTo(a.Departure) : b.Arrival.CompareTo(a.Arrival));
        _footpathsInto = new List<(int, int)>[tt.StopCount];
        for (var s = 0; s < tt.StopCount; s++)
        {
            _footpathsInto[s] = [];
        }

        for (var s = 0; s < tt.StopCount; s++)
        {
            var targets = tt.FootpathTargets(s);
            var seconds = tt.FootpathSeconds(s);
            for (var j = 0; j < targets.Length; j++)
            {
                _footpathsInto[targets[j]].Add((s, seconds[j]));
            }
        }
    }

    /// <summary>The latest departure from the origin (access offsets) reaching the destination by the deadline, or int.MinValue.</summary>
    public int LatestDeparture(IReadOnlyList<StopOffset> access, IReadOnlyList<StopOffset> egress, int deadline)
    {
        var n = _tt.StopCount;
        var board = new int[n];   // latest time to be ready to board at a stop
        var alight = new int[n];  // latest arrival by ride at a stop from which the destination is still reached
        Array.Fill(board, int.MinValue);
        Array.Fill(alight, int.MinValue);
        foreach (var e in egress)
        {
            Raise(alight, e.Stop, deadline - e.Seconds);
            foreach (var (from, seconds) in _footpathsInto[e.Stop])
            {
                Raise(alight, from, deadline - e.Seconds - seconds);
            }
        }

        var onTrip = new bool[_instances];
        foreach (var c in _connections)
        {
            if (!onTrip[c.Instance] && !(c.CanAlight && c.Arrival <= alight[c.To]))
            {
                continue;
            }

            onTrip[c.Instance] = true;
            if (!c.CanBoard || c.Departure <= board[c.From])
            {
                continue;
            }

            board[c.From] = c.Departure;
            Raise(alight, c.From, c.Departure - _tt.ChangeSeconds(c.From));
            foreach (var (from, seconds) in _footpathsInto[c.From])
            {
                Raise(alight, from, c.Departure - seconds);
            }
        }

        var best = int.MinValue;
        foreach (var a in access)
        {
            if (board[a.Stop] != int.MinValue)
            {
                best = Math.Max(best, board[a.Stop] - a.Seconds);
            }
        }

        return best;
    }

    private static void Raise(int[] values, int stop, int value) => values[stop] = Math.Max(values[stop], value);
}
