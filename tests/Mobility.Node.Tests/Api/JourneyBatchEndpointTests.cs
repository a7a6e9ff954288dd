using System.Net;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mobility.Node.Tests.Api;

/// <summary>POST /v3/journeys/batch on a running node: one operator signature, one answer per declaration.</summary>
public sealed class JourneyBatchEndpointTests : IAsyncLifetime
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

    private async Task<SignedDeclaration[]> JourneysAsync(int n)
    {
        var list = new SignedDeclaration[n];
        for (var i = 0; i < n; i++)
            list[i] = _traffic.Journey(_traffic.Operators[0], await _traffic.NewPersonAsync(Ct), await _traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(i));
        return list;
    }

    private DeclarationBatch Sign(IEnumerable<SignedDeclaration> ds) => Signing.SignBatch(_traffic.Operators[0].Id, ds, _traffic.Operators[0].Key);

    private Task<HttpResponseMessage> PostAsync(DeclarationBatch batch, string? asOperator = null) =>
        _traffic.PostAsync("/v3/journeys/batch", DeclarationJson.SerializeToUtf8(batch), asOperator ?? batch.OperatorId, Ct);

    private static async Task<JsonNode> Body(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task A_signed_batch_records_each_declaration_with_its_own_attestation_and_answers_each_one()
    {
        var ds = await JourneysAsync(4);
        using (var single = await _traffic.DeclareAsync(ds[3], Ct)) Assert.Equal(HttpStatusCode.Created, single.StatusCode);

        // The same journey id declared again with other content: a conflict (the same signed declaration again would
        // be a retry, answered with the journey recorded: see below).
        ds[3] = ds[3] with { Journey = ds[3].Journey with { Distance = ds[3].Journey.Distance + 1 } };
        var body = await Body(await PostAsync(Sign(ds)), HttpStatusCode.OK);
        Assert.Equal(3, (int)body["recorded"]!);
        Assert.Equal(1, (int)body["refused"]!);
        var results = body["results"]!.AsArray();
        Assert.Equal(ds.Select(d => d.Journey.OperatorJourneyId), results.Select(r => (string)r!["operator_journey_id"]!));
        Assert.Equal([201, 201, 201, 409], results.Select(r => (int)r!["status"]!));
        var vkey = File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();
        foreach (var r in results.Take(3))
        {
            var journey = r!["journey"]!;
            Assert.Equal("C", (string?)journey["proof_class"]);
            var verified = AttestationVerifier.Verify(journey["attestation"]!.ToJsonString(), vkey);
            Assert.True(verified.Ok, verified.Failure);
            // The logged commitment names the same declaration hash the operator signed in the batch.
            var i = results.IndexOf(r);
            Assert.Equal(Mobility.CarpoolProof.Pipeline.JourneyCommitment.HashDeclaration(ds[i] with { OperatorSignature = null }), verified.Commitment!.DeclarationSha256);

            // Each leaf of the batch is sealed (v2, docs/proofs.md "Log leaves") with its own salt: the public leaf shows no journey.
            var index = (long)journey["leaf_index"]!;
            var log = Akka.Hosting.ActorRegistry.For(_node.Host.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Get<Mobility.Actors.Carpool.LogSingleton>();
            var leaves = Assert.IsType<Mobility.Actors.Carpool.LogMessages.Leaves>(
                await Akka.Actor.Futures.Ask<object>(log, new Mobility.Actors.Carpool.LogMessages.ReadLeaves(index, index + 1), TimeSpan.FromSeconds(10), Ct));
            var leaf = Convert.FromBase64String(leaves.Base64[0]);
            Assert.NotNull(Mobility.CarpoolProof.Pipeline.SealedLeaf.Parse(leaf));
            Assert.Null(Mobility.CarpoolProof.Pipeline.ReadLeaf.Of(leaf).Journey);
        }
    }

    [Fact]
    public async Task A_batch_sent_again_is_answered_as_the_first_time_and_logs_nothing_twice()
    {
        var batch = Sign(await JourneysAsync(3));
        var first = (await Body(await PostAsync(batch), HttpStatusCode.OK))["results"]!.AsArray();
        var size = await LogSizeAsync();
        var again = (await Body(await PostAsync(batch), HttpStatusCode.OK))["results"]!.AsArray();
        Assert.Equal([201, 201, 201], again.Select(r => (int)r!["status"]!));
        Assert.Equal(first.ToJsonString(), again.ToJsonString()); // Same journeys, leaves and attestations.
        Assert.Equal(size, await LogSizeAsync());
    }

    /// <summary>
    /// The crash between the log append and the journal writes (docs/proofs.md, "Batches as a unit"): the log holds the
    /// journey's commitment, no journey entity recorded it, its identities never counted it. The batch sent again adopts
    /// that leaf (no second one), records the journey with it, and counts it once; a leaf committing the same journey
    /// id to another declaration refuses that declaration as a conflict.
    /// </summary>
    [Fact]
    public async Task A_journey_logged_by_an_attempt_that_crashed_is_adopted_by_the_batch_sent_again_and_never_logged_twice()
    {
        var ds = await JourneysAsync(3);
        var batch = Sign(ds);
        var log = Akka.Hosting.ActorRegistry.For(_node.Host.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Get<Mobility.Actors.Carpool.LogSingleton>();
        Mobility.CarpoolProof.Pipeline.JourneyCommitment Logged(SignedDeclaration d, string hash) => new(d.OperatorId, d.Journey.OperatorJourneyId, hash, "C", "ok", [],
            d.Journey.Start.Datetime, UtcTimestamp.Truncate(DateTimeOffset.UtcNow.AddMinutes(-1)));
        var crashed = Logged(ds[1], Mobility.CarpoolProof.Pipeline.JourneyCommitment.HashDeclaration(batch.Declarations[1]));
        var other = Logged(ds[2], Mobility.CarpoolProof.Pipeline.JourneyCommitment.HashDeclaration(batch.Declarations[0]));
        // Sealed as a crashed attempt left them: the openings stored with the leaves, the only way to read their journeys.
        var sealedLeaves = new[] { crashed, other }.Select(c => new Mobility.CarpoolProof.Pipeline.LoggedJourney(c, Mobility.CarpoolProof.Pipeline.SealedLeaf.NewSalt())).ToArray();
        var appended = Assert.IsType<Mobility.Actors.Carpool.LogMessages.Appended>(
            await Akka.Actor.Futures.Ask<object>(log, new Mobility.Actors.Carpool.LogMessages.Append([.. sealedLeaves.Select(l => l.LeafBytes())], null,
                [.. sealedLeaves.Select(l => l.Opening!.ToBytes())]), TimeSpan.FromSeconds(10), Ct));
        var size = await LogSizeAsync();

        var results = (await Body(await PostAsync(batch), HttpStatusCode.OK))["results"]!.AsArray();
        Assert.Equal([201, 201, 409], results.Select(r => (int)r!["status"]!));
        Assert.Equal(appended.Indices[0], (long)results[1]!["journey"]!["leaf_index"]!);
        Assert.Equal(crashed.AcceptedAt, (DateTimeOffset)results[1]!["journey"]!["accepted_at"]!); // The logged decision stands.
        var vkey = File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();
        var adopted = AttestationVerifier.Verify(results[1]!["journey"]!["attestation"]!.ToJsonString(), vkey); // It carries the earlier leaf's salt.
        Assert.True(adopted.Ok, adopted.Failure);
        Assert.Equal(size + 1, await LogSizeAsync()); // Only ds[0] was new.

        var journey = await Body(await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{ds[1].Journey.OperatorJourneyId}", batch.OperatorId, null, Ct), HttpStatusCode.OK);
        Assert.Equal(appended.Indices[0], (long)journey["leaf_index"]!);
        var identity = _node.Host.Services.GetRequiredService<Akka.Hosting.IRequiredActor<Mobility.Actors.Carpool.IdentityRegion>>().ActorRef;
        var counted = await Akka.Actor.Futures.Ask<Mobility.Actors.Carpool.IdentityMessages.Journeys>(identity,
            new Mobility.Actors.Carpool.IdentityMessages.GetJourneys(ds[1].Journey.Driver.Identity.IdentityKey), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal([ds[1].OperatorId + "/" + ds[1].Journey.OperatorJourneyId], counted.JourneyKeys);
    }

    private async Task<long> LogSizeAsync()
    {
        var log = Akka.Hosting.ActorRegistry.For(_node.Host.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Get<Mobility.Actors.Carpool.LogSingleton>();
        return (await Akka.Actor.Futures.Ask<Mobility.Actors.Carpool.LogMessages.CheckpointNote>(log, new Mobility.Actors.Carpool.LogMessages.GetCheckpoint(), TimeSpan.FromSeconds(10), Ct)).Size;
    }

    [Fact]
    public async Task A_batch_changed_after_signing_or_signed_with_another_key_is_refused_whole_and_records_nothing()
    {
        var ds = await JourneysAsync(2);
        var batch = Sign(ds);
        var changed = batch with { Declarations = [batch.Declarations[0], batch.Declarations[1] with { Journey = batch.Declarations[1].Journey with { Distance = 99_999 } }] };
        var problem = await Body(await PostAsync(changed), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_signature", (string?)problem["labels"]![0]);
        var foreign = Signing.SignBatch(batch.OperatorId, ds, _traffic.Operators[1].Key);
        await Body(await PostAsync(foreign), HttpStatusCode.Unauthorized);
        foreach (var d in ds)
            Assert.Equal(HttpStatusCode.NotFound, (await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{d.Journey.OperatorJourneyId}", batch.OperatorId, null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Malformed_foreign_or_anonymous_batches_are_answered_with_problems()
    {
        var batch = Sign(await JourneysAsync(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(batch, asOperator: "op-b")).StatusCode);
        var empty = await Body(await _traffic.PostAsync("/v3/journeys/batch", "{\"operator_id\":\"op-a\",\"declarations\":[]}"u8.ToArray(), "op-a", Ct), HttpStatusCode.BadRequest);
        Assert.True(empty["errors"]!["$.declarations"] is not null, empty.ToJsonString());
        await Body(await _traffic.PostAsync("/v3/journeys/batch", "{not json"u8.ToArray(), "op-a", Ct), HttpStatusCode.BadRequest);

        // The error names the limit that applies over HTTP (1,000), not the library's ceiling (10,000).
        var limit = Mobility.Node.Api.Carpool.JourneyBatchEndpoint.MaxDeclarations;
        var one = System.Text.Json.Nodes.JsonNode.Parse(DeclarationJson.SerializeToUtf8(batch))!;
        var declaration = one["declarations"]![0]!.ToJsonString();
        one["declarations"] = System.Text.Json.Nodes.JsonNode.Parse("[" + string.Join(",", Enumerable.Repeat(declaration, limit + 1)) + "]");
        var over = await Body(await _traffic.PostAsync("/v3/journeys/batch", System.Text.Encoding.UTF8.GetBytes(one.ToJsonString()), "op-a", Ct), HttpStatusCode.BadRequest);
        Assert.True(over.ToJsonString().Contains($"1 to {limit} declarations", StringComparison.Ordinal), over.ToJsonString());

        // A member missing is said in the declaration's words, not the serializer's.
        var missing = await Body(await _traffic.PostAsync("/v3/journeys/batch", "{\"operator_id\":\"op-a\",\"declarations\":[{}]}"u8.ToArray(), "op-a", Ct), HttpStatusCode.BadRequest);
        Assert.True(missing.ToJsonString().Contains("missing required members: operator_id, journey, evidence", StringComparison.Ordinal), missing.ToJsonString());
        Assert.DoesNotContain("Mobility.", missing.ToJsonString(), StringComparison.Ordinal);
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/journeys/batch", UriKind.Relative)) { Content = new ByteArrayContent(DeclarationJson.SerializeToUtf8(batch)) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.Http.SendAsync(anonymous, Ct)).StatusCode);
        var tooBig = new byte[Mobility.Node.Api.Carpool.JourneyBatchEndpoint.MaxBytes + 1];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _traffic.PostAsync("/v3/journeys/batch", tooBig, "op-a", Ct)).StatusCode);
    }
}
