using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mobility.Audit.Export;
using Mobility.Audit.Replay;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Audit;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Cli.Proof;

/// <summary>
/// Issue 12 part 5, end to end on a running node: <c>audit export</c> from its data folder leaves the whole folder byte
/// for byte as it was (every file, SQLite WAL and shared-memory index included) and exports every attestation and
/// the declarations the operators signed (one by one and in a batch); <c>audit replay</c> re-decides every journey and
/// the campaign's amounts and settlements with no difference, and lists the differences of a platform that decided
/// otherwise (a proof class raised in its log, an amount changed in its campaign).
/// </summary>
public sealed class NodeAuditExportTests : IAsyncLifetime
{
    private const string Campaign = "lyon-audit";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly TempFolder _data = new();
    private readonly string _work = Directory.CreateTempSubdirectory("node-export-").FullName;
    private RunningNode _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Exporting_from_a_running_node_changes_nothing_there_and_the_export_replays_with_no_difference_unless_tampered()
    {
        // A traveler registers a card: a binding of the same entity, but account data, which the export leaves out.
        var (_, travelerToken) = await TestKeys.TravelerAsync(_node.Http);
        using (var traveler = _node.Http.With(travelerToken))
        {
            (await traveler.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = "export-test-card" }, Ct)).EnsureSuccessStatusCode();
        }

        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        var document = CampaignDocument(DateTimeOffset.UtcNow);
        await Expect(await Post(authority, "/authority/terr-a/campaigns", document), HttpStatusCode.Created);
        await Expect(await Post(authority, $"/authority/terr-a/campaigns/{Campaign}/activate", "{}"u8.ToArray()), HttpStatusCode.OK);

        using var traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a", "op-b");
        var starts = new List<DateTimeOffset>();
        var classes = new[] { ProofClass.C, ProofClass.B, ProofClass.A };
        for (var i = 0; i < 3; i++)
        {
            var start = DateTimeOffset.UtcNow.AddHours(-2 - i);
            starts.Add(start);
            var d = traffic.Journey(traffic.Operators[i % 2], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start, cls: classes[i]);
            await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created);
        }

        // Two more in one operator-signed batch: the log commits to the declarations' hashes the operator signed.
        var batchStart = DateTimeOffset.UtcNow.AddHours(-6);
        starts.Add(batchStart);
        var batch = Signing.SignBatch(traffic.Operators[0].Id, [
            traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), batchStart),
            traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), batchStart.AddMinutes(5), cls: ProofClass.B),
        ], traffic.Operators[0].Key);
        using (var answer = await traffic.PostAsync("/v3/journeys/batch", Mobility.CarpoolProof.Declarations.DeclarationJson.SerializeToUtf8(batch), batch.OperatorId, Ct))
        {
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(Ct));
        }

        const int journeys = 5;
        await Eventually(async () => (int?)(await Get(authority, $"/authority/terr-a/campaigns/{Campaign}"))["journeys"] == journeys);
        var months = starts.Select(s => TimeZoneInfo.ConvertTime(s, Paris).ToString("yyyy-MM", CultureInfo.InvariantCulture)).Distinct().ToList();
        foreach (var op in new[] { "op-a", "op-b" })
        {
            foreach (var month in months)
            {
                using var settled = await authority.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}/settlements/{month}/{op}?format=json", UriKind.Relative), Ct);
                Assert.True(settled.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, await settled.Content.ReadAsStringAsync(Ct));
            }
        }

        // The node is idle now; wait until its last writes (the campaigns' feed offset) are done, then export.
        var before = await StableSnapshot(_data.Path);
        var export = Path.Combine(_work, "export");
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "export", "--data", _data.Path, "--out", export]));
        Assert.Equal(before, Snapshot(_data.Path));

        var attestations = Directory.GetFiles(Path.Combine(export, "attestations"), "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(journeys, attestations.Count);
        Assert.Equal(journeys, File.ReadAllLines(Path.Combine(export, "journeys.jsonl")).Count(l => l.Contains("\"declaration\":{", StringComparison.Ordinal)));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(export, "journeys.jsonl")).Count(l => l.Contains("\"signed_in_batch\":true", StringComparison.Ordinal)));
        var subjects = File.ReadAllLines(Path.Combine(export, "bindings.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("subject").GetString()!).ToList();
        Assert.NotEmpty(subjects);
        Assert.All(subjects, subject => Assert.True(subject.StartsWith("operator:", StringComparison.Ordinal) || subject.StartsWith("device:", StringComparison.Ordinal), subject));
        Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-log", export]));
        var key = Path.Combine(export, "platform.vkey");
        foreach (var file in attestations)
        {
            Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "verify-attestation", file, "--key", key, "--log", export]));
        }

        // The published rules: the campaign document as the authority wrote it.
        var rules = Path.Combine(_work, "rules");
        Directory.CreateDirectory(rules);
        await File.WriteAllBytesAsync(Path.Combine(rules, Campaign + ".json"), document, Ct);
        var clean = AuditReplay.Run(ExportSet.Read(export), [(Campaign + ".json", document)]);
        Assert.True(clean.Differences.Count == 0, string.Join("\n", clean.Differences));
        Assert.Equal(journeys, clean.Journeys);
        Assert.True(clean.Settlements >= 2, $"{clean.Settlements} settlements replayed");
        Assert.Equal(0, await Mobility.Audit.Program.Main(["replay", export, "--rules", rules]));
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "replay", export, "--rules", rules]));

        // The operator's batch manifest is exported as it signed it; a manifest changed after signing (two hashes
        // swapped), or missing, leaves the batch's journeys without a signature that covers them: listed.
        var manifests = File.ReadAllLines(Path.Combine(export, "batches.jsonl"));
        Assert.Single(manifests);
        var manifest = JsonNode.Parse(manifests[0])!;
        Assert.Equal(Mobility.CarpoolProof.Declarations.DeclarationBatchCanonical.Hashes(batch.Declarations), manifest["declaration_hashes"]!.AsArray().Select(h => (string)h!));
        Assert.Equal(batch.OperatorSignature, (string?)manifest["signature"]);
        var swapped = Copy(export, "swapped");
        var hashes = manifest["declaration_hashes"]!.AsArray();
        var (h0, h1) = ((string)hashes[0]!, (string)hashes[1]!);
        (hashes[0], hashes[1]) = (h1, h0);
        await File.WriteAllTextAsync(Path.Combine(swapped, "batches.jsonl"), manifest.ToJsonString() + "\n", Ct);
        var batchDifferences = AuditReplay.Run(ExportSet.Read(swapped), [(Campaign + ".json", document)]).Differences;
        Assert.Contains(batchDifferences, d => d.What == "batch_signature" && d.Subject.StartsWith("batch 1 of " + batch.OperatorId, StringComparison.Ordinal)
            && d.Replayed.StartsWith("refused (invalid_signature)", StringComparison.Ordinal));
        Assert.Equal(2, batchDifferences.Count(d => d.What == "batch_signature" && d.Subject.StartsWith(batch.OperatorId + "/", StringComparison.Ordinal)));
        Assert.Equal(3, batchDifferences.Count);
        Assert.Equal(1, await Mobility.Audit.Program.Main(["replay", swapped, "--rules", rules]));
        var unsigned = Copy(export, "unsigned");
        await File.WriteAllTextAsync(Path.Combine(unsigned, "batches.jsonl"), "", Ct);
        Assert.Equal(2, AuditReplay.Run(ExportSet.Read(unsigned), [(Campaign + ".json", document)]).Differences.Count(d => d.What == "batch_signature"));

        // A platform that raised a class A journey to class C in its log (and signed that log): listed.
        var raised = Copy(export, "raised");
        var leaves = AuditExport.ReadLeaves(Path.Combine(raised, LogAudit.LeavesFile));
        // The leaves are sealed: the platform changes the opened body, seals it again with its salt, and re-signs the log.
        var openingsFile = Path.Combine(raised, ExportFiles.Openings);
        var openings = (await File.ReadAllLinesAsync(openingsFile, Ct)).ToList();
        var line = openings.FindIndex(l => l.Contains("\"proof_class\":\"A\"", StringComparison.Ordinal));
        Assert.True(line >= 0);
        var opening = JsonNode.Parse(openings[line])!;
        var body = opening["body"]!;
        body["proof_class"] = "C";
        opening["body"] = JsonNode.Parse(Mobility.CarpoolProof.Canonical.Jcs.CanonicalString(body));
        openings[line] = opening.ToJsonString();
        await File.WriteAllLinesAsync(openingsFile, openings, Ct);
        Assert.True(Mobility.CarpoolProof.Evidence.Base64Url.TryDecode((string)opening["salt"]!, 32, out var salt));
        leaves[(int)(long)opening["leaf_index"]!] = Mobility.CarpoolProof.Pipeline.SealedLeaf.Journey(
            Mobility.CarpoolProof.Pipeline.SealedLeaf.Commit(salt, Mobility.CarpoolProof.Canonical.Jcs.Canonicalize(body)));
        Resign(raised, leaves);
        Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-log", raised])); // the log itself is consistent: only a replay sees it
        var differences = AuditReplay.Run(ExportSet.Read(raised), [(Campaign + ".json", document)]).Differences;
        Assert.Contains(differences, d => d.What == "proof_class" && d.Platform == "C" && d.Replayed == "A");
        Assert.Equal(1, await Mobility.Audit.Program.Main(["replay", raised, "--rules", rules]));

        // A platform that counted two seats where the passenger booked one, and paid the settlement accordingly: listed.
        var paid = Copy(export, "paid");
        var campaignFile = Path.Combine(paid, "campaigns", Campaign + ".json");
        var campaign = JsonNode.Parse(await File.ReadAllTextAsync(campaignFile, Ct))!;
        campaign["counted"]![0]!["seats"] = 2;
        var settlement = campaign["settlements"]![0]!;
        settlement["total_cents"] = (long)settlement["total_cents"]! + 100;
        await File.WriteAllTextAsync(campaignFile, campaign.ToJsonString(), Ct);
        differences = AuditReplay.Run(ExportSet.Read(paid), [(Campaign + ".json", document)]).Differences;
        Assert.Contains(differences, d => d.What == "counted" && d.Platform.Contains("\"seats\":2", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.What == "amount" && d.Subject.Contains(" journey ", StringComparison.Ordinal) && d.Platform == "2.00 EUR" && d.Replayed == "1.00 EUR");
        Assert.Contains(differences, d => d.What == "amount" && d.Subject.Contains(" settlement ", StringComparison.Ordinal));

        // A published document other than the one the platform counts under: listed.
        var otherRules = document.ToArray();
        Array.Resize(ref otherRules, otherRules.Length + 1);
        otherRules[^1] = (byte)'\n';
        differences = AuditReplay.Run(ExportSet.Read(export), [(Campaign + ".json", otherRules)]).Differences;
        Assert.Contains(differences, d => d.What == "document");
    }

    /// <summary>A campaign around Lyon (where the synthetic journeys are), valid around <paramref name="now"/>: 1.00 EUR a seat to the driver, every class.</summary>
    private static byte[] CampaignDocument(DateTimeOffset now) => Encoding.UTF8.GetBytes($$"""
        {
          "schema_version": 1,
          "id": "{{Campaign}}",
          "name": "Lyon audit test",
          "timezone": "Europe/Paris",
          "validity": { "start": "{{now.AddDays(-40):yyyy-MM-dd}}", "end": "{{now.AddDays(40):yyyy-MM-dd}}" },
          "zones": {
            "lyon": { "geometry": { "type": "Polygon", "coordinates": [[ [4.5, 45.5], [5.2, 45.5], [5.2, 46.0], [4.5, 46.0], [4.5, 45.5] ]] } }
          },
          "territory": { "mode": "starts_and_ends_in", "zones": ["lyon"] },
          "proof_classes": [ { "classes": ["A", "B", "C"], "start": "{{now.AddDays(-40):yyyy-MM-dd}}" } ],
          "distance_m": { "min": 2000, "max": 150000 },
          "beneficiaries": {
            "driver": { "rules": [ { "id": "seat", "per_seat": true, "fixed": { "cents": 100 } } ] }
          }
        }
        """);

    /// <summary>
    /// Every file under <paramref name="folder"/>: relative name, size and SHA-256 (the node's lock file, which the
    /// node holds exclusively for its life, by name and size).
    /// </summary>
    private static string Snapshot(string folder) => string.Join("\n", Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetRelativePath(folder, f)} {new FileInfo(f).Length} {Hash(f)}"));

    private static string Hash(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
        }
        catch (IOException) when (Path.GetFileName(file) == "node.lock")
        {
            return "locked";
        }
    }

    /// <summary>The folder's snapshot once two taken a second apart agree (the node finished writing).</summary>
    private static async Task<string> StableSnapshot(string folder)
    {
        var last = Snapshot(folder);
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(1000, Ct);
            var now = Snapshot(folder);
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        throw new TimeoutException("the node kept writing to its data folder");
    }

    private string Copy(string export, string name)
    {
        var to = Path.Combine(_work, name);
        foreach (var file in Directory.GetFiles(export, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(export, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>Rewrites the export's log from <paramref name="leaves"/>, signed with the node's own platform key (a platform lying in its log).</summary>
    private void Resign(string export, List<byte[]> leaves)
    {
        var vkey = NoteVerifier.Parse(File.ReadAllText(Path.Combine(export, LogAudit.VerifierKeyFile)).Trim());
        var seed = Convert.FromBase64String(File.ReadAllText(Path.Combine(_data.Path, "carpool", PlatformKey.FileName)).Trim());
        using var signer = NoteSigner.FromSeed(vkey.Name, seed);
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = vkey.Name, Signer = signer });
        log.AppendBatch([.. leaves]);
        LogAudit.Export(log, export);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
    }

    private static async Task<JsonNode> Get(HttpClient client, string path) =>
        await Expect(await client.GetAsync(new Uri(path, UriKind.Relative), Ct), HttpStatusCode.OK);

    private static async Task<JsonNode> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(expected == response.StatusCode, $"{expected} expected, got {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!;
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("never reached the expected state");
    }
}
