using System.Net;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Api;

/// <summary>A node restarted on the same data folder keeps its journeys, identities and log root.</summary>
public sealed class JourneyRestartTests : IDisposable
{
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_restart_keeps_journeys_identities_and_the_log_root()
    {
        var settings = RunningNode.Settings(_data.Path);
        var ids = new List<string>();
        string checkpointBefore;
        var views = new Dictionary<string, string>();
        Mobility.CarpoolProof.Pipeline.SyntheticCarpools.Person driver;
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var node = await RunningNode.StartAsync(settings);
        DeclarationTraffic traffic = null!;
        try
        {
            await node.WaitReadyAsync();
            traffic = await CarpoolTraffic.StartAsync(node.Http, "op-a", "op-b");
            driver = await traffic.NewPersonAsync(Ct);
            for (var i = 0; i < 4; i++)
            {
                var passenger = await traffic.NewPersonAsync(Ct);
                var d = traffic.Journey(traffic.Operators[0], driver, passenger, start.AddMinutes(60 * i));
                await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created);
                ids.Add(d.Journey.OperatorJourneyId);
            }

            await Json(await traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{ids[3]}/cancel", traffic.Operators[0].Id, null, Ct), HttpStatusCode.OK);
            foreach (var id in ids)
            {
                views[id] = (await Json(await traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{id}", traffic.Operators[0].Id, null, Ct), HttpStatusCode.OK)).ToJsonString();
            }

            checkpointBefore = (string)(await Json(await node.GetAsync("/log/checkpoint"), HttpStatusCode.OK))["note"]!;
        }
        finally
        {
            await node.DisposeAsync();
        }

        await using var again = await RunningNode.StartAsync(settings);
        await again.WaitReadyAsync();
        traffic.Http = again.Http;
        Assert.Equal(checkpointBefore, (string)(await Json(await again.GetAsync("/log/checkpoint"), HttpStatusCode.OK))["note"]!);
        foreach (var id in ids)
        {
            Assert.Equal(views[id], (await Json(await traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{id}", traffic.Operators[0].Id, null, Ct), HttpStatusCode.OK)).ToJsonString());
        }

        // Keys and identities came back too: the same journey id is a 409, and an overlap on another operator is fraud.
        var passenger2 = await traffic.NewPersonAsync(Ct);
        using (var duplicate = await traffic.DeclareAsync(traffic.Journey(traffic.Operators[0], driver, passenger2, start, id: ids[0]), Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        }

        var overlap = traffic.Journey(traffic.Operators[1], driver, passenger2, start.AddMinutes(5));
        var created = await Json(await traffic.DeclareAsync(overlap, Ct), HttpStatusCode.Created);
        Assert.Equal("fraud_error", (string?)created["journey"]!["status"]);
        Assert.Contains("interoperator_overlap", created["journey"]!["labels"]!.AsArray().Select(l => (string?)l));
        traffic.Dispose();
    }
}
