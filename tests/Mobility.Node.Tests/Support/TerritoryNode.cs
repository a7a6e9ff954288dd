using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;

namespace Mobility.Node.Tests.Support;

/// <summary>
/// A node serving two registered territories side by side (terr-a west of lon 4.88, terr-b east of lon 4.90), with
/// one active campaign each and three declared journeys: one wholly in terr-a, one from terr-a to terr-b, one wholly
/// in terr-b. Each journey has its own driver, so a driver's statement shows which campaign paid which journey.
/// </summary>
public sealed class TerritoryNode : IAsyncLifetime
{
    public const string Operator = "op-a";
    public const string CampaignA = "incentive-a";
    public const string CampaignB = "incentive-b";

    private readonly TempFolder _data = new();
    private Mobility.Node.Cli.Simulate.DeclarationTraffic _traffic = null!;

    internal RunningNode Node { get; private set; } = null!;

    public string OnlyA { get; } = $"ja{Guid.NewGuid():N}";

    public string Crossing { get; } = $"jx{Guid.NewGuid():N}";

    public string OnlyB { get; } = $"jb{Guid.NewGuid():N}";

    /// <summary>Each journey's driver identity key and the node's 201 answer.</summary>
    public Dictionary<string, (string Driver, JsonNode Answer)> Journeys { get; } = [];

    /// <summary>A GeoJSON rectangle from <paramref name="lon0"/> to <paramref name="lon1"/>, latitudes 45.70-45.82 (Lyon).</summary>
    public static object Area(double lon0, double lon1) => new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { lon0, 45.70 }, new[] { lon1, 45.70 }, new[] { lon1, 45.82 }, new[] { lon0, 45.82 }, new[] { lon0, 45.70 } } },
    };

    public static string Campaign(string id) =>
        """{"schema_version":1,"id":"@id","name":"@id","timezone":"Europe/Paris","validity":{"start":"2020-01-01"},"beneficiaries":{"driver":{"rules":[{"id":"flat","fixed":{"cents":100}}]}}}""".Replace("@id", id, StringComparison.Ordinal);

    public string Expand(string path) => path
        .Replace("{operator}", Operator, StringComparison.Ordinal)
        .Replace("{a-journey}", OnlyA, StringComparison.Ordinal)
        .Replace("{a-campaign}", CampaignA, StringComparison.Ordinal);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await Node.WaitReadyAsync();
        using (var platform = Node.Http.With(await TestKeys.TokenAsync(Node.Http, Roles.Platform, TestKeys.Platforms[0])))
        {
            foreach (var (code, lon0, lon1) in new[] { ("terr-a", 4.70, 4.88), ("terr-b", 4.90, 5.05) })
            {
                using var registered = await platform.PostAsJsonAsync(new Uri("/platform/territories", UriKind.Relative), new { code, name = code.ToUpperInvariant(), geometry = Area(lon0, lon1) }, ct);
                Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(ct));
            }
        }

        foreach (var (territory, id) in new[] { ("terr-a", CampaignA), ("terr-b", CampaignB) })
        {
            using var authority = Node.Http.With(await TestKeys.TokenAsync(Node.Http, Roles.Authority, territory));
            using var document = new StringContent(Campaign(id), System.Text.Encoding.UTF8, "application/json");
            using var created = await authority.PostAsync(new Uri($"/authority/{territory}/campaigns", UriKind.Relative), document, ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
            using var activated = await authority.PostAsync(new Uri($"/authority/{territory}/campaigns/{id}/activate", UriKind.Relative), null, ct);
            Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync(ct));
        }

        _traffic = await CarpoolTraffic.StartAsync(Node.Http, Operator);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        foreach (var (id, lon0, lon1) in new[] { (OnlyA, 4.83, 4.73), (Crossing, 4.83, 4.95), (OnlyB, 4.92, 5.02) })
        {
            var driver = await _traffic.NewPersonAsync(ct);
            var passenger = await _traffic.NewPersonAsync(ct);
            // About 7.8 km east-west at lat 45.76, declared as the synthetic traffic does (crow x 1.3 at 40 km/h).
            var d = SyntheticCarpools.Declare(_traffic.Operators[0], driver, passenger, id, "t" + id,
                new TimeGeoPoint(start, 45.76, lon0), new TimeGeoPoint(start.AddMinutes(15), 45.76, lon1), 10_100, ProofClass.C);
            using var response = await _traffic.DeclareAsync(d, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            Journeys[id] = (driver.Identity.Value, JsonNode.Parse(text)!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _traffic?.Dispose();
        await Node.DisposeAsync();
        _data.Dispose();
    }
}
