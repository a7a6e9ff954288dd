namespace Mobility.CarpoolProof.Evidence;

/// <summary>Occupant roles as they appear in statements.</summary>
public static class OccupantRole
{
    public const string Driver = "driver";
    public const string Passenger = "passenger";

    public static bool IsValid(string? role) => role is Driver or Passenger;
}

/// <summary>
/// Signed by one device at pick-up: binds its own key and the peer device's key, the journey, the challenge the two
/// devices exchanged (QR code or Bluetooth), and the time and place. Two of these with the same challenge, each naming
/// the other's key, show co-presence. Keys, challenge and signature are unpadded base64url (RFC 4648 section 5).
/// </summary>
public sealed record PickupStatement(
    string Role,
    string DeviceKey,
    string PeerDeviceKey,
    string OperatorId,
    string OperatorJourneyId,
    string Challenge,
    DateTimeOffset Datetime,
    double Lat,
    double Lon,
    string? Signature = null);

/// <summary>Signed by one device at drop-off: its key, the journey, a fresh nonce, the time and place.</summary>
public sealed record DropoffStatement(
    string Role,
    string DeviceKey,
    string OperatorId,
    string OperatorJourneyId,
    string Nonce,
    DateTimeOffset Datetime,
    double Lat,
    double Lon,
    string? Signature = null);

/// <summary>
/// Evidence v2 (docs/proofs.md, "Evidence v2"): one statement per device per journey, signed once at drop-off. It
/// carries the pick-up exchange (the challenge the two apps exchanged, naming the peer device, the pick-up time and
/// place) with the drop-off fields, so a device costs one signature verification instead of two. Co-presence still
/// rests on the fresh challenge both devices hold.
/// </summary>
public sealed record JourneyStatement(
    string Role,
    string DeviceKey,
    string PeerDeviceKey,
    string OperatorId,
    string OperatorJourneyId,
    string Challenge,
    DateTimeOffset PickupDatetime,
    double PickupLat,
    double PickupLon,
    string Nonce,
    DateTimeOffset DropoffDatetime,
    double DropoffLat,
    double DropoffLon,
    string? Signature = null)
{
    /// <summary>The pick-up half as a v1 statement (same signature: grading reads it, nothing verifies it as v1).</summary>
    public PickupStatement Pickup() => new(Role, DeviceKey, PeerDeviceKey, OperatorId, OperatorJourneyId, Challenge, PickupDatetime, PickupLat, PickupLon, Signature);

    /// <summary>The drop-off half as a v1 statement.</summary>
    public DropoffStatement Dropoff() => new(Role, DeviceKey, OperatorId, OperatorJourneyId, Nonce, DropoffDatetime, DropoffLat, DropoffLon, Signature);
}

/// <summary>
/// The device statements attached to a declaration: v1, a pick-up and a drop-off statement per attesting occupant
/// (each list holds 0 to 2, one per role); or v2, one <see cref="JourneyStatement"/> per attesting occupant in
/// <see cref="Statements"/> (0 to 2) with both v1 lists empty. Null <see cref="Statements"/> is v1 as it always was.
/// </summary>
public sealed record JourneyEvidence(IReadOnlyList<PickupStatement> Pickups, IReadOnlyList<DropoffStatement> Dropoffs,
    IReadOnlyList<JourneyStatement>? Statements = null)
{
    public static readonly JourneyEvidence None = new([], []);

    /// <summary>Whether the evidence is v2 (any statement in <see cref="Statements"/>); not on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsV2 => Statements is { Count: > 0 };

    /// <summary>
    /// The same facts in v1 form (a pick-up and a drop-off per v2 statement, in its order): what grading and the replay
    /// values read, so that v1 and v2 evidence of one journey are weighed alike. v1 evidence is returned as is.
    /// </summary>
    public JourneyEvidence Unfolded() => IsV2 ? new([.. Statements!.Select(s => s.Pickup())], [.. Statements!.Select(s => s.Dropoff())]) : this;
}
