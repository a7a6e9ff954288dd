using System.Net;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Cli.Proof;

/// <summary>
/// The platform key rotated (<c>keys rotate-platform</c>, node stopped): <c>GET /log/keys</c> serves the retired key
/// with its period beside the new one, what the old key signed still verifies with it, what the node signs after uses
/// the new key, and an export of the folder verifies whichever key signed its latest checkpoint. A running node's key
/// cannot be rotated under it.
/// </summary>
public sealed class PlatformKeyRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rotated_key_stays_published_with_its_period_and_what_each_key_signed_verifies_with_it()
    {
        using var data = new TempFolder();
        var work = Directory.CreateTempSubdirectory("rotation-").FullName;
        try
        {
            string before;
            string first;
            await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
            {
                await node.WaitReadyAsync();
                before = (string)(await Json(await node.GetAsync("/log/keys"), HttpStatusCode.OK))["vkey"]!;
                using var traffic = await CarpoolTraffic.StartAsync(node.Http, "op-a");
                var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2));
                first = (await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created))["journey"]!["attestation"]!.ToJsonString();
                Assert.Equal(1, await Program.Main(["keys", "rotate-platform", "--data", data.Path])); // the node holds the folder
            }

            Assert.Equal(0, await Program.Main(["keys", "rotate-platform", "--data", data.Path]));

            // Exported before the node signs anything new: the latest checkpoint is the old key's, and verifies.
            var early = Path.Combine(work, "early");
            Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "export", "--data", data.Path, "--out", early]));
            Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-log", early]));
            Assert.Equal(before, File.ReadAllText(Path.Combine(early, "platform.vkey")).Trim());

            await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
            {
                await node.WaitReadyAsync();
                var keys = await Json(await node.GetAsync("/log/keys"), HttpStatusCode.OK);
                var now = (string)keys["vkey"]!;
                Assert.NotEqual(before, now);
                Assert.Equal(NoteVerifier.Parse(before).Name, NoteVerifier.Parse(now).Name); // the same log, a new key
                var list = keys["keys"]!.AsArray();
                Assert.Equal(2, list.Count);
                Assert.False((bool)list[0]!["current"]!);
                Assert.Equal(before, (string?)list[0]!["vkey"]);
                Assert.NotNull((string?)list[0]!["until"]);
                Assert.True((bool)list[1]!["current"]!);
                Assert.Equal(now, (string?)list[1]!["vkey"]);
                Assert.Null((string?)list[1]!["until"]);

                // What the old key signed verifies with the retired key only; what the node signs now, with the new key.
                Assert.True(AttestationVerifier.Verify(first, before).Ok);
                Assert.False(AttestationVerifier.Verify(first, now).Ok);
                using var traffic = await CarpoolTraffic.StartAsync(node.Http, "op-b");
                var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-3));
                var second = (await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created))["journey"]!["attestation"]!.ToJsonString();
                Assert.True(AttestationVerifier.Verify(second, now).Ok, AttestationVerifier.Verify(second, now).Failure);
                Assert.Equal((string?)list[1]!["verification_method"], (string?)JsonNode.Parse(second)!["proof"]!["verificationMethod"]);

                // Exported now: the latest checkpoint is the new key's; the history travels with the export.
                var late = Path.Combine(work, "late");
                Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "export", "--data", data.Path, "--out", late]));
                Assert.Equal(0, await Mobility.Audit.Program.Main(["verify-log", late]));
                Assert.Equal(now, File.ReadAllText(Path.Combine(late, "platform.vkey")).Trim());
                Assert.Contains(before, File.ReadAllText(Path.Combine(late, "platform-keys.jsonl")), StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
