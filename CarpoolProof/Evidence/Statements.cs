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

/// <summary>The device statements attached to a declaration (each list holds 0 to 2 statements, one per role).</summary>
public sealed record JourneyEvidence(IReadOnlyList<PickupStatement> Pickups, IReadOnlyList<DropoffStatement> Dropoffs)
{
    public static readonly JourneyEvidence None = new([], []);
}
