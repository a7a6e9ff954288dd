using Mobility.Routing.Gtfs;

namespace Mobility.Ticketing.Tickets;

/// <summary>Two uses of one ticket flagged: further apart than a vehicle could travel in the time between them.</summary>
public sealed record TravelFlag(string TicketId, TicketUse First, TicketUse Second, double Kilometres, double Minutes);

/// <summary>
/// Impossible travel between validations: on one validator as it validates, and across validators once their offline
/// uploads arrive (each validator sees only its own uses).
/// </summary>
public static class TravelCheck
{
    /// <summary>Below this distance two validators are treated as one place (GPS noise, a station's gates).</summary>
    public const double MinKilometres = 1;

    public static bool IsImpossible(TicketUse first, TicketUse second, double maxSpeedKmh, out double km)
    {
        km = 0;
        if (first.Latitude is not { } lat0 || first.Longitude is not { } lon0 || second.Latitude is not { } lat1 || second.Longitude is not { } lon1)
        {
            return false;
        }

        km = Geo.HaversineMeters(lat0, lon0, lat1, lon1) / 1000;
        var hours = Math.Max(Math.Abs((second.Time - first.Time).TotalHours), 1.0 / 3600);
        return km > MinKilometres && km / hours > maxSpeedKmh;
    }

    /// <summary>Every consecutive pair of a ticket's uses (in time order, from any validators) that no vehicle could make.</summary>
    public static IEnumerable<TravelFlag> Reconcile(IEnumerable<(string TicketId, TicketUse Use)> uploads, double maxSpeedKmh)
    {
        foreach (var ticket in uploads.GroupBy(u => u.TicketId, StringComparer.Ordinal))
        {
            var uses = ticket.Select(u => u.Use).OrderBy(u => u.Time).ThenBy(u => u.ValidatorId, StringComparer.Ordinal).ToList();
            for (var i = 1; i < uses.Count; i++)
            {
                if (IsImpossible(uses[i - 1], uses[i], maxSpeedKmh, out var km))
                {
                    yield return new TravelFlag(ticket.Key, uses[i - 1], uses[i], km, (uses[i].Time - uses[i - 1].Time).TotalMinutes);
                }
            }
        }
    }
}
