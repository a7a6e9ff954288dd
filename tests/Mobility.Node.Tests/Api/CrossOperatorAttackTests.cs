using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Requests another operator would send to hurt a competitor's users, over real HTTP on a running node (SQLite).
/// See docs/proofs.md, "Overlapping journeys" and "Refusals".
/// </summary>
public sealed class CrossOperatorAttackTests : IAsyncLifetime
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

    [Fact]
    public async Task A_class_A_declaration_without_device_statements_cannot_revoke_a_class_C_journey_of_another_operator()
    {
        var (honest, rogue) = (_traffic.Operators[0], _traffic.Operators[1]);
        var driver = await _traffic.NewPersonAsync(Ct);
        var passenger = await _traffic.NewPersonAsync(Ct);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var genuine = _traffic.Journey(honest, driver, passenger, start);
        var created = await Json(await _traffic.DeclareAsync(genuine, Ct), HttpStatusCode.Created);
        Assert.Equal("C", (string?)created["journey"]!["proof_class"]);
        var size = await LogSizeAsync();

        // The rogue operator names the honest operator's passenger in a journey five minutes later, with no device
        // statement at all (class A), driven by someone else.
        var accomplice = await _traffic.NewPersonAsync(Ct);
        var forged = _traffic.Journey(rogue, accomplice, passenger, start.AddMinutes(5), cls: ProofClass.A);
        var answer = await Json(await _traffic.DeclareAsync(forged, Ct), HttpStatusCode.Created);
        Assert.Equal("A", (string?)answer["journey"]!["proof_class"]);
        Assert.Equal("fraud_error", (string?)answer["journey"]!["status"]);
        Assert.Contains("interoperator_overlap", answer["journey"]!["labels"]!.AsArray().Select(l => (string?)l));

        // Only the forged journey's leaf was appended: no status change revokes the genuine one, whose status stays ok.
        Assert.Equal(size + 1, await LogSizeAsync());
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct); // a flag, were one sent, is told asynchronously
        Assert.Equal(size + 1, await LogSizeAsync());
        var kept = await Json(await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{genuine.Journey.OperatorJourneyId}", honest.Id, null, Ct), HttpStatusCode.OK);
        Assert.Equal("ok", (string?)kept["status"]);
    }

    [Fact]
    public async Task Stronger_evidence_declared_later_flags_the_weaker_overlapping_journey()
    {
        var (first, second) = (_traffic.Operators[1], _traffic.Operators[0]);
        var passenger = await _traffic.NewPersonAsync(Ct);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var weak = _traffic.Journey(first, await _traffic.NewPersonAsync(Ct), passenger, start, cls: ProofClass.A);
        await Json(await _traffic.DeclareAsync(weak, Ct), HttpStatusCode.Created);
        var strong = _traffic.Journey(second, await _traffic.NewPersonAsync(Ct), passenger, start.AddMinutes(5));
        var answer = await Json(await _traffic.DeclareAsync(strong, Ct), HttpStatusCode.Created);
        Assert.Equal("ok", (string?)answer["journey"]!["status"]);
        Assert.Empty(answer["journey"]!["labels"]!.AsArray());

        // The weaker journey is flagged by its own status-change leaf (told after the stronger one is persisted).
        string? status = null;
        for (var i = 0; i < 50 && status != "fraud_error"; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
            var read = await Json(await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{weak.Journey.OperatorJourneyId}", first.Id, null, Ct), HttpStatusCode.OK);
            status = (string?)read["status"];
        }

        Assert.Equal("fraud_error", status);
    }

    [Fact]
    public async Task Driver_and_passenger_with_one_identity_are_refused_with_a_label_and_nothing_is_logged()
    {
        var person = await _traffic.NewPersonAsync(Ct);
        var size = await LogSizeAsync();
        var self = _traffic.Journey(_traffic.Operators[0], person, person, DateTimeOffset.UtcNow.AddHours(-1), cls: ProofClass.A);
        using var response = await _traffic.DeclareAsync(self, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var labels = JsonDocument.Parse(text).RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString());
        Assert.Equal(["driver_is_passenger"], labels);
        Assert.Equal(size, await LogSizeAsync());
    }

    [Fact]
    public async Task An_operator_cannot_link_a_traveler_account_and_only_the_device_holder_can()
    {
        var (travelerId, travelerToken) = await TestKeys.TravelerAsync(_node.Http);
        var victim = await _traffic.NewPersonAsync(Ct);
        var journey = _traffic.Journey(_traffic.Operators[0], await _traffic.NewPersonAsync(Ct), victim, DateTimeOffset.UtcNow.AddHours(-2));
        await Json(await _traffic.DeclareAsync(journey, Ct), HttpStatusCode.Created);

        // The rogue operator binds a device of its own making to the victim's identity and names a traveler account.
        var rogue = _traffic.Operators[1];
        var squat = _traffic.Carpools.NewPerson();
        using (var refused = await _traffic.SendAsync(HttpMethod.Post, "/v3/devices", rogue.Id,
                   new Mobility.Node.Api.Carpool.JourneyContracts.DeviceRequest(squat.DeviceKey, victim.Identity.Value, travelerId), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("traveler_id", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var traveler = _node.Http.With(travelerToken);
        Assert.Empty((await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK))["attestations"]!.AsArray());

        // A signature by another device, or over another traveler id, links nothing.
        using (var device = Mobility.CarpoolProof.Evidence.Ed25519Keys.FromSeed(squat.DeviceSeed))
        using (var wrongKey = await traveler.PostAsJsonAsync(new Uri("/v3/me/devices", UriKind.Relative),
                   new { operator_id = _traffic.Operators[0].Id, device_key = victim.DeviceKey, signature = Mobility.CarpoolProof.Identity.TravelerLink.Sign(device, travelerId) }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        var (_, otherToken) = await TestKeys.TravelerAsync(_node.Http);
        using (var replayed = await _traffic.LinkTravelerAsync(victim, travelerId, otherToken, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode); // signed for travelerId, sent by another account
        }

        // Not a traveler: an operator's token, or none.
        using (var asOperator = await _traffic.SendAsync(HttpMethod.Post, "/v3/me/devices", rogue.Id, new { operator_id = rogue.Id, device_key = victim.DeviceKey, signature = "x" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
        }

        using (var anonymous = await _node.Http.PostAsJsonAsync(new Uri("/v3/me/devices", UriKind.Relative), new { device_key = victim.DeviceKey }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // The holder of the victim's device links its own account and sees the journey.
        await Json(await _traffic.LinkTravelerAsync(victim, travelerId, travelerToken, Ct), HttpStatusCode.Created);
        var mine = await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK);
        Assert.Equal(journey.Journey.OperatorJourneyId, (string?)Assert.Single(mine["attestations"]!.AsArray())!["operator_journey_id"]);
    }

    [Fact]
    public async Task A_device_key_squatted_by_another_operator_stays_usable_by_its_own_operator_and_useless_to_others()
    {
        var (honest, rogue) = (_traffic.Operators[0], _traffic.Operators[1]);
        var driver = _traffic.Carpools.NewPerson();
        var passenger = await _traffic.NewPersonAsync(Ct);
        var stranger = _traffic.Carpools.NewPerson();

        // The rogue operator learns the driver's device key and binds it first, to someone else's identity.
        await Json(await _traffic.SendAsync(HttpMethod.Post, "/v3/devices", rogue.Id,
            new Mobility.Node.Api.Carpool.JourneyContracts.DeviceRequest(driver.DeviceKey, stranger.Identity.Value), Ct), HttpStatusCode.Created);

        // Before the honest operator registers it, its declarations cannot use the rogue's binding: unknown key.
        var early = _traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-3));
        using (var refused = await _traffic.DeclareAsync(early, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("unknown_key", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The honest operator still registers its user's device (no 409) and declares class C journeys with it.
        await Json(await _traffic.SendAsync(HttpMethod.Post, "/v3/devices", honest.Id,
            new Mobility.Node.Api.Carpool.JourneyContracts.DeviceRequest(driver.DeviceKey, driver.Identity.Value), Ct), HttpStatusCode.Created);
        var created = await Json(await _traffic.DeclareAsync(_traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-2)), Ct), HttpStatusCode.Created);
        Assert.Equal("C", (string?)created["journey"]!["proof_class"]);
        Assert.Equal("ok", (string?)created["journey"]!["status"]);
    }

    /// <summary>
    /// Issue 12: bindings were permanent, so a lost phone stayed a valid signer and a linked account stayed linked.
    /// The traveler unlinks its own account, and links again; the operator revokes its own user's device key (another
    /// operator cannot: its namespace holds no such key), after which declarations signed by it are refused and the key
    /// may be registered again (a rotated key).
    /// </summary>
    [Fact]
    public async Task A_lost_device_is_revoked_by_its_operator_and_a_traveler_unlinks_its_own_account()
    {
        var (honest, other) = (_traffic.Operators[0], _traffic.Operators[1]);
        var (travelerId, travelerToken) = await TestKeys.TravelerAsync(_node.Http);
        using var traveler = _node.Http.With(travelerToken);
        var driver = _traffic.Carpools.NewPerson(); // a user of the honest operator only
        await Json(await _traffic.SendAsync(HttpMethod.Post, "/v3/devices", honest.Id,
            new Mobility.Node.Api.Carpool.JourneyContracts.DeviceRequest(driver.DeviceKey, driver.Identity.Value), Ct), HttpStatusCode.Created);
        var passenger = await _traffic.NewPersonAsync(Ct);
        var journey = _traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-4));
        await Json(await _traffic.DeclareAsync(journey, Ct), HttpStatusCode.Created);
        await Json(await _traffic.LinkTravelerAsync(passenger, travelerId, travelerToken, Ct), HttpStatusCode.Created);
        Assert.Single((await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK))["attestations"]!.AsArray());

        // The traveler unlinks its account: it sees nothing any more; unlinking again is a 404; it links again.
        Assert.True((bool)(await Json(await traveler.DeleteAsync(new Uri("/v3/me/devices", UriKind.Relative), Ct), HttpStatusCode.OK))["unbound"]!);
        Assert.Empty((await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK))["attestations"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await traveler.DeleteAsync(new Uri("/v3/me/devices", UriKind.Relative), Ct)).StatusCode);
        await Json(await _traffic.LinkTravelerAsync(passenger, travelerId, travelerToken, Ct), HttpStatusCode.Created);
        Assert.Single((await Json(await traveler.GetAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct), HttpStatusCode.OK))["attestations"]!.AsArray());

        // Another operator cannot revoke the honest operator's device: in its own namespace the key is unknown.
        using (var foreign = await _traffic.SendAsync(HttpMethod.Delete, "/v3/devices/" + driver.DeviceKey, other.Id, null, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await _traffic.DeclareAsync(_traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-3)), Ct)).StatusCode);

        // The honest operator revokes the lost phone: its statements are refused from now on.
        await Json(await _traffic.SendAsync(HttpMethod.Delete, "/v3/devices/" + driver.DeviceKey, honest.Id, null, Ct), HttpStatusCode.OK);
        using (var refused = await _traffic.DeclareAsync(_traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-2)), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("unknown_key", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The key is registered again (to the same identity): declarations work again.
        await Json(await _traffic.SendAsync(HttpMethod.Post, "/v3/devices", honest.Id,
            new Mobility.Node.Api.Carpool.JourneyContracts.DeviceRequest(driver.DeviceKey, driver.Identity.Value), Ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await _traffic.DeclareAsync(_traffic.Journey(honest, driver, passenger, DateTimeOffset.UtcNow.AddHours(-1)), Ct)).StatusCode);

        // An operator's own signing key is never revoked through this door (it is not a device key: 400).
        using (var notADevice = await _traffic.SendAsync(HttpMethod.Delete, "/v3/devices/not-a-key", honest.Id, null, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notADevice.StatusCode);
        }
    }

    private async Task<long> LogSizeAsync()
    {
        var vkey = File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();
        var body = await Json(await _node.GetAsync("/log/checkpoint"), HttpStatusCode.OK);
        return Checkpoint.Open((string)body["note"]!, NoteVerifier.Parse(vkey)).Size;
    }
}
