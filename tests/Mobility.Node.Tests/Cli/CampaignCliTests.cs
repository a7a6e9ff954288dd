namespace Mobility.Node.Tests.Cli;

/// <summary>The campaign command line end to end, on the example journeys file of docs/campaigns.md.</summary>
public sealed class CampaignCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("campaign-cli-").FullName;

    private static string Journeys()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Mobility.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }
        return Path.Combine(dir, "docs", "examples", "journeys-idfm.csv");
    }

    private static Task<int> Run(params string[] args) => Program.Main(args);

    [Fact]
    public async Task Validate_accepts_shipped_campaigns_and_refuses_a_broken_document()
    {
        Assert.Equal(0, await Run("campaign", "validate", "pays-de-la-loire-2024"));
        var bad = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(bad, """{ "schema_version": 1, "colour": "red" }""");
        Assert.Equal(1, await Run("campaign", "validate", bad));
    }

    [Fact]
    public async Task Simulate_writes_incentives_and_settlement_totals()
    {
        Assert.Equal(0, await Run("campaign", "simulate", "--campaign", "idfm-2021", "--journeys", Journeys(), "--out", _dir));
        var incentives = await File.ReadAllLinesAsync(Path.Combine(_dir, "incentives.csv"));
        Assert.Equal("j1,operator-a,2022-03-15,driver,d1,400,400,seat_2_150km+km_15_30,,1000", incentives[1]);
        Assert.Equal(4, incentives.Length); // header + j1, j3, j5 (j2 Paris-Paris, j4 flagged, 2 bad lines skipped)
        var settlement = await File.ReadAllLinesAsync(Path.Combine(_dir, "settlement.csv"));
        Assert.Equal(["campaign_id,operator_id,month,journeys,paid_awards,amount_cents", "idfm-2021,operator-a,2022-03,1,1,400",
            "idfm-2021,operator-a,2022-06,1,1,226", "idfm-2021,operator-b,2022-03,1,1,300"], settlement);
    }

    [Fact]
    public async Task Settle_signs_and_anchors_and_verify_detects_a_changed_byte()
    {
        var keys = Path.Combine(_dir, "keys");
        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, await Run("campaign", "keygen", "--out", keys));
        Assert.Equal(0, await Run("campaign", "settle", "idfm-2021", "--journeys", Journeys(), "--month", "2022-03",
            "--key", Path.Combine(keys, "platform.key"), "--out", outDir, "--log", Path.Combine(_dir, "log.db")));
        var csv = Path.Combine(outDir, "settlement-idfm-2021-operator-a-2022-03.csv");
        Assert.True(File.Exists(Path.ChangeExtension(csv, ".json")));
        Assert.False(File.Exists(Path.Combine(outDir, "settlement-idfm-2021-operator-a-2022-06.csv")));
        Assert.Equal(0, await Run("campaign", "verify-settlement", csv, "--key", Path.Combine(keys, "platform.pub")));
        var bytes = await File.ReadAllBytesAsync(csv);
        bytes[^3] ^= 1;
        await File.WriteAllBytesAsync(csv, bytes);
        Assert.Equal(2, await Run("campaign", "verify-settlement", csv, "--key", Path.Combine(keys, "platform.pub")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
