using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

/// <summary>
/// A plain Connection Scan (Dibbelt, Pajor, Strasser, Wagner 2013), written for clarity, as the reference RAPTOR must
/// agree with: every elementary connection of every trip instance on the days around the query, in departure order.
/// Same model: boarding needs the change time after a ride at the same stop, one footpath after each ride.
/// </summary>
internal sealed class ReferenceConnectionScan
{
    private readonly Timetable _tt;
    private readonly List<Connection> _connections;


    /// <summary>Expands the connections of service days [firstDay, lastDay].</summary>
    public ReferenceConnectionScan(Timetable tt, int firstDay, int lastDay)
    {
        _tt = tt;
        (_connections, Instances) = TimetableConnections.Expand(tt, firstDay, lastDay);
        _connections.Sort((a, b) => a.Departure != b.Departure ? a.Departure.CompareTo(b.Departure) : a.Arrival.CompareTo(b.Arrival));
    }

    public int Instances { get; }

    private Connection[] _parent = [];
    private int[] _arrivedSnapshot = [];

    public IEnumerable<(string, int)> Trace => _parent.Select((c, i) => ($"stop {i} arr {_arrivedSnapshot[i]} by {c}", i)).Where(x => _arrivedSnapshot[x.i] != int.MaxValue);

    /// <summary>The earliest arrival at the destination using at least one ride, or int.MaxValue.</summary>
    public int EarliestArrival(RaptorRequest request)
    {
        var n = _tt.StopCount;
        var ready = Enumerable.Repeat(int.MaxValue, n).ToArray();
        var arrived = Enumerable.Repeat(int.MaxValue, n).ToArray();
        var boarded = new bool[Instances];
        _parent = new Connection[n];
        _arrivedSnapshot = arrived;
        foreach (var a in request.Access)
        {
            ready[a.Stop] = Math.Min(ready[a.Stop], request.Departure + a.Seconds);
        }

        var egress = request.Egress.GroupBy(e => e.Stop).ToDictionary(g => g.Key, g => g.Min(e => e.Seconds));
        var best = int.MaxValue;
        foreach (var c in _connections)
        {
            if (c.Departure >= best)
            {
                break;
            }

            if (c.Departure < request.Departure)
            {
                continue;
            }

            if (!boarded[c.Instance] && !(c.CanBoard && ready[c.From] <= c.Departure))
            {
                continue;
            }

            boarded[c.Instance] = true;
            if (!c.CanAlight)
            {
                continue;
            }

            if (c.Arrival < arrived[c.To])
            {
                _parent[c.To] = c;
            }

            Arrive(c.To, c.Arrival, ready, arrived);
            ready[c.To] = Math.Min(ready[c.To], c.Arrival + _tt.ChangeSeconds(c.To));
            var targets = _tt.FootpathTargets(c.To);
            var seconds = _tt.FootpathSeconds(c.To);
            for (var j = 0; j < targets.Length; j++)
            {
                Arrive(targets[j], c.Arrival + seconds[j], ready, arrived);
                ready[targets[j]] = Math.Min(ready[targets[j]], c.Arrival + seconds[j]);
            }

            foreach (var (stop, e) in egress)
            {
                if (arrived[stop] != int.MaxValue)
                {
                    best = Math.Min(best, arrived[stop] + e);
                }
            }
        }

        return best;
    }

    private static void Arrive(int stop, int time, int[] ready, int[] arrived) => arrived[stop] = Math.Min(arrived[stop], time);
}
