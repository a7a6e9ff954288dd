using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Api;

/// <summary>One leg a ticket is valid on: the operator, stops (null: any) and the window.</summary>
public sealed record TicketLegResponse(string OperatorId, string? FromStop, string? ToStop, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);

/// <summary>
/// A trip's signed ticket: a CBOR Web Token (RFC 8392) in a COSE_Sign1 (RFC 9052) signed with Ed25519 under
/// <c>keyId</c> (listed at <c>GET /tickets/keys</c>). <c>cose</c> is its bytes in base64; <c>qr</c> the text of its QR
/// code (<c>MT1:</c> and Base45, as <c>mobility ticket validate</c> reads a ticket file); <c>qrSvg</c> that QR code
/// (error correction Q). <c>medium</c> is the traveler's app medium, the subject validators record taps against.
/// </summary>
public sealed record TicketResponse(
    string TicketId,
    string TripId,
    string Issuer,
    string KeyId,
    string Medium,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset Expires,
    IReadOnlyList<TicketLegResponse> Legs,
    string Cose,
    string Qr,
    string QrSvg,
    int QrVersion)
{
    public static TicketResponse From(string tripId, string keyId, Ticket t, byte[] cose)
    {
        var (svg, version) = TicketIssuer.QrSvg(cose);
        return new(t.IdHex, tripId, t.Issuer, keyId, t.Subject!, t.IssuedAt, t.NotBefore, t.Expires,
            [.. t.Legs.Select(l => new TicketLegResponse(l.Operator, l.FromStop, l.ToStop, l.ValidFrom, l.ValidUntil))],
            Convert.ToBase64String(cose), TicketIssuer.QrText(cose), svg, version);
    }
}
