using System.Net.Http.Json;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Api.Carpool;

namespace Mobility.Node.Cli.Simulate;

/// <summary>
/// A client of a node's carpool API with synthetic operators and travelers: registers their keys over HTTP, then
/// builds correctly signed declarations (registry v3.3 body plus evidence) and posts them. Used by
/// <c>mobility simulate declarations</c> and the node tests.
/// </summary>
public sealed class DeclarationTraffic : IDisposable
{
    private readonly Dictionary<string, string> _tokens;
    private readonly List<SyntheticCarpools.Operator> _operators = [];
    private int _journeys;

    /// <param name="http">The node.</param>
    /// <param name="operatorTokens">Bearer tokens by operator id (the token's tenant).</param>
    /// <param name="keyFor">The operator's signing key (a fresh one when null: the node binds an operator's key for ever).</param>
    public DeclarationTraffic(HttpClient http, IReadOnlyDictionary<string, string> operatorTokens, Func<string, NSec.Cryptography.Key>? keyFor = null)
    {
        Http = http;
        Keys = new KeyDirectory();
        Carpools = new SyntheticCarpools(Keys, RegistrySecret.Generate(), 0);
        _tokens = new Dictionary<string, string>(operatorTokens, StringComparer.Ordinal);
        foreach (var id in operatorTokens.Keys.Order(StringComparer.Ordinal))
        {
            var key = keyFor?.Invoke(id) ?? Ed25519Keys.Generate();
            Keys.RegisterOperator(id, Ed25519Keys.RawPublicKey(key));
            _operators.Add(new SyntheticCarpools.Operator(id, key));
        }
    }

    /// <summary>The node talked to (may be switched, e.g. to a restarted node).</summary>
    public HttpClient Http { get; set; }

    /// <summary>The keys as registered on the node, for an in-process reference pipeline.</summary>
    public KeyDirectory Keys { get; }

    public SyntheticCarpools Carpools { get; }

    public IReadOnlyList<SyntheticCarpools.Operator> Operators => _operators;

    /// <summary>Registers every operator's signing key on the node.</summary>
    public async Task RegisterOperatorsAsync(CancellationToken ct)
    {
        foreach (var op in Operators)
        {
            using var request = Request(HttpMethod.Put, "/v3/operator/key", op.Id,
                new JourneyContracts.OperatorKeyRequest(Base64Url.Encode(Ed25519Keys.RawPublicKey(op.Key))));
            using var response = await Http.SendAsync(request, ct);
            await EnsureAsync(response, "operator key", ct);
        }
    }

    /// <summary>A new traveler whose device key every operator registered (devices are bound per operator).</summary>
    public async Task<SyntheticCarpools.Person> NewPersonAsync(CancellationToken ct)
    {
        var person = Carpools.NewPerson();
        foreach (var op in Operators)
        {
            using var request = Request(HttpMethod.Post, "/v3/devices", op.Id, new JourneyContracts.DeviceRequest(person.DeviceKey, person.Identity.Value));
            using var response = await Http.SendAsync(request, ct);
            await EnsureAsync(response, "device key", ct);
        }

        return person;
    }

    /// <summary>The traveler links its account to the person's identity: the person's device signs the traveler id.</summary>
    public async Task<HttpResponseMessage> LinkTravelerAsync(SyntheticCarpools.Person person, string travelerId, string travelerToken, CancellationToken ct)
    {
        using var device = Ed25519Keys.FromSeed(person.DeviceSeed);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/me/devices", UriKind.Relative))
        {
            Content = JsonContent.Create(new JourneyContracts.TravelerDeviceRequest(Operators[0].Id, person.DeviceKey, TravelerLink.Sign(device, travelerId)), options: JourneyContracts.Json),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", travelerToken);
        return await Http.SendAsync(request, ct);
    }

    /// <summary>A class C journey (both devices' statements) of about <paramref name="crowKm"/> km starting at <paramref name="start"/>.</summary>
    public SignedDeclaration Journey(SyntheticCarpools.Operator op, SyntheticCarpools.Person driver, SyntheticCarpools.Person passenger,
        DateTimeOffset start, double crowKm = 8, ProofClass cls = ProofClass.C, string? id = null, int evidence = 1)
    {
        var n = Interlocked.Increment(ref _journeys);
        id ??= $"j{Guid.NewGuid():N}";
        var bearing = n * 37 % 360;
        return Carpools.Declare(op, driver, passenger, id, "t" + id, start, SyntheticCarpools.CenterLat, SyntheticCarpools.CenterLon, bearing,
            crowKm * 1000, 40, cls, evidenceVersion: evidence);
    }

    public Task<HttpResponseMessage> DeclareAsync(SignedDeclaration d, CancellationToken ct) => DeclareAsync(d, d.OperatorId, ct);

    /// <summary>Posts a declaration acting as <paramref name="asOperator"/> (another tenant in tenancy tests).</summary>
    public async Task<HttpResponseMessage> DeclareAsync(SignedDeclaration d, string asOperator, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/journeys", UriKind.Relative))
        {
            Content = new ByteArrayContent(DeclarationJson.SerializeToUtf8(d)) { Headers = { ContentType = new("application/json") } },
        };
        Authorize(request, asOperator);
        return await Http.SendAsync(request, ct);
    }

    /// <summary>Posts a declaration body already serialized (the benchmark signs everything before timing).</summary>
    public Task<HttpResponseMessage> PostAsync(byte[] body, string asOperator, CancellationToken ct) => PostAsync("/v3/journeys", body, asOperator, ct);

    /// <summary>Posts a serialized body to <paramref name="path"/> (<c>/v3/journeys</c>, or <c>/v3/journeys/batch</c> for a signed batch).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string asOperator, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        Authorize(request, asOperator);
        return await Http.SendAsync(request, ct);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string operatorId, object? body, CancellationToken ct)
    {
        using var request = Request(method, path, operatorId, body);
        return await Http.SendAsync(request, ct);
    }

    public void Dispose()
    {
        foreach (var op in _operators)
        {
            op.Key.Dispose();
        }

        Carpools.Dispose();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string operatorId, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JourneyContracts.Json);
        }

        Authorize(request, operatorId);
        return request;
    }

    /// <summary>The operator's bearer token (RFC 6750); an unknown operator id sends none.</summary>
    private void Authorize(HttpRequestMessage request, string operatorId)
    {
        if (_tokens.TryGetValue(operatorId, out var token))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"registering {what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
