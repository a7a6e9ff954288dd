using System.Net;
using Mobility.Audit.Replay;
using Mobility.Node.Tests.Support;
using Mobility.Tests.Shared;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Cli.Proof;

/// <summary>
/// A node on PostgreSQL keeps its journal and log there: <c>audit export --postgres</c> reads both in one read-only
/// transaction (the connection string from a variable, so it stays out of the process list), and the export verifies
/// and replays with no difference, as one from a SQLite node's folder.
/// </summary>
public sealed class PostgresAuditExportTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_postgres_node_exports_in_one_read_only_transaction_and_its_export_verifies_and_replays()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var data = new TempFolder();
        var work = Directory.CreateTempSubdirectory("pg-export-").FullName;
        try
        {
            await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?>
            {
                ["Mobility:Storage:Provider"] = "postgres",
                ["Mobility:Storage:ConnectionString"] = connectionString,
            })))
            {
                await node.WaitReadyAsync();
                using var traffic = await CarpoolTraffic.StartAsync(node.Http, "op-a");
                for (var i = 0; i < 3; i++)
                {
                    var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2 - i));
                    await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created);
                }

                // While the node runs.
                var export = Path.Combine(work, "export");
                Environment.SetEnvironmentVariable("MOBILITY_AUDIT_TEST_PG", connectionString);
                Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "export", "--data", data.Path, "--postgres", "env:MOBILITY_AUDIT_TEST_PG", "--out", export]));
                Assert.Equal(3, Directory.GetFiles(Path.Combine(export, "attestations")).Length);
                Assert.Equal(3, File.ReadAllLines(Path.Combine(export, "journeys.jsonl")).Count(l => l.Contains("\"declaration\":{", StringComparison.Ordinal)));
                Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-log", export]));
                foreach (var file in Directory.GetFiles(Path.Combine(export, "attestations")))
                {
                    Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-attestation", file, "--key", Path.Combine(export, "platform.vkey"), "--log", export]));
                }

                var report = AuditReplay.Run(ExportSet.Read(export), []);
                Assert.True(report.Differences.Count == 0, string.Join("\n", report.Differences));
                Assert.Equal(3, report.Journeys);
            }

            Assert.Equal(1, await Mobility.Audit.Program.Main(["audit", "export", "--data", data.Path, "--postgres", "env:MOBILITY_AUDIT_TEST_UNSET", "--out", Path.Combine(work, "none")]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MOBILITY_AUDIT_TEST_PG", null);
            Directory.Delete(work, recursive: true);
        }
    }
}
