using System.Net;
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

    private async Task<long> LogSizeAsync()
    {
        var vkey = File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();
        var body = await Json(await _node.GetAsync("/log/checkpoint"), HttpStatusCode.OK);
        return Checkpoint.Open((string)body["note"]!, NoteVerifier.Parse(vkey)).Size;
    }
}
