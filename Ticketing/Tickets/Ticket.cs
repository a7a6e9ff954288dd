using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Tickets;

/// <summary>One leg a ticket is valid on: the operator, an area or network (null: any), stops (null: any) and a window.</summary>
public sealed record TicketLeg(string Operator, string? Area, string? FromStop, string? ToStop, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);

/// <summary>
/// One ticket for a whole trip, carried as a CBOR Web Token (RFC 8392) in a COSE_Sign1. <see cref="Id"/> (the CWT id)
/// is the replay key.
/// </summary>
public sealed record Ticket(
    byte[] Id, string Issuer, string? Subject, DateTimeOffset IssuedAt, DateTimeOffset NotBefore, DateTimeOffset Expires,
    IReadOnlyList<TicketLeg> Legs, Money? Price, string? RiderCategory)
{
    public string IdHex => Convert.ToHexStringLower(Id);
}
