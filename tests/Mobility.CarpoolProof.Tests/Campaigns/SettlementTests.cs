using System.Text;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Settlement;
using static Mobility.CarpoolProof.Tests.Campaigns.Journeys;

namespace Mobility.CarpoolProof.Tests.Campaigns;

public sealed class SettlementTests
{
    private static readonly byte[] Seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    private static IReadOnlyList<MonthlySettlement> March()
    {
        var doc = CampaignLibrary.Load(CampaignLibrary.IleDeFranceMobilites2021);
        var engine = CampaignEngine.Simulate(doc,
        [
            J("j2", "2022-03-15 09:00", Versailles, ParisCentre, 20_000, seats: 2, op: "op-b") with { LogIndex = 7 },
            J("j1", "2022-03-15 08:00", Versailles, ParisCentre, 15_333, op: "op-a") with { LogIndex = 5 },
            J("j3", "2022-03-16 08:00", ParisCentre, ParisBatignolles, 5_000, op: "op-a"), // excluded: no line
            J("j4", "2022-04-01 08:00", Versailles, ParisCentre, 12_000, op: "op-a"), // April: not in March
            J("j0", "2022-03-01 08:00", Versailles, ParisCentre, 12_000, op: "op-a"),
        ]);
        return SettlementBuilder.Monthly(doc, engine.Evaluations, new DateOnly(2022, 3, 1));
    }

    [Fact]
    public void Monthly_settlement_has_one_line_per_paid_journey_per_operator_in_cap_order()
    {
        var settlements = March();
        Assert.Equal(["op-a", "op-b"], settlements.Select(s => s.OperatorId));
        var a = settlements[0];
        Assert.Equal(["j0", "j1"], a.Lines.Select(l => l.JourneyId));
        Assert.Equal(150 + 153, a.TotalCents);
        Assert.Equal("seat_2_150km+km_15_30", a.Lines[1].Rules);
        Assert.Equal(5, a.Lines[1].LogIndex);
        Assert.Equal("settlement-idfm-2021-op-a-2022-03", a.FileStem);
        var csv = Encoding.UTF8.GetString(SettlementCsv.CanonicalBytes(settlements[1]));
        Assert.Equal(SettlementCsv.Header + "\n" +
            $"idfm-2021,{settlements[1].CampaignSha256},op-b,2022-03,j2,7,2022-03-15T08:00:00Z,driver,driver-1,400,400,seat_2_150km+km_15_30,1000,\n", csv);
    }

    [Fact]
    public void Signature_verifies_offline_and_fails_when_any_byte_changes()
    {
        using var signer = Ed25519SettlementSigner.FromSeed(Seed);
        var canonical = SettlementCsv.CanonicalBytes(March()[0]);
        var signature = signer.Sign(canonical);
        Assert.True(SettlementVerifier.Verify(canonical, signature, signer.PublicKey));
        for (var i = 0; i < canonical.Length; i++)
        {
            var tampered = (byte[])canonical.Clone();
            tampered[i] ^= 0x01;
            Assert.False(SettlementVerifier.Verify(tampered, signature, signer.PublicKey), $"byte {i} changed and still verifies");
        }
        for (var i = 0; i < signature.Length; i++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x80;
            Assert.False(SettlementVerifier.Verify(canonical, tampered, signer.PublicKey), $"signature byte {i}");
        }
        Assert.False(SettlementVerifier.Verify(canonical[..^1], signature, signer.PublicKey));
        var (other, _) = Ed25519SettlementSigner.Generate();
        using (other)
        {
            Assert.False(SettlementVerifier.Verify(canonical, signature, other.PublicKey));
        }
    }

    [Fact]
    public void Signer_is_RFC_8032_Ed25519()
    {
        // RFC 8032 7.1 TEST 1: this secret key, the empty message.
        using var signer = Ed25519SettlementSigner.FromSeed(Seed);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(signer.PublicKey));
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(signer.Sign([])));
    }

    [Fact]
    public void Log_leaf_is_the_prefixed_hash_of_the_canonical_bytes()
    {
        var canonical = SettlementCsv.CanonicalBytes(March()[0]);
        var leaf = SettlementVerifier.Leaf(canonical);
        Assert.Equal(Encoding.ASCII.GetBytes(SettlementVerifier.LeafPrefix), leaf[..^32]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(canonical), leaf[^32..]);
    }

    [Fact]
    public void Json_rendering_carries_the_signature_and_the_canonical_hash()
    {
        using var signer = Ed25519SettlementSigner.FromSeed(Seed);
        var s = March()[1];
        var canonical = SettlementCsv.CanonicalBytes(s);
        using var json = System.Text.Json.JsonDocument.Parse(SettlementJson.Render(s, canonical, signer.Sign(canonical), signer, 42));
        var sig = json.RootElement.GetProperty("signature");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical)), sig.GetProperty("canonical_sha256").GetString());
        Assert.True(SettlementVerifier.Verify(canonical, Convert.FromBase64String(sig.GetProperty("value").GetString()!), Convert.FromBase64String(sig.GetProperty("public_key").GetString()!)));
        Assert.Equal(400, json.RootElement.GetProperty("total_cents").GetInt64());
        Assert.Equal("seat_2_150km+km_15_30", json.RootElement.GetProperty("lines")[0].GetProperty("rule").GetString());
    }
}

public sealed class SettlementAnchorTests
{
    [Fact]
    public async Task Settlement_leaf_is_anchored_in_the_transparency_log_with_a_verifiable_inclusion_proof()
    {
        using var log = Mobility.CarpoolProof.Log.TransparencyLog.CreateInMemory(new Mobility.CarpoolProof.Log.TransparencyLogOptions { Origin = "test.example/log" });
        log.Append("some other leaf"u8);
        var canonical = Encoding.UTF8.GetBytes(SettlementCsv.Header + "\n");
        var leaf = SettlementVerifier.Leaf(canonical);
        var index = await new TransparencyLogAnchor(log).AnchorAsync(leaf, CancellationToken.None);
        Assert.Equal(1, index);
        var proof = log.ProveInclusion(index);
        Assert.True(Mobility.CarpoolProof.Log.ProofVerifier.VerifyInclusion(log.LeafHash(index), index, log.Size, proof.Path, log.RootHash()));
        // The leaf of a changed settlement is not the anchored one.
        canonical[0] ^= 1;
        Assert.NotEqual(leaf, SettlementVerifier.Leaf(canonical));
        await Assert.ThrowsAsync<ArgumentException>(() => new TransparencyLogAnchor(log).AnchorAsync(new byte[10], CancellationToken.None));
    }
}
