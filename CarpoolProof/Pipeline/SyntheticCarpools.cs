using System.Security.Cryptography;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Rules;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// Generates operators, people with registered devices, and correctly signed declarations of a chosen proof class:
/// the input of the benchmark and of the end-to-end tests. Deterministic for a seed, apart from key generation.
/// </summary>
public sealed class SyntheticCarpools : IDisposable
{
    /// <summary>An operator and its signing key.</summary>
    public sealed record Operator(string Id, Key Key);

    /// <summary>
    /// A person: pseudonymous identity key, operator-side user id, truncated phone, the device's Ed25519 seed and its
    /// registered public key. Seeds, not NSec keys, are kept: each NSec key holds guarded native pages, and a bench
    /// with 100,000 people would exhaust the process's memory mappings.
    /// </summary>
    public sealed record Person(IdentityKey Identity, string UserId, string PhoneTrunc, byte[] DeviceSeed, string DeviceKey)
    {
        public PickupStatement Sign(PickupStatement s)
        {
            using var key = Ed25519Keys.FromSeed(DeviceSeed);
            return Signing.Sign(s with { Signature = null }, key);
        }

        public DropoffStatement Sign(DropoffStatement s)
        {
            using var key = Ed25519Keys.FromSeed(DeviceSeed);
            return Signing.Sign(s with { Signature = null }, key);
        }

        public JourneyStatement Sign(JourneyStatement s)
        {
            using var key = Ed25519Keys.FromSeed(DeviceSeed);
            return Signing.Sign(s with { Signature = null }, key);
        }
    }

    private readonly KeyDirectory _keys;
    private readonly RegistrySecret _secret;
    private readonly List<Operator> _operators = [];
    private readonly List<Key> _owned = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Person> _byDevice = new(StringComparer.Ordinal);
    private int _people;

    // Lyon, the registry's own playground.
    public const double CenterLat = 45.7640;
    public const double CenterLon = 4.8357;

    public SyntheticCarpools(KeyDirectory keys, RegistrySecret secret, int operators)
    {
        _keys = keys;
        _secret = secret;
        for (var i = 0; i < operators; i++)
        {
            var key = Own(Ed25519Keys.Generate());
            var op = new Operator($"operator{i + 1}", key);
            keys.RegisterOperator(op.Id, Ed25519Keys.RawPublicKey(key));
            _operators.Add(op);
        }
    }

    public IReadOnlyList<Operator> Operators => _operators;

    /// <summary>The person owning a device key (test support).</summary>
    public Person Find(string deviceKey)
    {
        lock (_gate) return _byDevice[deviceKey];
    }

    public Person NewPerson()
    {
        int n;
        lock (_gate) n = ++_people;
        var phone = "+3361" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var identity = IdentityKey.Derive(_secret, phone, "Dupont-" + n);
        byte[] seed, raw;
        using (var device = Ed25519Keys.Generate())
        {
            seed = Ed25519Keys.Seed(device);
            raw = Ed25519Keys.RawPublicKey(device);
        }
        _keys.RegisterDevice(identity, raw);
        var person = new Person(identity, "user" + n, phone[..^2], seed, Base64Url.Encode(raw));
        lock (_gate) _byDevice[person.DeviceKey] = person;
        return person;
    }

    /// <summary>A journey of the given class between two people, signed by the operator and (for B, C) the devices.</summary>
    public SignedDeclaration Declare(Operator op, Person driver, Person passenger, string journeyId, string tripId,
        DateTimeOffset start, double lat, double lon, double bearingDegrees, double crowMeters, double speedKmh, ProofClass cls,
        string? reuseChallenge = null, int evidenceVersion = 1)
    {
        start = UtcTimestamp.Truncate(start);
        var (endLat, endLon) = Move(lat, lon, bearingDegrees, crowMeters);
        var distance = (long)Math.Round(crowMeters * 1.3);
        var end = UtcTimestamp.Truncate(start + TimeSpan.FromSeconds(distance / (speedKmh / 3.6)));
        return Declare(op, driver, passenger, journeyId, tripId, new TimeGeoPoint(start, Round(lat), Round(lon)),
            new TimeGeoPoint(end, Round(endLat), Round(endLon)), distance, cls, reuseChallenge, evidenceVersion);
    }

