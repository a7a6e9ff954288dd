using Mobility.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Actors.Operators;
using Mobility.Node.Hosting;
using Mobility.Node.Security;
using Mobility.Node.Tests.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>Two nodes in one cluster over one PostgreSQL database, on loopback.</summary>
public sealed class TwoNodeTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task An_offer_published_on_one_node_reaches_the_other_nodes_board_and_tokens_work_on_both()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var dataA = new TempFolder();
        using var dataB = new TempFolder();
        Dictionary<string, string?> Shared(string folder, string? seed) => RunningNode.Settings(folder, new Dictionary<string, string?>
        {
            ["Mobility:Storage:Provider"] = "postgres",
            ["Mobility:Storage:ConnectionString"] = connectionString,
            ["Mobility:Auth:TokenSecret"] = secret,
            ["Mobility:Cluster:SeedNodes"] = seed,
        });

        await using var a = await RunningNode.StartAsync(Shared(dataA.Path, null));
        await a.WaitReadyAsync();
        var seed = AkkaSetup.ClusterState(a.Host.Services.GetRequiredService<ActorSystem>()).Address.ToString();
        await using var b = await RunningNode.StartAsync(Shared(dataB.Path, seed));
        await b.WaitReadyAsync();

        // A token from node A is accepted by node B (same secret).
        var token = await TestKeys.TokenAsync(a.Http, Roles.Operator, "op-a");
        using var onA = a.Http.With(token);
        using var onB = b.Http.With(token);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await onB.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Pool A" }, ct)).StatusCode);

        var boardB = b.Host.Services.GetRequiredService<LiveOfferBoard>();
        var clock = Stopwatch.StartNew();
        (await onA.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), SecuredNode.OfferBody("ride-x"), ct)).EnsureSuccessStatusCode();
        var published = clock.Elapsed;
        while (!boardB.Offers(DateTimeOffset.UtcNow).Any(o => o.Offer.OfferId == "ride-x") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10, ct);
        }

        Assert.Contains(boardB.Offers(DateTimeOffset.UtcNow), o => o.Offer.OfferId == "ride-x");
        TestContext.Current.TestOutputHelper?.WriteLine($"offer on node B {(clock.Elapsed - published).TotalMilliseconds:0} ms after node A answered");
        Assert.True(clock.Elapsed - published < TimeSpan.FromSeconds(1), $"seen on B {(clock.Elapsed - published).TotalMilliseconds:0} ms after A answered");

        // A traveler books through node B the offer published through node A: sharding finds the entity wherever it lives.
        var (_, travelerToken) = await TestKeys.TravelerAsync(b.Http);
        using var traveler = a.Http.With(travelerToken);
        using var book = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative))
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = "ride-x", seats = 1 } } }),
        };
        book.Headers.Add("Idempotency-Key", "two-nodes");
        using var booked = await traveler.SendAsync(book, ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        using var travelerOnB = b.Http.With(travelerToken);
        Assert.Equal("offered", (await travelerOnB.GetFromJsonAsync<JsonElement>(new Uri("/trips/" + id, UriKind.Relative), ct)).GetProperty("status").GetString());
    }
}
