using System.Net;
using Microsoft.Data.Sqlite;
using Mobility.CarpoolProof.Attestations;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// A node that crashes after the log appended a journey's commitment but before the journey persisted its
/// acceptance: the journal lacks the journey, the log holds its leaf. Simulated by deleting the journey's events
/// from the journal of a stopped node. A retried declaration must not append a second leaf.
/// </summary>
public sealed class CrashRetryTests : IDisposable
{
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_retry_after_a_crash_between_log_append_and_persist_reuses_the_leaf_and_another_declaration_gets_409()
    {
        var settings = RunningNode.Settings(_data.Path);
        var start = DateTimeOffset.UtcNow.AddHours(-5);
        var node = await RunningNode.StartAsync(settings);
        Mobility.Node.Cli.Simulate.DeclarationTraffic traffic;
        Mobility.CarpoolProof.Declarations.SignedDeclaration retried, replaced;
        long retriedIndex;
        try
        {
            await node.WaitReadyAsync();
            traffic = await CarpoolTraffic.StartAsync(node.Http, "op-a");
            var people = new List<Mobility.CarpoolProof.Pipeline.SyntheticCarpools.Person>();
            for (var i = 0; i < 4; i++)
            {
                people.Add(await traffic.NewPersonAsync(Ct));
            }

            var op = traffic.Operators[0];
            retried = traffic.Journey(op, people[0], people[1], start);
            replaced = traffic.Journey(op, people[2], people[3], start.AddHours(1));
            retriedIndex = (long)(await Json(await traffic.DeclareAsync(retried, Ct), HttpStatusCode.Created))["journey"]!["leaf_index"]!;
            await Json(await traffic.DeclareAsync(replaced, Ct), HttpStatusCode.Created);
            await Json(await traffic.DeclareAsync(traffic.Journey(op, people[0], people[2], start.AddHours(3)), Ct), HttpStatusCode.Created);
        }
        finally
        {
            await node.DisposeAsync();
        }

        // The crash: the log kept both leaves, the journal lost both journeys' acceptance.
        var deleted = ForgetJourneys(settings, [retried.Journey.OperatorJourneyId, replaced.Journey.OperatorJourneyId]);
        Assert.Equal(2, deleted);

        await using var again = await RunningNode.StartAsync(settings);
        await again.WaitReadyAsync();
        traffic.Http = again.Http;
        var vkey = File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();
        var before = await LogReader.CheckpointAsync(again.Http, vkey);
        Assert.Equal(HttpStatusCode.NotFound, (await traffic.SendAsync(HttpMethod.Get, "/v3/journeys/" + retried.Journey.OperatorJourneyId, "op-a", null, Ct)).StatusCode);

        // The operator retries the very same signed declaration: recorded, on the leaf already in the log.
        var journey = (await Json(await traffic.DeclareAsync(retried, Ct), HttpStatusCode.Created))["journey"]!;
        Assert.Equal(retriedIndex, (long)journey["leaf_index"]!);
        var attestation = journey["attestation"]!.ToJsonString();
        var verification = AttestationVerifier.Verify(attestation, vkey);
        Assert.True(verification.Ok, verification.Failure);
        Assert.Equal(HttpStatusCode.OK, (await traffic.SendAsync(HttpMethod.Get, "/v3/journeys/" + retried.Journey.OperatorJourneyId, "op-a", null, Ct)).StatusCode);

        // Another declaration under the lost journey's id: the log already commits that id to a different declaration.
        var people2 = new[] { await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct) };
        var impostor = traffic.Journey(traffic.Operators[0], people2[0], people2[1], start.AddHours(2), id: replaced.Journey.OperatorJourneyId);
        using (var conflict = await traffic.DeclareAsync(impostor, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        // Nothing was appended by either, and each journey id has exactly one commitment leaf.
        var after = await LogReader.CheckpointAsync(again.Http, vkey);
        Assert.Equal(before.Size, after.Size);
        Assert.Equal(before.RootHash, after.RootHash);
        using var authority = await again.ClientAsAsync(Roles.Authority, "terr-a");
        var counts = await LogReader.CommitmentCountsAsync(authority, await LogReader.LeavesAsync(authority, after.Size));
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        traffic.Dispose();
    }

    /// <summary>Deletes the journeys' events from the node's SQLite journal, as if their persist never happened.</summary>
    private static int ForgetJourneys(IReadOnlyDictionary<string, string?> settings, IEnumerable<string> journeyIds)
    {
        var file = Path.Combine(settings["Mobility:DataFolder"]!, "mobility.db");
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var deleted = 0;
        foreach (var id in journeyIds)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM journal WHERE persistence_id = $id";
            command.Parameters.AddWithValue("$id", "journey-op-a/" + id);
            deleted += command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        return deleted;
    }
}
