using Mobility.Actors.Trips;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Tickets;

/// <summary>
/// The claims of a trip's ticket, a pure function of the trip as booked and its issued ticket record, so the same
/// trip always signs to the same bytes. A leg with times is valid from <see cref="BoardEarly"/> before its departure to
/// <see cref="AlightLate"/> after its arrival (a delayed vehicle); a leg without times for the whole ticket.
/// </summary>
public static class TripTicketClaims
{
    public static readonly TimeSpan BoardEarly = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AlightLate = TimeSpan.FromMinutes(60);

    /// <summary>How long a ticket whose legs have no times stays valid.</summary>
    public static readonly TimeSpan Untimed = TimeSpan.FromHours(24);

    public static Ticket For(TripView trip, string issuer, string subject)
    {
        var issued = trip.Ticket ?? throw new ArgumentException("the trip has no ticket yet", nameof(trip));
        var iat = Seconds(issued.IssuedAt);
        var timed = trip.Legs.Where(l => l.Arrives is not null).ToList();
        var expires = timed.Count > 0 ? Seconds(timed.Max(l => l.Arrives!.Value) + AlightLate) : iat + Untimed;
        if (expires <= iat)
        {
            expires = iat + AlightLate; // Issued after the last arrival: still shown to an inspector for a while.
        }

        var legs = trip.Legs.Select(l => new TicketLeg(
            l.OperatorId.Value,
            null,
            l.FromStop,
            l.ToStop,
            l.Departs is { } d ? Seconds(d - BoardEarly) : iat,
            l.Arrives is { } a ? Seconds(a + AlightLate) : expires)).ToList();
        return new Ticket(Convert.FromHexString(issued.TicketId), issuer, subject, iat, iat, expires, legs, null, null);
    }

    // CWT times are whole seconds (RFC 8392 NumericDate as integers here): what is signed is what is decoded.
    private static DateTimeOffset Seconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
