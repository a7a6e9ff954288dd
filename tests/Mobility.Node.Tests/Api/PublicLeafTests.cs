using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Issue 12 part 2, the public log, attacked as another territory's authority would: it reads every leaf of
/// <c>/log/leaves</c> and learns no operator id, journey id, start time, class or status (v2 leaves are salted
/// commitments); the declaring operator opens its journey's leaf with the salt of the 201 reply's attestation; only the
/// node's own authority reads the openings, and the node's listing survives a restart (rebuilt from them).
/// </summary>
public sealed class PublicLeafTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private Dictionary<string, string?> _settings = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _settings = RunningNode.Settings(_data.Path);
        _node = await RunningNode.StartAsync(_settings);
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    private string Vkey => File.ReadAllText(Path.Combine(_data.Path, "carpool", "platform.vkey")).Trim();

    [Fact]
    public async Task Another_authority_reading_the_leaves_learns_no_operator_journey_or_time_and_the_holder_opens_its_leaf()
    {
        var declared = new List<(string Operator, string Journey, DateTimeOffset Start, JsonNode Reply)>();
        using (var traffic = await CarpoolTraffic.StartAsync(_node.Http, "metro-bus", "tram-co"))
        {
            for (var i = 0; i < 4; i++)
            {
                var op = traffic.Operators[i % 2];
                var start = DateTimeOffset.UtcNow.AddHours(-2 - i);
                var d = traffic.Journey(op, await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start);
                declared.Add((op.Id, d.Journey.OperatorJourneyId, d.Journey.Start.Datetime, await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created)));
            }

            // A cancellation: its status leaf must not name the journey either.
            await Json(await traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{declared[0].Journey}/cancel", declared[0].Operator, null, Ct), HttpStatusCode.OK);
        }

        var size = (long)(await Json(await _node.GetAsync("/log/checkpoint"), HttpStatusCode.OK))["size"]!;
        Assert.Equal(5, size);

        // The attack: terr-b's authority may read the public leaves (auditors of every territory check the log) ...
        using var other = await _node.ClientAsAsync(Roles.Authority, "terr-b");
        var leaves = (await Json(await other.GetAsync(new Uri($"/log/leaves?start=0&end={size}", UriKind.Relative), Ct), HttpStatusCode.OK))["leaves"]!.AsArray()
            .Select(l => Convert.FromBase64String((string)l!)).ToList();
        var text = string.Join("\n", leaves.Select(Encoding.UTF8.GetString));
        foreach (var (op, journey, start, _) in declared)
        {
            Assert.DoesNotContain(op, text, StringComparison.Ordinal);
            Assert.DoesNotContain(journey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UtcTimestamp.ToText(start), text, StringComparison.Ordinal);
            Assert.DoesNotContain(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }

        foreach (var word in new[] { "operator", "start", "accepted_at", "proof_class", "\"ok\"", "canceled", "labels" })
        {
            Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }

        Assert.All(leaves, l => Assert.NotNull(SealedLeaf.Parse(l)));

        // ... but not the openings: only the node's own territory's authority reads them.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(new Uri($"/authority/log/openings?start=0&end={size}", UriKind.Relative), Ct)).StatusCode);

        // The declaring operator (the attestation's holder) opens its journey's leaf with the salt it was given.
        foreach (var (op, journey, _, reply) in declared)
        {
            var attestation = reply["journey"]!["attestation"]!.ToJsonString();
            var verified = AttestationVerifier.Verify(attestation, Vkey, leaves);
            var index = (long)reply["journey"]!["leaf_index"]!;
            Assert.Equal(leaves[(int)index], verified.Leaf);
            Assert.Equal((op, journey), (verified.Commitment!.OperatorId, verified.Commitment.OperatorJourneyId));
            var salt = (string)JsonNode.Parse(attestation)!["credentialSubject"]!["commitmentSalt"]!;
            Assert.True(Base64Url.TryDecode(salt, SealedLeaf.SaltBytes, out var saltBytes));
            Assert.Equal(verified.Commitment, SealedLeaf.Open(leaves[(int)index], new LeafOpening(saltBytes, verified.Commitment.LeafBytes())));
        }

        Assert.Equal(StatusChange.Revoked, AttestationVerifier.Verify(declared[0].Reply["journey"]!["attestation"]!.ToJsonString(), Vkey, leaves).RevokedBy);

        // The node's authority reads every opening; each opens its leaf, the cancellation's names its reason.
        using var own = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        var openings = (await Json(await own.GetAsync(new Uri($"/authority/log/openings?start=0&end={size}", UriKind.Relative), Ct), HttpStatusCode.OK))["openings"]!.AsArray();
        Assert.Equal(5, openings.Count);
        var opened = openings.Select(o => ReadLeaf.Of(leaves[(int)(long)o!["leaf_index"]!],
            new LeafOpening(Base64Url.TryDecode((string)o["salt"]!, 32, out var s) ? s : [], Convert.FromBase64String((string)o["body"]!)))).ToList();
        Assert.Equal(4, opened.Count(r => r.Journey is not null));
        Assert.Equal("canceled", Assert.Single(opened, r => r.Status is not null).Status!.Reason);

        // After a restart the listing is rebuilt from the leaves and their openings.
        await _node.DisposeAsync();
        _node = await RunningNode.StartAsync(_settings);
        await _node.WaitReadyAsync();
        using var again = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        var listed = (await Json(await again.GetAsync(new Uri("/authority/journeys", UriKind.Relative), Ct), HttpStatusCode.OK))["journeys"]!.AsArray();
        Assert.Equal(declared.Select(d => d.Journey).Order(), listed.Select(j => (string)j!["operator_journey_id"]!).Order());
        Assert.Equal("canceled", (string?)listed.Single(j => (string?)j!["operator_journey_id"] == declared[0].Journey)!["status"]);
    }
}
