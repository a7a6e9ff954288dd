using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// Operator-signed batches under a real crash (docs/proofs.md, "Batches as a unit"): a <c>mobility serve</c> process
/// is SIGKILLed while batches are being decided (before, during or after the log append, the journal writes, the
/// answer), started again on the same data folder, and every batch is sent again. Every journey answered 201 before
/// a kill is still recorded with the same leaf; after the batches are sent again every journey is recorded; and the
/// log holds exactly one commitment per journey: nothing acknowledged lost, nothing logged twice.
/// </summary>
public sealed class BatchKillTests : IDisposable
{
    private const int Runs = 3;
    private const int BatchesPerRun = 3;
    private const int PerBatch = 20;
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_node_killed_while_deciding_batches_loses_no_acknowledged_journey_and_logs_none_twice()
    {
        var environment = new Dictionary<string, string>
        {
            ["MOBILITY__AUTH__APIKEYS"] = TestKeys.Setting,
            ["MOBILITY__CITY__GTFS__0"] = TinyFeeds.GtfsZip(), // A tiny city: the demo town would take the start-up
            ["Logging__LogLevel__Default"] = "Warning",
            ["MOBILITY__CARPOOL__TERRITORY"] = "terr-a", // Its authority reads the openings of the sealed leaves.
        };
        using var node = new NodeProcess("batcher", _data.Path, environment);
        var random = new Random(20261207);
        var batches = new List<DeclarationBatch>();
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal); // journey id -> leaf index answered
        Mobility.Node.Cli.Simulate.DeclarationTraffic? traffic = null;
        var loggedNotStored = 0;

        for (var run = 0; run <= Runs; run++)
        {
            node.Start([node.ClusterAddress]);
            await node.WaitReadyAsync(TimeSpan.FromSeconds(180));
            traffic ??= await CarpoolTraffic.StartAsync(node.Http, "op-a");
            var op = traffic.Operators[0];
            if (run > 0)
            {
                // What a crash left: journeys the log commits to that no journey entity recorded (the window between
                // the append and the journal writes), and every acknowledged journey still there, on the same leaf.
                var logged = await CommittedAsync(node);
                foreach (var (id, leaf) in acknowledged)
                {
                    Assert.Equal(leaf, (long)(await JourneyAsync(traffic, id))!["leaf_index"]!);
                }

                foreach (var id in logged.Keys.Where(id => !acknowledged.ContainsKey(id)))
                {
                    loggedNotStored += await JourneyAsync(traffic, id) is null ? 1 : 0;
                }

                // Every batch again (an operator whose answer was lost retries): all recorded, each once.
                foreach (var batch in batches)
                {
                    foreach (var (id, status, leaf) in await PostAsync(traffic, batch))
                    {
                        Assert.True(status == 201, $"{id}: {status} after the restart\n{node.Output}");
                        if (acknowledged.TryGetValue(id, out var before))
                        {
                            Assert.Equal(before, leaf);
                        }

                        acknowledged[id] = leaf!.Value;
                    }
                }
            }

            if (run == Runs)
            {
                break;
            }

            var start = DateTimeOffset.UtcNow.AddHours(-20 + run);
            var fresh = new List<DeclarationBatch>();
            for (var b = 0; b < BatchesPerRun; b++)
            {
                var ds = new SignedDeclaration[PerBatch];
                for (var i = 0; i < PerBatch; i++)
                {
                    ds[i] = traffic.Journey(op, await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start.AddMinutes(b * PerBatch + i));
                }

                fresh.Add(Signing.SignBatch(op.Id, ds, op.Key));
            }

            batches.AddRange(fresh);
            var posting = fresh.Select(batch => Task.Run(async () =>
            {
                try
                {
                    foreach (var (id, status, leaf) in await PostAsync(traffic, batch))
                    {
                        if (status == 201)
                        {
                            lock (acknowledged)
                            {
                                acknowledged[id] = leaf!.Value;
                            }
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !Ct.IsCancellationRequested)
                {
                    // Killed under it: nothing of this batch was acknowledged.
                }
            })).ToList();
            await Task.Delay(random.Next(200, 2500), Ct);
            node.Kill();
            await Task.WhenAll(posting);
        }

        // One commitment per journey in the log, and every journey of every batch recorded on it.
        var committed = await CommittedAsync(node);
        var all = batches.SelectMany(b => b.Declarations).Select(d => d.Journey.OperatorJourneyId).ToList();
        Assert.Equal(all.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        Assert.All(committed, c => Assert.True(c.Value == 1, $"{c.Key} has {c.Value} commitments"));
        Assert.Equal(all.Count, acknowledged.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"journeys logged but not stored when the node restarted: {loggedNotStored}");
        await node.StopAsync();
    }

    private static async Task<List<(string Id, int Status, long? Leaf)>> PostAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, DeclarationBatch batch)
    {
        using var response = await traffic.PostAsync("/v3/journeys/batch", DeclarationJson.SerializeToUtf8(batch), batch.OperatorId, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return [.. JsonNode.Parse(text)!["results"]!.AsArray().Select(r => ((string)r!["operator_journey_id"]!, (int)r["status"]!, (long?)r["journey"]?["leaf_index"]))];
    }

    private static async Task<JsonNode?> JourneyAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, string id)
    {
        using var response = await traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{id}", "op-a", null, Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>
    /// Journey id -> how many commitment leaves the log holds for it, read as the authority reads it: sealed leaves
    /// opened with their openings (<see cref="LogReader.CommitmentCountsAsync"/>); a sealed leaf without its opening fails.
    /// </summary>
    private static async Task<Dictionary<string, int>> CommittedAsync(NodeProcess node)
    {
        using var authority = node.Http.With(await TestKeys.TokenAsync(node.Http, Roles.Authority, "terr-a"));
        var size = (await authority.GetFromJsonAsync<JsonElement>(new Uri("/log/checkpoint", UriKind.Relative), Ct));
        var counts = await LogReader.CommitmentCountsAsync(authority, await LogReader.LeavesAsync(authority, TreeSize(size)));
        Assert.False(counts.ContainsKey("unopened"), "a sealed journey leaf is in the log without its opening");
        return counts.ToDictionary(c => c.Key[(c.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], c => c.Value, StringComparer.Ordinal);
    }

    private static long TreeSize(JsonElement checkpoint) => checkpoint.GetProperty("size").GetInt64();
}
