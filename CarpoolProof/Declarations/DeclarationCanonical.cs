using System.Buffers;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>
/// Canonical bytes of a declaration: JCS (RFC 8785) of its wire JSON (snake_case, null members omitted) without
/// "operator_signature", members written in sorted order directly; tests check equality with <see cref="Jcs"/>.
/// </summary>
public static class DeclarationCanonical
{
    /// <summary>The bytes the operator signs: context "mobility/carpool/declaration/v1", 0x00, then the JCS text.</summary>
    public static byte[] SigningMessage(SignedDeclaration d) =>
        SigningContext.Message(SigningContext.Declaration, Canonical(d, includeSignature: false));

    public static byte[] Canonical(SignedDeclaration d, bool includeSignature)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Name("evidence");
        StatementCanonical.Write(w, d.Evidence);
        w.Name("journey");
        Write(w, d.Journey);
        w.Property("operator_id", d.OperatorId);
        if (includeSignature && d.OperatorSignature is not null) w.Property("operator_signature", d.OperatorSignature);
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(JcsWriter w, Journey j)
    {
        w.BeginObject();
        w.Property("distance", j.Distance);
        w.Name("driver");
        w.BeginObject();
        w.Name("identity");
        Write(w, j.Driver.Identity);
        w.Property("revenue", j.Driver.Revenue);
        w.EndObject();
        w.Name("end");
        Write(w, j.End);
        w.Name("incentives");
        w.BeginArray();
        foreach (var i in j.Incentives)
        {
            w.BeginObject();
            w.Property("amount", i.Amount);
            w.Property("index", i.Index);
            w.Property("siret", i.Siret);
            w.EndObject();
        }
        w.EndArray();
        if (j.LicencePlate is not null) w.Property("licence_plate", j.LicencePlate);
        w.Property("operator_class", j.OperatorClass);
        w.Property("operator_journey_id", j.OperatorJourneyId);
        w.Property("operator_trip_id", j.OperatorTripId);
        w.Name("passenger");
        w.BeginObject();
        w.Property("contribution", j.Passenger.Contribution);
        w.Name("identity");
        Write(w, j.Passenger.Identity);
        if (j.Passenger.Payments is not null)
        {
            w.Name("payments");
            w.BeginArray();
            foreach (var p in j.Passenger.Payments)
            {
                w.BeginObject();
                w.Property("amount", p.Amount);
                w.Property("index", p.Index);
                w.Property("siret", p.Siret);
                w.Property("type", p.Type);
                w.EndObject();
            }
            w.EndArray();
        }
        w.Property("seats", j.Passenger.Seats);
        w.EndObject();
        w.Name("start");
        Write(w, j.Start);
        w.EndObject();
    }

    private static void Write(JcsWriter w, PersonIdentity id)
    {
        w.BeginObject();
        w.Property("identity_key", id.IdentityKey);
        w.Property("operator_user_id", id.OperatorUserId);
        if (id.Over18 is { } over18) { w.Name("over_18"); w.Bool(over18); }
        if (id.Phone is not null) w.Property("phone", id.Phone);
        w.Property("phone_trunc", id.PhoneTrunc);
        w.EndObject();
    }

    private static void Write(JcsWriter w, TimeGeoPoint p)
    {
        w.BeginObject();
        w.Property("datetime", UtcTimestamp.ToText(p.Datetime));
        w.Property("lat", p.Lat);
        w.Property("lon", p.Lon);
        w.EndObject();
    }
}
