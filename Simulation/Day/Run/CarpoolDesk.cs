using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Pipeline;
using NSec.Cryptography;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// The carpool operators' side of the day: their signing keys, their users' devices (bound at the operator the first
/// time a user rides with it) and the people's identity keys, all derived from the scenario seed, so the same
/// scenario gives the same people. Devices sign their statements and operators their declarations with
/// <see cref="SyntheticCarpools.Declare(SyntheticCarpools.Operator, SyntheticCarpools.Person, SyntheticCarpools.Person, string, string, CarpoolProof.Declarations.TimeGeoPoint, CarpoolProof.Declarations.TimeGeoPoint, long, CarpoolProof.Grading.ProofClass, string?)"/>.
/// </summary>
public sealed class CarpoolDesk : IDisposable
{
    private readonly long _seed;
    private readonly RegistrySecret _registry;
    private readonly ConcurrentDictionary<string, SyntheticCarpools.Person> _people = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Person, string Operator), Lazy<Task>> _bound = new();
    private readonly List<Key> _keys = [];

    public CarpoolDesk(long seed, IEnumerable<string> operators)
    {
        _seed = seed;
        _registry = new RegistrySecret(Derive("registry"));
        foreach (var id in operators)
        {
            var key = Ed25519Keys.FromSeed(Derive("operator|" + id));
            _keys.Add(key);
            Operators[id] = new SyntheticCarpools.Operator(id, key);
        }
    }

    public Dictionary<string, SyntheticCarpools.Operator> Operators { get; } = new(StringComparer.Ordinal);

    /// <summary>The person behind a simulation id (<c>t123</c> a traveler, <c>x-...</c> a fraudster), created on first use.</summary>
    public SyntheticCarpools.Person Person(string id) => _people.GetOrAdd(id, p =>
    {
        var digits = (BitConverter.ToUInt32(Derive("phone|" + p)) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var phone = "+3366" + digits;
        var seed = Derive("device|" + p);
        using var device = Ed25519Keys.FromSeed(seed);
        return new SyntheticCarpools.Person(IdentityKey.Derive(_registry, phone, "Sim-" + p), p, phone[..^2], seed, Base64Url.Encode(Ed25519Keys.RawPublicKey(device)));
    });

    /// <summary>Binds the person's device at the operator once (<c>POST /v3/devices</c>), however many rides ask for it.</summary>
    public Task BindAsync(NodeApi api, string token, string operatorId, string personId, CancellationToken ct) =>
        _bound.GetOrAdd((personId, operatorId), k => new Lazy<Task>(async () =>
        {
            var p = Person(k.Person);
            var body = NodeApi.Utf8($"{{\"device_key\":\"{p.DeviceKey}\",\"identity_key\":\"{p.Identity.Value}\"}}");
            var a = await api.SendAsync("POST /v3/devices", HttpMethod.Post, "/v3/devices", token, body, ct);
            if (!a.Ok)
            {
                throw new DayRunException($"POST /v3/devices at {k.Operator}: HTTP {a.Status} {a.Text}");
            }
        })).Value;

    /// <summary>The exchange both apps of a ride share (its challenge), derived from the seed so that two runs sign the same statements.</summary>
    public string Challenge(string operatorId, string journeyId) => Base64Url.Encode(Derive($"challenge|{operatorId}|{journeyId}").AsSpan(0, 16));

    private byte[] Derive(string what) => SHA256.HashData(Encoding.UTF8.GetBytes($"mobility-simulate-day|{_seed}|{what}"));

    public void Dispose()
    {
        foreach (var k in _keys)
        {
            k.Dispose();
        }
    }
}
