using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// What a cluster holds, read back through the HTTP API of one node: every recorded journey and booking of a
/// <see cref="ClusterLoad"/> (each must answer), the operator's journey listing, the travelers' trip lists, and the
/// log (checkpoint and every leaf). Duplicates anywhere fail the capture.
/// </summary>
internal sealed record ClusterSnapshot(
    IReadOnlyDictionary<string, string> Journeys,
    IReadOnlyDictionary<string, string> Trips,
    IReadOnlyList<string> ListedJourneys,
    IReadOnlyDictionary<string, int> LogCommitments,
    Checkpoint Checkpoint)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ClusterSnapshot> CaptureAsync(NodeProcess node, ClusterLoad load, string vkey)
    {
        var journeys = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(load.Journeys.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (id, ct) =>
            journeys[id] = await GetAsync(node, "/v3/journeys/" + id, load.OperatorToken, ct));

        var trips = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(load.Trips, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (trip, ct) =>
            trips[trip.Key] = await GetAsync(node, "/trips/" + trip.Key, load.TravelerAccounts[trip.Value].Token, ct));

        // Each traveler's list holds each of its trips, once.
        for (var t = 0; t < load.TravelerAccounts.Count; t++)
        {
            var listed = JsonDocument.Parse(await GetAsync(node, "/trips", load.TravelerAccounts[t].Token, Ct)).RootElement
                .EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
            var mine = load.Trips.Where(p => p.Value == t).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(mine, listed.ToHashSet(StringComparer.Ordinal));
        }

        var list = new List<string>();
        long? after = null;
        do
        {
            var page = JsonDocument.Parse(await GetAsync(node, "/v3/journeys?limit=500" + (after is { } a ? $"&after={a}" : ""), load.OperatorToken, Ct)).RootElement;
            list.AddRange(page.GetProperty("journeys").EnumerateArray().Select(j => j.GetProperty("operator_journey_id").GetString()!));
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64() : null;
        }
        while (after is not null);

        var checkpoint = await LogReader.CheckpointAsync(node.Http, vkey);
        using var authority = node.Http.With(await TestKeys.TokenAsync(node.Http, Roles.Authority, "terr-a"));
        var commitments = await LogReader.CommitmentCountsAsync(authority, await LogReader.LeavesAsync(authority, checkpoint.Size));
        return new ClusterSnapshot(journeys, trips, list, commitments, checkpoint);
    }

    /// <summary>No accepted request lost, none duplicated: in the journey entities, the listing and the log.</summary>
    public void AssertExactlyOnce(ClusterLoad load)
    {
        Assert.Equal(load.Journeys.Count, Journeys.Count);
        Assert.Equal(load.Trips.Count, Trips.Count);
        Assert.Equal(ListedJourneys.Count, ListedJourneys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(LogCommitments, c => Assert.True(c.Value == 1, $"{c.Key} has {c.Value} commitment leaves"));
        var logged = LogCommitments.Keys.Select(k => k[(ClusterLoad.DeclaringOperator.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(logged, ListedJourneys.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(load.Journeys.Keys.ToHashSet(StringComparer.Ordinal), logged);
    }

    private static async Task<string> GetAsync(NodeProcess node, string path, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {node.Name}: HTTP {(int)response.StatusCode} {text}");
        return text;
    }
}
