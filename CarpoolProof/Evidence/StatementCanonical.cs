using System.Buffers;
using Mobility.CarpoolProof.Canonical;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>
/// Canonical bytes of statements: JCS (RFC 8785) of the statement's JSON object without "signature", members written
/// directly in sorted order (tests check equality with the generic canonicalizer), prefixed by the signing context.
/// </summary>
public static class StatementCanonical
{
    public static byte[] SigningMessage(PickupStatement s)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        Write(new JcsWriter(buffer), s, includeSignature: false);
        return SigningContext.Message(SigningContext.Pickup, buffer.WrittenSpan);
    }

    public static byte[] SigningMessage(DropoffStatement s)
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        Write(new JcsWriter(buffer), s, includeSignature: false);
        return SigningContext.Message(SigningContext.Dropoff, buffer.WrittenSpan);
    }

    public static byte[] SigningMessage(JourneyStatement s)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(new JcsWriter(buffer), s, includeSignature: false);
        return SigningContext.Message(SigningContext.Statement, buffer.WrittenSpan);
    }

    public static void Write(JcsWriter w, JourneyStatement s, bool includeSignature)
    {
        w.BeginObject();
        w.Property("challenge", s.Challenge);
        w.Property("device_key", s.DeviceKey);
        w.Property("dropoff_datetime", UtcTimestamp.ToText(s.DropoffDatetime));
        w.Property("dropoff_lat", s.DropoffLat);
        w.Property("dropoff_lon", s.DropoffLon);
        w.Property("nonce", s.Nonce);
        w.Property("operator_id", s.OperatorId);
        w.Property("operator_journey_id", s.OperatorJourneyId);
        w.Property("peer_device_key", s.PeerDeviceKey);
        w.Property("pickup_datetime", UtcTimestamp.ToText(s.PickupDatetime));
        w.Property("pickup_lat", s.PickupLat);
        w.Property("pickup_lon", s.PickupLon);
        w.Property("role", s.Role);
        if (includeSignature && s.Signature is not null) w.Property("signature", s.Signature);
        w.EndObject();
    }

    public static void Write(JcsWriter w, PickupStatement s, bool includeSignature)
    {
        w.BeginObject();
        w.Property("challenge", s.Challenge);
        w.Property("datetime", UtcTimestamp.ToText(s.Datetime));
        w.Property("device_key", s.DeviceKey);
        w.Property("lat", s.Lat);
        w.Property("lon", s.Lon);
        w.Property("operator_id", s.OperatorId);
        w.Property("operator_journey_id", s.OperatorJourneyId);
        w.Property("peer_device_key", s.PeerDeviceKey);
        w.Property("role", s.Role);
        if (includeSignature && s.Signature is not null) w.Property("signature", s.Signature);
        w.EndObject();
    }

    public static void Write(JcsWriter w, DropoffStatement s, bool includeSignature)
    {
        w.BeginObject();
        w.Property("datetime", UtcTimestamp.ToText(s.Datetime));
        w.Property("device_key", s.DeviceKey);
        w.Property("lat", s.Lat);
        w.Property("lon", s.Lon);
        w.Property("nonce", s.Nonce);
        w.Property("operator_id", s.OperatorId);
        w.Property("operator_journey_id", s.OperatorJourneyId);
        w.Property("role", s.Role);
        if (includeSignature && s.Signature is not null) w.Property("signature", s.Signature);
        w.EndObject();
    }

    public static void Write(JcsWriter w, JourneyEvidence e)
    {
        w.BeginObject();
        w.Name("dropoffs");
        w.BeginArray();
        foreach (var d in e.Dropoffs) Write(w, d, includeSignature: true);
        w.EndArray();
        w.Name("pickups");
        w.BeginArray();
        foreach (var p in e.Pickups) Write(w, p, includeSignature: true);
        w.EndArray();
        if (e.Statements is { } statements)
        {
            // Present on the wire (even empty) means present in the signed bytes: the JCS of what was sent.
            w.Name("statements");
            w.BeginArray();
            foreach (var s in statements) Write(w, s, includeSignature: true);
            w.EndArray();
        }
        w.EndObject();
    }
}
