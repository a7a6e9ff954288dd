using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>
/// The authority page's audit sections in Debian's Chromium against a real node: a real attestation from a declared
/// journey verified in the page, tampered and re-signed ones refused with their reason (the node's own
/// <see cref="AttestationVerifier"/> agrees on each), then the log's checkpoints and an RFC 9162 consistency check
/// between two of them. Run twice: at 127.0.0.1 (a secure context: WebCrypto's Ed25519) and at a name mapped to
/// 127.0.0.1 (not a secure context: crypto.subtle is missing and the JavaScript verifier runs).
/// </summary>
public sealed class AuditPageTests(VillageNode village) : IClassFixture<VillageNode>
{
    private const string InsecureHost = "mobility.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CarpoolFolder => Path.Combine(village.DataFolder, "carpool");

    private string Vkey => File.ReadAllText(Path.Combine(CarpoolFolder, "platform.vkey")).Trim();

    [Fact]
    public Task An_attestation_is_verified_with_webcrypto_in_a_secure_context_and_a_tampered_one_refused() =>
        VerifyInPageAsync("op-a", secure: true);

    [Fact]
    public Task An_attestation_is_verified_in_javascript_where_the_page_is_not_a_secure_context() =>
        VerifyInPageAsync("op-b", secure: false);

    private async Task VerifyInPageAsync(string operatorId, bool secure)
    {
        using var traffic = await CarpoolTraffic.StartAsync(village.Node.Http, operatorId);
        // A few journeys first, so the inclusion proof has hashes to fold and the sizes are not powers of two alone.
        var attestation = string.Empty;
        for (var i = 0; i < 3; i++)
        {
            attestation = await DeclareAsync(traffic);
        }

        Assert.True(AttestationVerifier.Verify(attestation, Vkey).Ok);
        Assert.NotEmpty(JsonNode.Parse(attestation)!["credentialSubject"]!["transparencyLog"]!["inclusionProof"]!.AsArray());

        var (playwright, browser) = secure
            ? await Browser.LaunchAsync()
            : await Browser.LaunchAsync($"--host-resolver-rules=MAP {InsecureHost} 127.0.0.1");
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        var origin = village.Node.Host.HttpAddress.ToString().TrimEnd('/');
        if (!secure)
        {
            origin = origin.Replace("127.0.0.1", InsecureHost, StringComparison.Ordinal);
        }

        await page.GotoAsync($"{origin}/ui/authority.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal(secure, await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.Equal(secure, await page.EvaluateAsync<bool>("() => typeof crypto.subtle === 'object'"));
        var engine = secure ? "webcrypto" : "javascript";

        // The verifier key comes from the node's public /log/keys, before any sign-in.
        var vkey = page.GetByLabel("Platform verifier key (platform.vkey)");
        await page.WaitForFunctionAsync("() => document.getElementById('vkey').value !== ''");
        Assert.Equal(Vkey, await vkey.InputValueAsync());

        // A real attestation verifies.
        var verdict = page.Locator("#verdict");
        await VerifyAsync(page, attestation);
        await ExpectAsync(page, "verdict", "valid");
        Assert.Equal(engine, await verdict.GetAttributeAsync("data-engine"));
        var commitment = JsonNode.Parse(attestation)!["credentialSubject"]!["journeyCommitment"]!;
        Assert.Equal((string?)commitment["operator_journey_id"], await verdict.Locator("dd[data-fact=journey]").TextContentAsync());
        Assert.Equal("C", await verdict.Locator("dd[data-fact=proofClass]").TextContentAsync());
        Assert.StartsWith("not checked", await verdict.Locator("dd[data-fact=revocation]").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"authority-verify-{engine}.png"), FullPage = true });
        await page.Locator("#verify").ScreenshotAsync(new LocatorScreenshotOptions { Path = Browser.ScreenshotPath($"authority-verify-section-{engine}.png") });

