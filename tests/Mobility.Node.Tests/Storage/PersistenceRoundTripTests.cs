using Mobility.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Mobility.Actors.Serialization;
using Mobility.Node.Tests.Support;
using Npgsql;

namespace Mobility.Node.Tests.Storage;

public sealed class PersistenceRoundTripTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Sha1 = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Sha2 = "2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public async Task Operator_keeps_its_state_across_a_restart_on_sqlite()
    {
        using var data = new TempFolder();
        var settings = RunningNode.Settings(data.Path);
        await RegisterRestartAndRead(settings);

        // The events went through MobilitySerializer under stable manifests, not Akka's default serializer.
        await using var c = new SqliteConnection($"Data Source={data.File("mobility.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT manifest, identifier FROM journal WHERE persistence_id = 'operator-metro-bus' ORDER BY sequence_number";
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        Assert.Equal(
            [("operator.registered.v1", MobilitySerializer.Id), .. Enumerable.Repeat(("operator.feed-version-recorded.v1", (long)MobilitySerializer.Id), 3)],
            rows);
    }

    [Fact]
    public async Task Operator_keeps_its_state_across_a_restart_on_postgres()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var data = new TempFolder();
        var settings = RunningNode.Settings(data.Path, new Dictionary<string, string?>
        {
            ["Mobility:Storage:Provider"] = "postgres",
            ["Mobility:Storage:ConnectionString"] = connectionString,
        });
        await RegisterRestartAndRead(settings);

        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = 'operator-metro-bus' AND identifier = " + MobilitySerializer.Id, c);
        Assert.Equal(4L, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.False(File.Exists(data.File("mobility.db")));
    }

    private static async Task RegisterRestartAndRead(Dictionary<string, string?> settings)
    {
        string before;
        await using (var node = await RunningNode.StartAsync(settings))
        {
            await node.WaitReadyAsync();
            await node.AuthenticateAsync(Mobility.Node.Security.Roles.Operator, "metro-bus");
            using var created = await node.PostAsync("/operators", new { id = "metro-bus", name = "Metro Bus", contactEmail = "ops@metro.example" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/operators/metro-bus/feed-versions", new { kind = "gtfs", sha256 = Sha1 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/operators/metro-bus/feed-versions", new { kind = "gtfs", sha256 = Sha1 })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/operators/metro-bus/feed-versions", new { kind = "gtfs", sha256 = Sha2, source = "https://metro.example/gtfs.zip" })).StatusCode);
            before = await (await node.GetAsync("/operators/metro-bus")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        await using (var node = await RunningNode.StartAsync(settings))
        {
            await node.WaitReadyAsync();
            await node.AuthenticateAsync(Mobility.Node.Security.Roles.Operator, "metro-bus");
            using var response = await node.GetAsync("/operators/metro-bus");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var after = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(before, after);
            var view = await response.Content.ReadFromJsonAsync<Mobility.Node.Api.OperatorResponse>(TestContext.Current.CancellationToken);
            Assert.Equal([1, 2], view!.Feeds.Select(f => f.Number));
            Assert.Equal(Sha2, view.Feeds[^1].Sha256);

            // The restarted entity still decides from its recovered state: a third version is number 3.
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/operators/metro-bus/feed-versions", new { kind = "gtfs", sha256 = Sha1 })).StatusCode);
        }
    }
}
