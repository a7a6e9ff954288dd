using Mobility.Routing.Gtfs;
using Mobility.Routing.Tests.Transit;
using Mobility.Routing.Transit;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// The simplest honest door-to-door transit router, written apart from the planner as a bound for its answers: a plain
/// connection scan over the day's trips, with straight-line walks (distance times a detour factor, at a fixed speed)
/// to and from stops within a radius, between stops within a radius, and a fixed change time at one stop. It knows
/// nothing of streets. With slow walks, short radii and long changes it is a pessimistic bound (a right planner
/// arrives no later); with fast walks, long radii and no change time, an optimistic one (no right planner arrives
/// earlier).
/// </summary>
internal sealed class StraightLineTransitRouter
{
    /// <param name="AccessMeters">Largest straight-line walk to the first stop and from the last one.</param>
    /// <param name="TransferMeters">Largest straight-line walk between two stops.</param>
    /// <param name="DirectWalk">Whether walking the whole way counts as an answer.</param>
    public sealed record Model(double AccessMeters, double Detour, double SpeedMps, int ChangeSeconds, double TransferMeters, int MinTransferSeconds, bool DirectWalk)
    {
        public int WalkSeconds(double meters) => Math.Max(0, (int)Math.Ceiling(meters * Detour / SpeedMps));
    }

    /// <summary>Issue 11's pessimistic router: 200 m at 1.0 m/s with a 2x detour, 2-minute transfers, transit only.</summary>
    public static readonly Model Pessimistic = new(200, 2.0, 1.0, 120, 200, 120, DirectWalk: false);

    /// <summary>Straight-line walks at 2 m/s, no change time, radii above anything the planner walks (15 minutes of
    /// access at most, footpaths chosen within 450 m).</summary>
    public static readonly Model Optimistic = new(2_500, 1.0, 2.0, 0, 450, 0, DirectWalk: true);

    private readonly Timetable _tt;
    private readonly Model _model;
    private readonly List<Connection> _connections;
    private readonly List<(int Stop, int Seconds)>[] _transfers;
    private readonly int _instances;


    /// <summary>Expands the trips running on service days [firstDay, lastDay].</summary>
    public StraightLineTransitRouter(Timetable tt, Model model, int firstDay, int lastDay)
    {
        _tt = tt;
        _model = model;
        (_connections, _instances) = TimetableConnections.Expand(tt, firstDay, lastDay);
        _connections.Sort((a, b) => a.Departure.CompareTo(b.Departure));
        _transfers = new List<(int, int)>[tt.StopCount];
        for (var a = 0; a < tt.StopCount; a++)
        {
            _transfers[a] = [];
            for (var b = 0; b < tt.StopCount; b++)
            {
                var meters = Geo.HaversineMeters(tt.Stops[a].Lat, tt.Stops[a].Lon, tt.Stops[b].Lat, tt.Stops[b].Lon);
                if (a != b && meters <= model.TransferMeters)
                {
                    _transfers[a].Add((b, Math.Max(model.MinTransferSeconds, model.WalkSeconds(meters))));
                }
            }
        }
    }

    /// <summary>Earliest arrival (timetable seconds) leaving the origin at <paramref name="departure"/>, or null.</summary>
    public int? EarliestArrival(double fromLat, double fromLon, double toLat, double toLon, int departure)
    {
        var n = _tt.StopCount;
        var ready = new int[n];
        Array.Fill(ready, int.MaxValue);
        var egress = new int[n];
        Array.Fill(egress, -1);
        for (var s = 0; s < n; s++)
        {
            var stop = _tt.Stops[s];
            var access = Geo.HaversineMeters(fromLat, fromLon, stop.Lat, stop.Lon);
            if (access <= _model.AccessMeters)
            {
                ready[s] = departure + _model.WalkSeconds(access);
            }

            var exit = Geo.HaversineMeters(stop.Lat, stop.Lon, toLat, toLon);
            if (exit <= _model.AccessMeters)
            {
                egress[s] = _model.WalkSeconds(exit);
            }
        }

        var best = _model.DirectWalk ? departure + _model.WalkSeconds(Geo.HaversineMeters(fromLat, fromLon, toLat, toLon)) : int.MaxValue;
        var onBoard = new bool[_instances];
        foreach (var c in _connections)
        {
            if (c.Departure >= best)
            {
                break;
            }

            if (c.Departure < departure || !(onBoard[c.Instance] || (c.CanBoard && ready[c.From] <= c.Departure)))
            {
                continue;
            }

            onBoard[c.Instance] = true;
            if (!c.CanAlight)
            {
                continue;
            }

            if (egress[c.To] >= 0)
            {
                best = Math.Min(best, c.Arrival + egress[c.To]);
            }

            ready[c.To] = Math.Min(ready[c.To], c.Arrival + _model.ChangeSeconds);
            foreach (var (stop, seconds) in _transfers[c.To])
            {
                ready[stop] = Math.Min(ready[stop], c.Arrival + seconds);
            }
        }

        return best == int.MaxValue ? null : best;
    }
}
