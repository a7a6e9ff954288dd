using System.Text;

namespace Mobility.Ticketing.Tickets;

/// <summary>Why a ticket is refused; <see cref="None"/> when it is valid.</summary>
public enum TicketRejection
{
    None,
    Malformed,
    AlgorithmNotAllowed,
    UnknownKey,
    KeyRevoked,
    KeyNotValidForTicket,
    BadSignature,
    WrongIssuer,
    NotYetValid,
    Expired,
    Denied,
    NoMatchingLeg,
    Replayed,
}

/// <summary>Where and by whom a ticket is shown: the operator and area (null: not checked) and the validator's position.</summary>
public sealed record ValidationPoint(string? Operator, string? Area, string ValidatorId, double? Latitude = null, double? Longitude = null);

/// <summary>The decision, the ticket when its signature held, the leg it was accepted on, and flags for review.</summary>
public sealed record TicketDecision(TicketRejection Rejection, string Reason, Ticket? Ticket, int? Leg, IReadOnlyList<string> Flags)
{
    public bool Valid => Rejection == TicketRejection.None;
}

/// <summary>Validator settings: clock skew, the window in which a leg may be shown again, the speed beyond which two uses are flagged.</summary>
public sealed record ValidatorOptions(TimeSpan ClockSkew, TimeSpan TransferWindow, double MaxSpeedKmh, int MaxTicketBytes = 4096)
{
    public static ValidatorOptions Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(90), 300);
}

/// <summary>
/// Decides offline, with no database and no network: allowed algorithm only (EdDSA or Ed25519), key id in the trusted
/// key list and not revoked, the ticket issued while the key was valid, the signature, the issuer, the validity window
/// with clock skew, the deny list, a leg matching operator, area and time, and a second use of a leg past the transfer
/// window. Two uses further apart than a vehicle could travel are flagged, not refused (a validator clock can drift).
/// </summary>
public sealed class TicketValidator(KeyList keys, TimeProvider clock, ValidatorOptions options, ReplayStore replay, IReadOnlySet<string> denyList)
{
    public TicketDecision Validate(ReadOnlySpan<byte> cose, ValidationPoint at)
    {
        var now = clock.GetUtcNow();
        if (cose.Length > options.MaxTicketBytes)
        {
            return Refuse(TicketRejection.Malformed, $"larger than {options.MaxTicketBytes} bytes");
        }

        CoseSign1Message message;
        try
        {
            message = CoseSign1.Decode(cose);
        }
        catch (CoseException ex)
        {
            return Refuse(TicketRejection.Malformed, ex.Message);
        }

        if (message.Algorithm is not (CoseSign1.AlgEdDsa or CoseSign1.AlgEd25519))
        {
            return Refuse(TicketRejection.AlgorithmNotAllowed, $"algorithm {message.Algorithm?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} is not EdDSA (-8) or Ed25519 (-19)");
        }

        var kid = message.KeyId is null ? null : Encoding.UTF8.GetString(message.KeyId);
        var key = kid is null ? null : keys.Find(kid);
        if (key is null)
        {
            return Refuse(TicketRejection.UnknownKey, $"key id '{kid}' is not in the trusted key list");
        }

        if (key.Status == TicketKeyStatus.Revoked)
        {
            return Refuse(TicketRejection.KeyRevoked, $"key '{kid}' is revoked");
        }

        if (!CoseSign1.Verify(KeyList.Import(key), message))
        {
            return Refuse(TicketRejection.BadSignature, "the signature does not verify");
        }

        Ticket ticket;
        try
        {
            ticket = TicketClaims.Decode(message.Payload);
        }
        catch (CoseException ex)
        {
            return Refuse(TicketRejection.Malformed, ex.Message);
        }

        if (ticket.Issuer != keys.Issuer)
        {
            return Refuse(TicketRejection.WrongIssuer, $"issuer '{ticket.Issuer}' is not '{keys.Issuer}'", ticket);
        }

        if (ticket.IssuedAt < key.NotBefore || ticket.IssuedAt > key.NotAfter)
        {
            return Refuse(TicketRejection.KeyNotValidForTicket, $"issued {ticket.IssuedAt:O}, outside key '{kid}' validity", ticket);
        }

        if (now + options.ClockSkew < ticket.NotBefore)
        {
            return Refuse(TicketRejection.NotYetValid, $"valid from {ticket.NotBefore:O}", ticket);
        }

        if (now - options.ClockSkew > ticket.Expires)
        {
            return Refuse(TicketRejection.Expired, $"expired at {ticket.Expires:O}", ticket);
        }

        if (denyList.Contains(ticket.IdHex))
        {
            return Refuse(TicketRejection.Denied, $"ticket {ticket.IdHex} is on the deny list", ticket);
        }

        var leg = -1;
        for (var i = 0; i < ticket.Legs.Count && leg < 0; i++)
        {
            var l = ticket.Legs[i];
            if ((at.Operator is null || l.Operator == at.Operator)
                && (l.Area is null || at.Area is null || l.Area == at.Area)
                && now + options.ClockSkew >= l.ValidFrom && now - options.ClockSkew <= l.ValidUntil)
            {
                leg = i;
            }
        }

        if (leg < 0)
        {
            return Refuse(TicketRejection.NoMatchingLeg, $"no leg for operator {at.Operator ?? "any"}, area {at.Area ?? "any"} at {now:O}", ticket);
        }

        var use = replay.Use(ticket.IdHex, leg, now, ticket.Expires + options.ClockSkew, at, options.TransferWindow);
        if (use.Replayed)
        {
            return Refuse(TicketRejection.Replayed, $"leg {leg} was first used at {use.FirstUse:O} by {use.FirstValidator}, past the transfer window", ticket);
        }

        var flags = new List<string>();
        var current = new TicketUse(now, at.ValidatorId, at.Latitude, at.Longitude);
        if (use.Previous is { } prev && TravelCheck.IsImpossible(prev, current, options.MaxSpeedKmh, out var km))
        {
            flags.Add($"impossible travel: {km:F1} km from {prev.ValidatorId} in {(now - prev.Time).TotalMinutes:F1} min");
        }

        return new TicketDecision(TicketRejection.None, "valid", ticket, leg, flags);
    }

    private static TicketDecision Refuse(TicketRejection rejection, string reason, Ticket? ticket = null) =>
        new(rejection, reason, ticket, null, []);
}
