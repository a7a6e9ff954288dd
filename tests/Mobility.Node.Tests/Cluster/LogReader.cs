using System.Net.Http.Json;
using System.Text.Json;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Node.Tests.Cluster;

/// <summary>The transparency log as an auditor sees it over HTTP: checkpoints, every leaf, consistency proofs.</summary>
internal static class LogReader
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>GET /log/checkpoint, opened with the platform's verifier key (so its signature is checked).</summary>
    public static async Task<Checkpoint> CheckpointAsync(HttpClient http, string vkey)
    {
        var body = await http.GetFromJsonAsync<JsonElement>(new Uri("/log/checkpoint", UriKind.Relative), Ct);
        return Checkpoint.Open(body.GetProperty("note").GetString()!, NoteVerifier.Parse(vkey));
    }

    /// <summary>Every leaf of the tree of <paramref name="size"/> leaves (GET /log/leaves as an authority), in order.</summary>
    public static async Task<List<byte[]>> LeavesAsync(HttpClient authority, long size)
    {
        var leaves = new List<byte[]>((int)size);
        for (long start = 0; start < size; start += 5_000)
        {
            var end = Math.Min(size, start + 5_000);
            var body = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/log/leaves?start={start}&end={end}", UriKind.Relative), Ct);
            leaves.AddRange(body.GetProperty("leaves").EnumerateArray().Select(l => Convert.FromBase64String(l.GetString()!)));
        }

        Assert.Equal(size, leaves.Count);
        return leaves;
    }

    /// <summary>
    /// How many journey commitment leaves each "operator/journey id" has: v1 leaves read as they are, sealed v2 leaves
    /// opened with the openings the territory's authority reads (GET /authority/log/openings); a sealed leaf that does
    /// not open counts under "unopened".
    /// </summary>
    public static async Task<Dictionary<string, int>> CommitmentCountsAsync(HttpClient authority, IReadOnlyList<byte[]> leaves)
    {
        var openings = new Dictionary<long, LeafOpening>();
        for (long start = 0; start < leaves.Count; start += 5_000)
        {
            var end = Math.Min(leaves.Count, start + 5_000);
            var body = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/authority/log/openings?start={start}&end={end}", UriKind.Relative), Ct);
            foreach (var o in body.GetProperty("openings").EnumerateArray())
            {
                Assert.True(Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(o.GetProperty("salt").GetString(), SealedLeaf.SaltBytes, out var salt));
                openings[o.GetProperty("leaf_index").GetInt64()] = new LeafOpening(salt, Convert.FromBase64String(o.GetProperty("body").GetString()!));
            }
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < leaves.Count; i++)
        {
            var read = ReadLeaf.Of(leaves[i], openings.GetValueOrDefault(i));
            var key = read.Journey is { } c ? c.OperatorId + "/" + c.OperatorJourneyId
                : read.Sealed is { IsJourney: true } ? "unopened"
                : null;
            if (key is not null)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>GET /log/proofs/consistency from <paramref name="first"/> to <paramref name="second"/>, checked with RFC 9162 2.1.4.2.</summary>
    public static async Task<bool> ConsistentAsync(HttpClient http, Checkpoint first, Checkpoint second)
    {
        var body = await http.GetFromJsonAsync<JsonElement>(new Uri($"/log/proofs/consistency?from={first.Size}&to={second.Size}", UriKind.Relative), Ct);
        var path = body.GetProperty("path").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
        return ProofVerifier.VerifyConsistency(first.Size, second.Size, first.RootHash, second.RootHash, path);
    }
}
