using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Grading;

/// <summary>
/// Grades a declaration whose signatures all verified (docs/proofs.md states the rule):
/// A = the operator's signed declaration;
/// B = A plus one occupant who attests: a pick-up and a drop-off statement signed by the same device, registered to
///     that occupant's identity_key, each within <see cref="TimeTolerance"/> and <see cref="PositionToleranceMeters"/>
///     of the declared start and end;
/// C = B for both occupants, plus distinct identities and devices, and co-presence: the two pick-up statements carry
///     the same challenge, each names the other's device key, and they are within <see cref="CoPresenceTime"/> and
///     <see cref="CoPresenceMeters"/> of each other.
/// operator_class is never read. Evidence v2 is graded from its statements unfolded into pick-up and drop-off
/// (<see cref="JourneyEvidence.Unfolded"/>): the same facts give the same class whichever version carried them.
/// </summary>
public static class ProofGrader
{
    public static readonly TimeSpan TimeTolerance = TimeSpan.FromMinutes(10);
    public const double PositionToleranceMeters = 1_000;
    public static readonly TimeSpan CoPresenceTime = TimeSpan.FromMinutes(2);
    public const double CoPresenceMeters = 200;

    public static Grade Grade(SignedDeclaration d, EvidenceCheck check)
    {
        if (!check.Ok || !check.OperatorSignatureValid)
            throw new ArgumentException("grade only declarations whose signatures verified", nameof(check));
        var reasons = new List<string>();
        var j = d.Journey;
        var driver = Attests(d, check, OccupantRole.Driver, j.Driver.Identity.IdentityKey, reasons);
        var passenger = Attests(d, check, OccupantRole.Passenger, j.Passenger.Identity.IdentityKey, reasons);
        if (driver is null && passenger is null) return new Grade(ProofClass.A, reasons);
        if (driver is null || passenger is null) return new Grade(ProofClass.B, reasons);

        if (j.Driver.Identity.IdentityKey == j.Passenger.Identity.IdentityKey) reasons.Add("driver and passenger share an identity");
        if (driver.DeviceKey == passenger.DeviceKey) reasons.Add("driver and passenger share a device");
        if (driver.Challenge != passenger.Challenge) reasons.Add("pick-up challenges differ");
        if (driver.PeerDeviceKey != passenger.DeviceKey || passenger.PeerDeviceKey != driver.DeviceKey)
            reasons.Add("pick-up statements do not name each other's device");
        if ((driver.Datetime - passenger.Datetime).Duration() > CoPresenceTime) reasons.Add("pick-up statements more than 2 min apart");
        if (Geo.HaversineMeters(driver.Lat, driver.Lon, passenger.Lat, passenger.Lon) > CoPresenceMeters)
            reasons.Add("pick-up statements more than 200 m apart");
        return new Grade(reasons.Count == 0 ? ProofClass.C : ProofClass.B, reasons);
    }

    private static PickupStatement? Attests(SignedDeclaration d, EvidenceCheck check, string role, string identityKey, List<string> reasons)
    {
        var e = check.VerifiedEvidence(d); // v2 statements unfolded: one journey grades alike in v1 and v2
        var pi = IndexOf(e.Pickups.Select(p => p.Role), role);
        var di = IndexOf(e.Dropoffs.Select(p => p.Role), role);
        if (pi < 0 || di < 0)
        {
            reasons.Add($"{role}: no pick-up and drop-off statements");
            return null;
        }
        var pickup = e.Pickups[pi];
        var dropoff = e.Dropoffs[di];
        var pc = check.Pickups[pi];
        var dc = check.Dropoffs[di];
        if (!pc.SignatureValid || !dc.SignatureValid) { reasons.Add($"{role}: statement signature not verified"); return null; }
        if (pickup.DeviceKey != dropoff.DeviceKey) { reasons.Add($"{role}: pick-up and drop-off from different devices"); return null; }
        if (pc.IdentityKey != identityKey) { reasons.Add($"{role}: device not registered to the declared identity"); return null; }
        var j = d.Journey;
        if (!Near(pickup.Datetime, pickup.Lat, pickup.Lon, j.Start)) { reasons.Add($"{role}: pick-up statement away from the declared start"); return null; }
        if (!Near(dropoff.Datetime, dropoff.Lat, dropoff.Lon, j.End)) { reasons.Add($"{role}: drop-off statement away from the declared end"); return null; }
        return pickup;
    }

    private static bool Near(DateTimeOffset t, double lat, double lon, TimeGeoPoint p) =>
        (t - p.Datetime).Duration() <= TimeTolerance && Geo.HaversineMeters(lat, lon, p.Lat, p.Lon) <= PositionToleranceMeters;

    private static int IndexOf(IEnumerable<string> roles, string role)
    {
        var i = 0;
        foreach (var r in roles)
        {
            if (r == role) return i;
            i++;
        }
        return -1;
    }
}