    /// <summary>
    /// A journey between given points and times with the declared <paramref name="distance"/> (metres), signed by the
    /// operator and (for B, C) the devices: a simulated ride declared as it happened, or as a fraud declares it.
    /// </summary>
    public static SignedDeclaration Declare(Operator op, Person driver, Person passenger, string journeyId, string tripId,
        TimeGeoPoint start, TimeGeoPoint end, long distance, ProofClass cls, string? reuseChallenge = null, int evidenceVersion = 1)
    {
        start = start with { Datetime = UtcTimestamp.Truncate(start.Datetime), Lat = Round(start.Lat), Lon = Round(start.Lon) };
        end = end with { Datetime = UtcTimestamp.Truncate(end.Datetime), Lat = Round(end.Lat), Lon = Round(end.Lon) };
        var journey = new Journey(journeyId, tripId, "C", [new Incentive(0, 150, "21690123100011")], start, end, distance,
            new Driver(new PersonIdentity(driver.Identity.Value, driver.UserId, driver.PhoneTrunc), 300),
            new Passenger(new PersonIdentity(passenger.Identity.Value, passenger.UserId, passenger.PhoneTrunc, Over18: true), 150, 1));

        var pickups = new List<PickupStatement>();
        var dropoffs = new List<DropoffStatement>();
        var challenge = reuseChallenge ?? Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        if (cls >= ProofClass.B)
            AddOccupant(op, journey, driver, passenger, OccupantRole.Driver, challenge, pickups, dropoffs, 0);
        if (cls == ProofClass.C)
            AddOccupant(op, journey, passenger, driver, OccupantRole.Passenger, challenge, pickups, dropoffs, 20);
        var evidence = evidenceVersion == 2 ? ToV2(pickups, dropoffs, driver, passenger) : new JourneyEvidence(pickups, dropoffs);
        var d = new SignedDeclaration(op.Id, journey, evidence, null);
        return Signing.Sign(d, op.Key);
    }

    private static void AddOccupant(Operator op, Journey j, Person who, Person peer, string role, string challenge,
        List<PickupStatement> pickups, List<DropoffStatement> dropoffs, int secondsLater)
    {
        using var device = Ed25519Keys.FromSeed(who.DeviceSeed);
        pickups.Add(Signing.Sign(new PickupStatement(role, who.DeviceKey, peer.DeviceKey, op.Id, j.OperatorJourneyId, challenge,
            j.Start.Datetime.AddSeconds(secondsLater), j.Start.Lat + 0.0001, j.Start.Lon), device));
        dropoffs.Add(Signing.Sign(new DropoffStatement(role, who.DeviceKey, op.Id, j.OperatorJourneyId,
            Base64Url.Encode(RandomNumberGenerator.GetBytes(16)), j.End.Datetime.AddSeconds(secondsLater), j.End.Lat, j.End.Lon + 0.0001), device));
    }

    /// <summary>
    /// Evidence v2 of the same facts: each device's pick-up and drop-off folded into one statement that device signs
    /// (docs/proofs.md, "Evidence v2"); the v1 statements must come in pairs of one role.
    /// </summary>
    public static JourneyEvidence ToV2(IReadOnlyList<PickupStatement> pickups, IReadOnlyList<DropoffStatement> dropoffs, params Person[] people)
    {
        var statements = new List<JourneyStatement>(pickups.Count);
        foreach (var p in pickups)
        {
            var x = dropoffs.First(q => q.Role == p.Role);
            var signer = people.First(person => person.DeviceKey == p.DeviceKey);
            statements.Add(signer.Sign(new JourneyStatement(p.Role, p.DeviceKey, p.PeerDeviceKey, p.OperatorId, p.OperatorJourneyId, p.Challenge,
                p.Datetime, p.Lat, p.Lon, x.Nonce, x.Datetime, x.Lat, x.Lon)));
        }
        return new JourneyEvidence([], [], statements);
    }

    /// <summary>Destination point at a bearing and great-circle distance (spherical earth).</summary>
    public static (double Lat, double Lon) Move(double lat, double lon, double bearingDegrees, double meters)
    {
        const double r = 6_371_008.8;
        var d = meters / r;
        var b = bearingDegrees * Math.PI / 180;
        var p1 = lat * Math.PI / 180;
        var l1 = lon * Math.PI / 180;
        var p2 = Math.Asin(Math.Sin(p1) * Math.Cos(d) + Math.Cos(p1) * Math.Sin(d) * Math.Cos(b));
        var l2 = l1 + Math.Atan2(Math.Sin(b) * Math.Sin(d) * Math.Cos(p1), Math.Cos(d) - Math.Sin(p1) * Math.Sin(p2));
        return (p2 * 180 / Math.PI, l2 * 180 / Math.PI);
    }

    private static double Round(double v) => Math.Round(v, 6);

    private Key Own(Key k)
    {
        lock (_gate) _owned.Add(k);
        return k;
    }

    public void Dispose()
    {
        foreach (var k in _owned) k.Dispose();
    }
}
