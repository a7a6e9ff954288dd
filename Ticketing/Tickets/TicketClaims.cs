using System.Formats.Cbor;
using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Tickets;

/// <summary>
/// The CWT claims set of a ticket (RFC 8392 section 3.1: iss 1, sub 2, exp 4, nbf 5, iat 6, cti 7) plus private
/// claims below -65536 (RFC 8392 section 9.1, private use): legs, price, rider category. Deterministic encoding, so one
/// ticket has one byte form.
/// </summary>
public static class TicketClaims
{
    public const int Legs = -65537;
    public const int Price = -65538;
    public const int RiderCategory = -65539;

    public const int MaxLegs = 32;
    private const int MaxText = 128;

    public static byte[] Encode(Ticket t)
    {
        if (t.Legs.Count is 0 or > MaxLegs || t.Id.Length is < 8 or > 32)
        {
            throw new ArgumentException($"a ticket has 1 to {MaxLegs} legs and an id of 8 to 32 bytes", nameof(t));
        }

        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(6 + (t.Subject is null ? 0 : 1) + (t.Price is null ? 0 : 1) + (t.RiderCategory is null ? 0 : 1));
        w.WriteInt32(1);
        w.WriteTextString(t.Issuer);
        if (t.Subject is not null)
        {
            w.WriteInt32(2);
            w.WriteTextString(t.Subject);
        }

        w.WriteInt32(4);
        w.WriteInt64(t.Expires.ToUnixTimeSeconds());
        w.WriteInt32(5);
        w.WriteInt64(t.NotBefore.ToUnixTimeSeconds());
        w.WriteInt32(6);
        w.WriteInt64(t.IssuedAt.ToUnixTimeSeconds());
        w.WriteInt32(7);
        w.WriteByteString(t.Id);
        w.WriteInt32(Legs);
        w.WriteStartArray(t.Legs.Count);
        foreach (var leg in t.Legs)
        {
            w.WriteStartArray(6);
            w.WriteTextString(leg.Operator);
            TextOrNull(w, leg.Area);
            TextOrNull(w, leg.FromStop);
            TextOrNull(w, leg.ToStop);
            w.WriteInt64(leg.ValidFrom.ToUnixTimeSeconds());
            w.WriteInt64(leg.ValidUntil.ToUnixTimeSeconds());
            w.WriteEndArray();
        }

        w.WriteEndArray();
        if (t.Price is { } price)
        {
            w.WriteInt32(Price);
            w.WriteStartArray(2);
            w.WriteInt64(price.Amount);
            w.WriteTextString(price.Currency);
            w.WriteEndArray();
        }

        if (t.RiderCategory is not null)
        {
            w.WriteInt32(RiderCategory);
            w.WriteTextString(t.RiderCategory);
        }

        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Decodes a claims set; a missing required claim, a wrong type or an unknown claim is refused.</summary>
    public static Ticket Decode(byte[] payload)
    {
        try
        {
            var r = new CborReader(payload, CborConformanceMode.Canonical);
            string? iss = null, sub = null, rider = null;
            long? exp = null, nbf = null, iat = null;
            byte[]? cti = null;
            List<TicketLeg>? legs = null;
            Money? price = null;
            r.ReadStartMap();
            while (r.PeekState() != CborReaderState.EndMap)
            {
                var key = r.ReadInt32();
                switch (key)
                {
                    case 1: iss = Text(r); break;
                    case 2: sub = Text(r); break;
                    case 4: exp = r.ReadInt64(); break;
                    case 5: nbf = r.ReadInt64(); break;
                    case 6: iat = r.ReadInt64(); break;
                    case 7: cti = r.ReadByteString(); break;
                    case Legs: legs = ReadLegs(r); break;
                    case Price:
                        if (r.ReadStartArray() != 2)
                        {
                            throw new CoseException("price is [amount, currency]");
                        }

                        price = new Money(r.ReadInt64(), Text(r));
                        r.ReadEndArray();
                        break;
                    case RiderCategory: rider = Text(r); break;
                    default: throw new CoseException($"unknown claim {key}");
                }
            }

            r.ReadEndMap();
            if (r.BytesRemaining != 0)
            {
                throw new CoseException("trailing bytes after the claims");
            }

            if (iss is null || exp is null || nbf is null || iat is null || cti is null || legs is null)
            {
                throw new CoseException("a ticket has iss, exp, nbf, iat, cti and legs");
            }

            return new Ticket(cti, iss, sub, At(iat.Value), At(nbf.Value), At(exp.Value), legs, price, rider);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new CoseException("malformed claims: " + ex.Message, ex);
        }
    }

    private static List<TicketLeg> ReadLegs(CborReader r)
    {
        var n = r.ReadStartArray();
        if (n is null or 0 or > MaxLegs)
        {
            throw new CoseException($"1 to {MaxLegs} legs");
        }

        var legs = new List<TicketLeg>();
        for (var i = 0; i < n; i++)
        {
            if (r.ReadStartArray() != 6)
            {
                throw new CoseException("a leg is [operator, area, from, to, validFrom, validUntil]");
            }

            legs.Add(new TicketLeg(Text(r), TextOrNull(r), TextOrNull(r), TextOrNull(r), At(r.ReadInt64()), At(r.ReadInt64())));
            r.ReadEndArray();
        }

        r.ReadEndArray();
        return legs;
    }

    private static DateTimeOffset At(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static string Text(CborReader r)
    {
        var s = r.ReadTextString();
        return s.Length is 0 or > MaxText ? throw new CoseException($"a text claim has 1 to {MaxText} characters") : s;
    }

    private static string? TextOrNull(CborReader r)
    {
        if (r.PeekState() == CborReaderState.Null)
        {
            r.ReadNull();
            return null;
        }

        return Text(r);
    }

    private static void TextOrNull(CborWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.WriteTextString(value);
        }
    }
}