        // One character of the subject changed: the proof's signature no longer verifies.
        var journeyId = (string)commitment["operator_journey_id"]!;
        var tampered = attestation.Replace(journeyId, journeyId[..^1] + (journeyId[^1] == '0' ? '1' : '0'), StringComparison.Ordinal);
        Assert.NotEqual(attestation, tampered);
        Assert.Contains("signature does not verify", AttestationVerifier.Verify(tampered, Vkey).Failure, StringComparison.Ordinal);
        await VerifyAsync(page, tampered, viaFile: !secure);
        await ExpectAsync(page, "verdict", "invalid");
        Assert.Contains("the proof's signature does not verify", await verdict.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(engine, await verdict.GetAttributeAsync("data-engine"));

        // Even re-signed with the platform's own key, a changed class is refused: the log holds the old leaf.
        // Its salt no longer opens the sealed leaf the attestation names ...
        var resigned = Resigned(attestation, reseal: false);
        Assert.Contains("do not open logLeaf", AttestationVerifier.Verify(resigned, Vkey).Failure, StringComparison.Ordinal);
        await VerifyAsync(page, resigned);
        await ExpectAsync(page, "verdict", "invalid");
        Assert.Contains("the salt and journeyCommitment do not open logLeaf", await verdict.TextContentAsync(), StringComparison.Ordinal);

        // ... and sealed again into a new leaf, that leaf is not in the log.
        var resealed = Resigned(attestation, reseal: true);
        Assert.Contains("inclusion proof", AttestationVerifier.Verify(resealed, Vkey).Failure, StringComparison.Ordinal);
        await VerifyAsync(page, resealed);
        await ExpectAsync(page, "verdict", "invalid");
        Assert.Contains("the inclusion proof does not lead to the checkpoint root", await verdict.TextContentAsync(), StringComparison.Ordinal);

        // The real one again: its checkpoint becomes the older one of the consistency check.
        await VerifyAsync(page, attestation);
        await ExpectAsync(page, "verdict", "valid");
        var olderSize = (long)JsonNode.Parse(attestation)!["credentialSubject"]!["transparencyLog"]!["treeSize"]!;
        Assert.Contains($"{olderSize}", await page.GetByLabel("Older checkpoint (signed note)").InputValueAsync(), StringComparison.Ordinal);

        // The log grows; the latest checkpoint is fetched and checked against the older one.
        await DeclareAsync(traffic);
        await DeclareAsync(traffic);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Fetch the latest checkpoint" }).ClickAsync();
        await ExpectAsync(page, "consistency", "valid");
        Assert.Equal(2, await page.Locator("#checkpoints tbody tr").CountAsync());
        var newerNote = await page.GetByLabel("Newer checkpoint (signed note)").InputValueAsync();
        var newerSize = Checkpoint.Open(newerNote, NoteVerifier.Parse(Vkey)).Size;
        Assert.True(newerSize > olderSize, $"the log did not grow: {olderSize} -> {newerSize}");
        var check = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Check consistency" });
        var consistency = page.Locator("#consistency");
        await check.ClickAsync();
        await ExpectAsync(page, "consistency", "valid");
        Assert.Contains($"the log of {newerSize} leaves extends the log of {olderSize} leaves", await consistency.TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"authority-log-{engine}.png"), FullPage = true });

        // A checkpoint whose root was changed after signing is refused at its signature.
        var older = page.GetByLabel("Older checkpoint (signed note)");
        var olderNote = await older.InputValueAsync();
        var lines = olderNote.Split('\n');
        lines[2] = (lines[2][0] == 'A' ? "B" : "A") + lines[2][1..];
        await older.FillAsync(string.Join('\n', lines));
        await check.ClickAsync();
        await ExpectAsync(page, "consistency", "invalid");
        Assert.Contains("older checkpoint: note: invalid signature", await consistency.TextContentAsync(), StringComparison.Ordinal);

        // A forked log: a checkpoint the platform key signed over another root of the same size does not extend.
        await older.FillAsync(Forked(olderNote));
        await check.ClickAsync();
        await ExpectAsync(page, "consistency", "invalid");
        Assert.Contains("does not extend the older one", await consistency.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    // Waits for the section's verdict, then requires the expected one (the failure shows the page's words).
    private static async Task ExpectAsync(IPage page, string id, string result)
    {
        await page.WaitForFunctionAsync($"() => document.getElementById('{id}').dataset.result !== undefined");
        var text = await page.Locator("#" + id).TextContentAsync();
        Assert.True(result == await page.Locator("#" + id).GetAttributeAsync("data-result"), $"#{id}: expected {result}, the page says: {text}");
    }

    [Fact]
    public async Task The_page_finds_the_log_consistent_from_every_older_size_refuses_a_fork_at_each_and_verifies_inclusion_at_every_new_leaf()
    {
        // A log of a dozen leaves or more; the page checks the node's RFC 9162 proof from every older size m to the
        // latest, each older checkpoint signed by the platform key over the true root of the first m leaves.
        using var traffic = await CarpoolTraffic.StartAsync(village.Node.Http, "nobody");
        var attestations = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            attestations.Add(await DeclareAsync(traffic));
        }

        using var authority = await village.Node.ClientAsAsync(Mobility.Node.Security.Roles.Authority, "terr-a");
        var latest = (string)JsonNode.Parse(await village.Node.Http.GetStringAsync(new Uri("/log/checkpoint", UriKind.Relative), Ct))!["note"]!;
        var newer = Checkpoint.Open(latest, NoteVerifier.Parse(Vkey));
        var leaves = JsonNode.Parse(await authority.GetStringAsync(new Uri($"/log/leaves?start=0&end={newer.Size}", UriKind.Relative), Ct))!["leaves"]!.AsArray()
            .Select(l => Convert.FromBase64String((string)l!)).ToArray();
        using var tree = Mobility.CarpoolProof.Log.TransparencyLog.CreateInMemory(new Mobility.CarpoolProof.Log.TransparencyLogOptions { Origin = newer.Origin });
        tree.AppendBatch(leaves);
        Assert.Equal(newer.RootHash, tree.RootHash());
        using var signer = NoteSigner.FromSeed(newer.Origin, Convert.FromBase64String(File.ReadAllText(Path.Combine(CarpoolFolder, PlatformKey.FileName)).Trim()));

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{village.Node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/authority.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.WaitForFunctionAsync("() => document.getElementById('vkey').value !== ''");
        await page.GetByLabel("Newer checkpoint (signed note)").FillAsync(latest);
        var older = page.GetByLabel("Older checkpoint (signed note)");
        var check = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Check consistency" });
        var consistency = page.Locator("#consistency");
        for (var m = 0L; m <= newer.Size; m++)
        {
            await older.FillAsync(new Checkpoint(newer.Origin, m, tree.RootHash(m)).Sign(signer));
            await check.ClickAsync();
            await ExpectAsync(page, "consistency", "valid");
            Assert.Contains($"extends the log of {m} leaves", await consistency.TextContentAsync(), StringComparison.Ordinal);

            // The same size over another root: signed, but not the log's past.
            if (m > 0)
            {
                var forked = tree.RootHash(m);
                forked[^1] ^= 0x80;
                await older.FillAsync(new Checkpoint(newer.Origin, m, forked).Sign(signer));
                await check.ClickAsync();
                await ExpectAsync(page, "consistency", "invalid");
                Assert.Contains("does not extend the older one", await consistency.TextContentAsync(), StringComparison.Ordinal);
            }
        }

        // Each of the dozen attestations carries the inclusion proof of another leaf in another tree size: all verify.
        foreach (var attestation in attestations)
        {
            await VerifyAsync(page, attestation);
            await ExpectAsync(page, "verdict", "valid");
        }

        Assert.Empty(errors);
    }

    private static async Task VerifyAsync(IPage page, string attestation, bool viaFile = false)
    {
        await page.EvaluateAsync("() => { const v = document.getElementById('verdict'); v.textContent = ''; delete v.dataset.result; }");
        if (viaFile)
        {
            // The file chooser verifies as soon as the file is read.
            await page.GetByLabel("Or choose its file").SetInputFilesAsync(new FilePayload { Name = "attestation.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(attestation) });
            return;
        }

        await page.GetByLabel("Attestation (JSON): paste it, or drop its file here").FillAsync(attestation);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify", Exact = true }).ClickAsync();
    }

    private static async Task<string> DeclareAsync(DeclarationTraffic traffic)
    {
        var op = traffic.Operators[0];
        var d = traffic.Journey(op, await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2));
        using var response = await traffic.DeclareAsync(d, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToJsonString());
        return body["journey"]!["attestation"]!.ToJsonString();
    }

    // The class changed from C to A and signed again with the platform key itself; with reseal, the sealed leaf the
    // attestation carries is recomputed from the changed commitment and its salt.
    private string Resigned(string attestation, bool reseal)
    {
        using var platform = PlatformKey.LoadOrCreate(CarpoolFolder);
        var vc = JsonNode.Parse(attestation)!.AsObject();
        vc.Remove("proof");
        vc["credentialSubject"]!["journeyCommitment"]!["proof_class"] = "A";
        vc["credentialSubject"]!["proofClass"] = "A";
        if (reseal)
        {
            Assert.True(Mobility.CarpoolProof.Evidence.Base64Url.TryDecode((string)vc["credentialSubject"]!["commitmentSalt"]!, 32, out var salt));
            var body = Mobility.CarpoolProof.Canonical.Jcs.Canonicalize(vc["credentialSubject"]!["journeyCommitment"]);
            vc["credentialSubject"]!["logLeaf"] = JsonNode.Parse(SealedLeaf.Journey(SealedLeaf.Commit(salt, body)));
        }

        return EddsaJcs2022.Sign(vc, platform.Key, platform.VerificationMethod, DateTimeOffset.UtcNow).ToJsonString();
    }

    // The same origin and size, another root, signed by the platform key: what a log rewritten in place would show.
    private string Forked(string note)
    {
        var checkpoint = Checkpoint.Open(note, NoteVerifier.Parse(Vkey));
        using var signer = NoteSigner.FromSeed(checkpoint.Origin, Convert.FromBase64String(File.ReadAllText(Path.Combine(CarpoolFolder, PlatformKey.FileName)).Trim()));
        var root = (byte[])checkpoint.RootHash.Clone();
        root[0] ^= 1;
        return new Checkpoint(checkpoint.Origin, checkpoint.Size, root).Sign(signer);
    }
}
