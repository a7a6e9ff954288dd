using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Hosting;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using Mobility.Tests.Shared;
using Npgsql;

namespace Mobility.Node.Tests.Feeds;

/// <summary>
/// A GTFS upload accepted by one node of a cluster is served by every node: nodes over one PostgreSQL (the cluster's
/// store), each with its own data folder, planning on the same village.
/// </summary>
public sealed class GtfsUploadReplicationTests(VillageNode village, PostgresServer postgres) : IClassFixture<VillageNode>, IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_node_serves_the_version_one_node_accepted_a_node_started_later_catches_up_and_forged_bytes_are_never_served()
    {
        var connection = await postgres.CreateDatabaseAsync();
        using var keys = new TempFolder();
        using (var proof = ProofDataDirectory.OpenOrCreate(keys.Path))
        {
            _ = proof.RegistrySecret();
        }

        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var folders = new List<TempFolder>();
        async Task<RunningNode> StartAsync(RunningNode? seed)
        {
            var data = new TempFolder();
            folders.Add(data);
            Directory.CreateDirectory(Path.Combine(data.Path, "carpool"));
            foreach (var file in Directory.GetFiles(keys.Path))
            {
                File.Copy(file, Path.Combine(data.Path, "carpool", Path.GetFileName(file)));
            }

            var settings = RunningNode.Settings(data.Path, new Dictionary<string, string?>
            {
                ["Mobility:City:Gtfs:0"] = Path.Combine(village.CityFolder, "gtfs.zip"),
                ["Mobility:City:Osm"] = Path.Combine(village.CityFolder, "city.osm.pbf"),
                ["Mobility:Storage:Provider"] = "postgres",
                ["Mobility:Storage:ConnectionString"] = connection,
                ["Mobility:Auth:TokenSecret"] = secret,
            });
            if (seed is not null)
            {
                settings["Mobility:Cluster:SeedNodes"] = AkkaSetup.ClusterState(seed.Host.Services.GetRequiredService<ActorSystem>()).Address.ToString();
            }

            var node = await RunningNode.StartAsync(settings);
            await node.WaitReadyAsync();
            return node;
        }

        try
        {
            await using var a = await StartAsync(null);
            await using var b = await StartAsync(a);
            var (from, to, zone) = GtfsUploadPlanTests.FarApartStops(village);
            var plan = GtfsUploadPlanTests.PlanPath(from, to, village.Tuesday8);
            using var opAtA = await a.ClientAsAsync(Roles.Operator, "op-a");
            (await opAtA.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Shuttle A" }, Ct)).EnsureSuccessStatusCode();

            // Version 1 uploaded to A: B serves it too, from the bytes the store holds (checked by SHA-256).
            var first = await UploadAsync(opAtA, GtfsUploadPlanTests.Shuttle("U9", from, to, zone), 1);
            await ServesAsync(b, plan, "U9", "U10");
            Assert.Equal((1, first), Current(b));

            // Version 2 uploaded to B: A moves to it, and neither answers with both.
            using var opAtB = await b.ClientAsAsync(Roles.Operator, "op-a");
            var second = await UploadAsync(opAtB, GtfsUploadPlanTests.Shuttle("U10", from, to, zone), 2);
            await ServesAsync(a, plan, "U10", "U9");
            Assert.Equal((2, second), Current(a));

            // A node started later, on an empty data folder, serves version 2 once ready to answer.
            await using var c = await StartAsync(a);
            await ServesAsync(c, plan, "U10", "U9");
            Assert.Equal((2, second), Current(c));

            // Someone with write access to the store records a version 3 whose bytes are not what the row says: no
            // node serves it (each checks the SHA-256), each says so once, and version 2 keeps answering.
            var forged = new string('a', 64);
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync(Ct);
                await using var part = new NpgsqlCommand("INSERT INTO feeds.gtfs_upload_part VALUES ($1, 0, $2)", db);
                part.Parameters.Add(new NpgsqlParameter { Value = forged });
                part.Parameters.Add(new NpgsqlParameter { Value = "garbage"u8.ToArray() });
                await part.ExecuteNonQueryAsync(Ct);
                await using var row = new NpgsqlCommand("INSERT INTO feeds.gtfs_upload VALUES ('op-a', 3, $1, 7)", db);
                row.Parameters.Add(new NpgsqlParameter { Value = forged });
                await row.ExecuteNonQueryAsync(Ct);
            }

            foreach (var node in (RunningNode[])[a, b, c])
            {
                await EventuallyAsync(() => node.Output.ToString().Contains("GTFS version 3 of op-a recorded by the cluster left out", StringComparison.Ordinal), "the forged version was not reported");
                Assert.Contains("U10", await GtfsUploadPlanTests.RoutesAsync(node, plan));
                Assert.Equal((2, second), Current(node));
                Assert.False(File.Exists(Path.Combine(node.Host.Settings.DataFolder, "feeds", "op-a", forged + ".zip")));
            }
        }
        finally
        {
            foreach (var folder in folders)
            {
                folder.Dispose();
            }
        }
    }

    private static async Task<string> UploadAsync(HttpClient op, Dictionary<string, string> files, int version)
    {
        using var response = await GtfsUploadPlanTests.UploadAsync(op, files);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(version, body.GetProperty("version").GetInt32());
        return body.GetProperty("sha256").GetString()!;
    }

    /// <summary>Waits until <paramref name="node"/>'s plans ride <paramref name="route"/> and never <paramref name="old"/>.</summary>
    private static async Task ServesAsync(RunningNode node, string plan, string route, string old)
    {
        var last = new HashSet<string>();
        await EventuallyAsync(async () =>
        {
            last = await GtfsUploadPlanTests.RoutesAsync(node, plan);
            return last.Contains(route);
        }, $"never served {route}");
        Assert.DoesNotContain(old, last);
    }

    /// <summary>The version and SHA-256 the node records as op-a's current feed, and the kept file holds that content.</summary>
    private static (int Version, string Sha256) Current(RunningNode node)
    {
        var folder = Path.Combine(node.Host.Settings.DataFolder, "feeds", "op-a");
        var current = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "current.json"))).RootElement;
        var sha = current.GetProperty("sha256").GetString()!;
        using var stream = File.OpenRead(Path.Combine(folder, sha + ".zip"));
        Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
        return (current.GetProperty("version").GetInt32(), sha);
    }

    private static Task EventuallyAsync(Func<bool> condition, string failure) => EventuallyAsync(() => Task.FromResult(condition()), failure);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail(failure + " within 30 s");
    }
}
