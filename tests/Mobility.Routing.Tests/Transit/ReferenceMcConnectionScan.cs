using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

/// <summary>
/// A plain multi-criteria Connection Scan, written for clarity as the reference McRAPTOR must agree with: connections
/// in departure order; every stop keeps the Pareto set of (time it can board, walking seconds, rides) of the ways to
/// be there, every trip instance the Pareto set of (walking seconds, rides) of those on board; each alighting adds a
/// way to be at the stop (after its change time), one footpath from there, and a journey when the stop or the
/// footpath's end has an egress walk. Same model as <see cref="ReferenceConnectionScan"/>.
/// </summary>
internal sealed class ReferenceMcConnectionScan
{
    private readonly Timetable _tt;
    private readonly List<Connection> _connections;
    private readonly int _instances;


    public ReferenceMcConnectionScan(Timetable tt, int firstDay, int lastDay)
    {
        _tt = tt;
        (_connections, _instances) = TimetableConnections.Expand(tt, firstDay, lastDay);
        _connections.Sort((a, b) => a.Departure != b.Departure ? a.Departure.CompareTo(b.Departure) : a.Arrival.CompareTo(b.Arrival));
    }

    /// <summary>The Pareto set of (arrival, rides, walking seconds) of the journeys with at least one ride.</summary>
    public IReadOnlyList<(int Arrival, int Rides, int Walk)> Pareto(RaptorRequest request)
    {
        var at = new List<(int Ready, int Walk, int Rides)>[_tt.StopCount];
        for (var s = 0; s < at.Length; s++)
        {
            at[s] = [];
        }

        foreach (var a in request.Access)
        {
            Add(at[a.Stop], (request.Departure + a.Seconds, a.Seconds, 0));
        }

        var egress = request.Egress.GroupBy(e => e.Stop).ToDictionary(g => g.Key, g => g.Min(e => e.Seconds));
        var onBoard = new List<(int Walk, int Rides)>?[_instances];
        var results = new List<(int Arrival, int Rides, int Walk)>();
        foreach (var c in _connections.Where(c => c.Departure >= request.Departure))
        {
            var riders = onBoard[c.Instance] ??= [];
            if (c.CanBoard)
            {
                foreach (var (ready, walk, rides) in at[c.From].ToList())
                {
                    if (ready <= c.Departure && rides < request.MaxTrips && !riders.Any(x => x.Walk <= walk && x.Rides <= rides + 1))
                    {
                        riders.RemoveAll(x => walk <= x.Walk && rides + 1 <= x.Rides);
                        riders.Add((walk, rides + 1));
                    }
                }
            }

            if (!c.CanAlight)
            {
                continue;
            }

            foreach (var (walk, rides) in riders.ToList())
            {
                Add(at[c.To], (c.Arrival + _tt.ChangeSeconds(c.To), walk, rides));
                Arrive(c.To, c.Arrival, walk, rides);
                var targets = _tt.FootpathTargets(c.To);
                var seconds = _tt.FootpathSeconds(c.To);
                for (var j = 0; j < targets.Length; j++)
                {
                    Add(at[targets[j]], (c.Arrival + seconds[j], walk + seconds[j], rides));
                    Arrive(targets[j], c.Arrival + seconds[j], walk + seconds[j], rides);
                }
            }
        }

        return results;

        void Arrive(int stop, int arrival, int walk, int rides)
        {
            if (!egress.TryGetValue(stop, out var e))
            {
                return;
            }

            var r = (Arrival: arrival + e, Rides: rides, Walk: walk + e);
            if (!results.Any(x => x.Arrival <= r.Arrival && x.Rides <= r.Rides && x.Walk <= r.Walk))
            {
                results.RemoveAll(x => r.Arrival <= x.Arrival && r.Rides <= x.Rides && r.Walk <= x.Walk);
                results.Add(r);
            }
        }
    }

    private static void Add(List<(int Ready, int Walk, int Rides)> bag, (int Ready, int Walk, int Rides) label)
    {
        if (bag.Any(x => x.Ready <= label.Ready && x.Walk <= label.Walk && x.Rides <= label.Rides))
        {
            return;
        }

        bag.RemoveAll(x => label.Ready <= x.Ready && label.Walk <= x.Walk && label.Rides <= x.Rides);
        bag.Add(label);
    }
}
