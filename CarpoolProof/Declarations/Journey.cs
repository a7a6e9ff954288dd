namespace Mobility.CarpoolProof.Declarations;

// The journey in the carpool proof registry's API v3.3 shape (POST /journeys, schema components of
// rpc-carpool-registry-api-v3.3.yaml); property names serialize in snake_case, as the registry expects.

/// <summary>A journey as an operator declares it to the registry (API v3.3 POST /journeys body).</summary>
public sealed record Journey(
    string OperatorJourneyId,
    string OperatorTripId,
    string OperatorClass,
    IReadOnlyList<Incentive> Incentives,
    TimeGeoPoint Start,
    TimeGeoPoint End,
    long Distance,
    Driver Driver,
    Passenger Passenger,
    string? LicencePlate = null);

/// <summary>Schema time_geopoint: UTC date-time and a WGS-84 position.</summary>
public sealed record TimeGeoPoint(DateTimeOffset Datetime, double Lat, double Lon);

/// <summary>Schema incentives item: order of application, amount in euro cents, SIRET of the payer.</summary>
public sealed record Incentive(int Index, long Amount, string Siret);

/// <summary>Schema payments item.</summary>
public sealed record Payment(int Index, string Siret, string Type, long Amount);

/// <summary>Schema driver: identity and revenue in euro cents after incentives and commission.</summary>
public sealed record Driver(PersonIdentity Identity, long Revenue);

/// <summary>Schema passenger: identity, contribution in euro cents, seats booked (1..8).</summary>
public sealed record Passenger(PersonIdentity Identity, long Contribution, int Seats = 1, IReadOnlyList<Payment>? Payments = null);

/// <summary>Schema identity (required: identity_key, operator_user_id, phone_trunc).</summary>
public sealed record PersonIdentity(
    string IdentityKey,
    string OperatorUserId,
    string PhoneTrunc,
    string? Phone = null,
    [property: System.Text.Json.Serialization.JsonPropertyName("over_18")] bool? Over18 = null);
