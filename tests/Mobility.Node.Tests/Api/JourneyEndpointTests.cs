using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>Declarations over real HTTP on a running node (SQLite): attestations, proofs, tenancy, cancellation.</summary>
public sealed class JourneyEndpointTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private DeclarationTraffic _traffic = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
        _traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a", "op-b");
    }

    public async ValueTask DisposeAsync()
    {
        _traffic.Dispose();
        await _node.DisposeAsync();
        _data.Dispose();
    }

    private string Vkey => File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();

    [Fact]
    public async Task The_platform_keys_are_served_publicly_and_verify_what_the_node_signs()
    {
        var keys = await Json(await _node.GetAsync("/log/keys"), HttpStatusCode.OK);
        Assert.Equal(Vkey, (string?)keys["vkey"]);
        var entry = Assert.Single(keys["keys"]!.AsArray())!;
        Assert.True((bool)entry["current"]!);
        Assert.Equal("Ed25519", (string?)entry["algorithm"]);

        // The served verifier key opens the served checkpoint, and names the log's origin.
        var verifier = NoteVerifier.Parse((string)keys["vkey"]!);
        Assert.Equal((string?)keys["origin"], verifier.Name);
        var checkpoint = await Json(await _node.GetAsync("/log/checkpoint"), HttpStatusCode.OK);
        Assert.Equal((long)checkpoint["size"]!, Checkpoint.Open((string)checkpoint["note"]!, verifier).Size);

        // An attestation names the served key, whose raw bytes are the verifier key's.
        var op = _traffic.Operators[0];
        var d = _traffic.Journey(op, await _traffic.NewPersonAsync(Ct), await _traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2));
        var body = await Json(await _traffic.DeclareAsync(d, Ct), HttpStatusCode.Created);
        var attestation = body["journey"]!["attestation"]!.ToJsonString();
        var proof = JsonNode.Parse(attestation)!["proof"];
        Assert.True(proof is not null, attestation);
        Assert.Equal((string?)entry["verification_method"], (string?)proof["verificationMethod"]);
        Assert.Equal(verifier.PublicKey.ToArray(), Convert.FromBase64String((string)entry["public_key"]!));
    }

    [Fact]
    public async Task A_declaration_is_attested_logged_and_provable_offline()
    {
        var (travelerId, travelerToken) = await TestKeys.TravelerAsync(_node.Http);
        var driver = await _traffic.NewPersonAsync(Ct);
        var passenger = await _traffic.NewPersonAsync(Ct);
        await Json(await _traffic.LinkTravelerAsync(passenger, travelerId, travelerToken, Ct), HttpStatusCode.Created);
        var op = _traffic.Operators[0];
        var d = _traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-2));

        using var created = await _traffic.DeclareAsync(d, Ct);
        var body = await Json(created, HttpStatusCode.Created);
        Assert.Equal(d.Journey.OperatorJourneyId, (string?)body["data"]!["operator_journey_id"]);
        var journey = body["journey"]!;
        Assert.Equal("ok", (string?)journey["status"]);
        Assert.Equal("C", (string?)journey["proof_class"]);
        Assert.Empty(journey["labels"]!.AsArray());
        var attestation = journey["attestation"]!.ToJsonString();
        Assert.True(AttestationVerifier.Verify(attestation, Vkey).Ok, AttestationVerifier.Verify(attestation, Vkey).Failure);

        // The same operator_journey_id again: 409, and nothing more in the log.
        var before = await CheckpointAsync();
        using (var again = await _traffic.DeclareAsync(d, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before.Size, (await CheckpointAsync()).Size);

        // Inclusion proof over HTTP, checked offline against the signed checkpoint.
        var index = (long)journey["leaf_index"]!;
        var checkpoint = await CheckpointAsync();
        var proof = await Json(await _node.GetAsync($"/log/proofs/inclusion?index={index}&size={checkpoint.Size}"), HttpStatusCode.OK);
        var leaves = await Json(await Authority().GetAsync(new Uri($"/log/leaves?start=0&end={checkpoint.Size}", UriKind.Relative), Ct), HttpStatusCode.OK);
        var leaf = Convert.FromBase64String((string)leaves["leaves"]![(int)index]!);
        var path = proof["path"]!.AsArray().Select(p => Convert.FromBase64String((string)p!)).ToArray();
        Assert.True(ProofVerifier.VerifyInclusion(leaf, new InclusionProof(index, checkpoint.Size, path), checkpoint));
        leaf[^2] ^= 1;
        Assert.False(ProofVerifier.VerifyInclusion(leaf, new InclusionProof(index, checkpoint.Size, path), checkpoint));

        // The operator reads it and lists it; another operator does not see it; no caller is a 401.
        var read = await Json(await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{d.Journey.OperatorJourneyId}", op.Id, null, Ct), HttpStatusCode.OK);
        Assert.Equal("ok", (string?)read["status"]);
        var list = await Json(await _traffic.SendAsync(HttpMethod.Get, "/v3/journeys", op.Id, null, Ct), HttpStatusCode.OK);
        Assert.Contains(list["journeys"]!.AsArray(), j => (string?)j!["operator_journey_id"] == d.Journey.OperatorJourneyId);
        var other = _traffic.Operators[1].Id;
        Assert.Equal(HttpStatusCode.NotFound, (await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{d.Journey.OperatorJourneyId}", other, null, Ct)).StatusCode);
        Assert.Empty((await Json(await _traffic.SendAsync(HttpMethod.Get, "/v3/journeys", other, null, Ct), HttpStatusCode.OK))["journeys"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.GetAsync($"/v3/journeys/{d.Journey.OperatorJourneyId}")).StatusCode);
        using (var foreign = await _traffic.DeclareAsync(_traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-5)), other, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        // The traveler sees the attestation.
        using (var traveler = _node.Http.With(travelerToken))
        {
            var attestations = await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK);
            Assert.Equal(attestation, Assert.Single(attestations["attestations"]!.AsArray())!["attestation"]!.ToJsonString());
            Assert.Equal(HttpStatusCode.Forbidden, (await traveler.GetAsync(new Uri("/v3/journeys", UriKind.Relative), Ct)).StatusCode);
        }

        var (_, strangerToken) = await TestKeys.TravelerAsync(_node.Http);
        using (var stranger = _node.Http.With(strangerToken))
        {
            var none = await Json(await stranger.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK);
            Assert.Empty(none["attestations"]!.AsArray());
        }

        // The authority of the node's territory lists and reads it; another territory's authority is refused.
        using (var authority = _node.Http.With(await TestKeys.TokenAsync(_node.Http, "authority", "terr-a")))
        {
            var all = await Json(await authority.GetAsync(new Uri($"/authority/journeys?operator={op.Id}", UriKind.Relative), Ct), HttpStatusCode.OK);
            Assert.Contains(all["journeys"]!.AsArray(), j => (string?)j!["operator_journey_id"] == d.Journey.OperatorJourneyId);
            await Json(await authority.GetAsync(new Uri($"/authority/journeys/{op.Id}/{d.Journey.OperatorJourneyId}", UriKind.Relative), Ct), HttpStatusCode.OK);
        }

        using (var otherAuthority = _node.Http.With(await TestKeys.TokenAsync(_node.Http, "authority", "terr-b")))
        {
            await AssertProblem(await otherAuthority.GetAsync(new Uri("/authority/journeys", UriKind.Relative), Ct), 403);
        }

        // Cancelled: a status-change leaf revokes the attestation; a consistency proof links the two checkpoints.
        var cancelled = await Json(await _traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{d.Journey.OperatorJourneyId}/cancel", op.Id, null, Ct), HttpStatusCode.OK);
        Assert.Equal("canceled", (string?)cancelled["status"]);
        var after = await CheckpointAsync();
        Assert.Equal(checkpoint.Size + 1, after.Size);
        var consistency = await Json(await _node.GetAsync($"/log/proofs/consistency?from={checkpoint.Size}&to={after.Size}"), HttpStatusCode.OK);
        Assert.True(ProofVerifier.VerifyConsistency(checkpoint.Size, after.Size, checkpoint.RootHash, after.RootHash,
            [.. consistency["path"]!.AsArray().Select(p => Convert.FromBase64String((string)p!))]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.GetAsync($"/log/leaves?start=0&end={after.Size}")).StatusCode);
        var published = (await Json(await Authority().GetAsync(new Uri($"/log/leaves?start=0&end={after.Size}", UriKind.Relative), Ct), HttpStatusCode.OK))["leaves"]!.AsArray()
            .Select(l => Convert.FromBase64String((string)l!)).ToList();
        Assert.NotNull(AttestationVerifier.Verify(attestation, Vkey, published).RevokedBy);
    }

    [Fact]
    public async Task Evidence_v2_one_statement_per_device_is_graded_C_and_attested()
    {
        var driver = await _traffic.NewPersonAsync(Ct);
        var passenger = await _traffic.NewPersonAsync(Ct);
        var op = _traffic.Operators[0];
        var v1 = _traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-2));
        var v2 = Mobility.CarpoolProof.Evidence.Signing.Sign(
            v1 with { Evidence = Mobility.CarpoolProof.Pipeline.SyntheticCarpools.ToV2(v1.Evidence.Pickups, v1.Evidence.Dropoffs, driver, passenger) }, op.Key);
        var journey = (await Json(await _traffic.DeclareAsync(v2, Ct), HttpStatusCode.Created))["journey"]!;
        Assert.Equal(("ok", "C"), ((string?)journey["status"], (string?)journey["proof_class"]));
        Assert.Contains("\"C\"", journey["attestation"]!.ToJsonString(), StringComparison.Ordinal); // the signed commitment names the class
    }

    [Fact]
    public async Task Refusals_are_problem_details_and_store_nothing()
    {
        var driver = await _traffic.NewPersonAsync(Ct);
        var passenger = await _traffic.NewPersonAsync(Ct);
        var op = _traffic.Operators[0];
        var before = await CheckpointAsync();

        // Too short (registry distance_too_short is a terms violation: 422), future start (400), bad signature (401).
        await AssertProblem(await _traffic.DeclareAsync(_traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-1), crowKm: 1), Ct), 422);
        await AssertProblem(await _traffic.DeclareAsync(_traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(3)), Ct), 400);
        var tampered = _traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-1));
        tampered = tampered with { Journey = tampered.Journey with { Distance = tampered.Journey.Distance + 1 } };
        await AssertProblem(await _traffic.DeclareAsync(tampered, Ct), 401);

        // Two pick-up statements of one role (the driver's, twice): the bench's pipeline always refused it, the API
        // graded it B; one decision now refuses it on both paths (JourneyDecider.Examine).
        var twice = _traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-1));
        twice = Mobility.CarpoolProof.Evidence.Signing.Sign(
            twice with { Evidence = twice.Evidence with { Pickups = [twice.Evidence.Pickups[0], twice.Evidence.Pickups[0]] } }, op.Key);
        var replayed = await ProblemJson(await _traffic.DeclareAsync(twice, Ct), 400);
        Assert.Equal(["replayed_statement"], replayed["labels"]!.AsArray().Select(l => (string?)l));

        using var malformed = new StringContent("{\"operator_id\":", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/journeys", UriKind.Relative)) { Content = malformed };
        using var operatorClient = _node.Http.With(await TestKeys.TokenAsync(_node.Http, "operator", op.Id));
        await AssertProblem(await operatorClient.SendAsync(request, Ct), 400);

        using var huge = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/journeys", UriKind.Relative))
        {
            Content = new ByteArrayContent(new byte[Mobility.CarpoolProof.Declarations.DeclarationJson.MaxBytes + 1]),
        };
        await AssertProblem(await operatorClient.SendAsync(huge, Ct), 413);

        Assert.Equal(before.Size, (await CheckpointAsync()).Size);
    }

    private HttpClient? _authority;

    private HttpClient Authority() => _authority ??= _node.Http.With(TestKeys.TokenAsync(_node.Http, "authority", "terr-a").GetAwaiter().GetResult());

    private async Task<Checkpoint> CheckpointAsync()
    {
        var body = await Json(await _node.GetAsync("/log/checkpoint"), HttpStatusCode.OK);
        return Checkpoint.Open((string)body["note"]!, NoteVerifier.Parse(Vkey));
    }

    internal static async Task<JsonNode> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == expected, $"HTTP {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    private static async Task<JsonNode> ProblemJson(HttpResponseMessage response, int status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonNode.Parse(text)!;
        }
    }

    private static async Task AssertProblem(HttpResponseMessage response, int status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        }
    }
}
