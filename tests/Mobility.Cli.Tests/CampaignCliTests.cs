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

    /// <summary>One registry v3.3 declaration plus operator_id and status, as issue 6's journeys.jsonl.</summary>
    private static string Declaration(string id, string operatorClass, string? status = null, string start = "2022-03-10T08:00:00Z") =>
        "{\"operator_id\":\"partner-operator\",\"operator_journey_id\":\"" + id + "\",\"operator_trip_id\":\"t-" + id + "\",\"operator_class\":\"" + operatorClass + "\","
        + "\"start\":{\"datetime\":\"" + start + "\",\"lat\":43.61,\"lon\":3.88},\"end\":{\"datetime\":\"2022-03-10T08:30:00Z\",\"lat\":43.65,\"lon\":3.95},"
        + "\"distance\":15000,\"incentives\":[],\"driver\":{\"identity\":{\"identity_key\":\"driver-" + id + "\",\"operator_user_id\":\"u1\",\"phone_trunc\":\"+336123456\"},\"revenue\":300},"
        + "\"passenger\":{\"identity\":{\"identity_key\":\"passenger-" + id + "\",\"operator_user_id\":\"u2\",\"phone_trunc\":\"+336123457\",\"over_18\":true},\"contribution\":300,\"seats\":2}"
        + (status is null ? "" : ",\"status\":\"" + status + "\"") + "}";

    [Fact]
    public async Task Simulate_reads_registry_declarations_in_jsonl_and_skips_bad_lines_by_number()
    {
        var file = Path.Combine(_dir, "journeys.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            Declaration("j1", "C"),
            "{ not json",
            Declaration("j2", "C", "fraud"),
            Declaration("j3", "B", "cancelled"),
            Declaration("j4", "A"),
            Declaration("j5", "C", start: "2022-03-10T08:00:00"),
            Declaration("j6", "B", "passed"),
            Declaration("j7", "C", "paid"),
        ], TestContext.Current.CancellationToken);

        var read = Mobility.CarpoolProof.Campaigns.Journeys.JourneyFile.Read(file);
        Assert.Equal([2, 6, 8], read.Errors.Select(e => e.Line));
        Assert.Equal(["j1", "j2", "j3", "j4", "j6"], read.Journeys.Select(j => j.JourneyId));

        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, await Run("campaign", "simulate", "--campaign", "montpellier-2022", "--journeys", file, "--out", outDir));
        // 2 seats x (1.00 + 0.10 x 5 km) = 3.00 for the driver of j1 and of j6 (class B); fraud, cancelled and class A earn nothing.
        var incentives = await File.ReadAllLinesAsync(Path.Combine(outDir, "incentives.csv"), TestContext.Current.CancellationToken);
        var header = incentives[0].Split(',');
        foreach (var column in new[] { "operator_journey_id", "beneficiary_role", "identity_key", "amount_cents", "rule", "cap" })
        {
            Assert.Contains(column, header);
        }
        Assert.Equal(["j1,partner-operator,2022-03-10,driver,driver-j1,300,300,seat_from_2km+km_from_10,,1000",
            "j6,partner-operator,2022-03-10,driver,driver-j6,300,300,seat_from_2km+km_from_10,,1000"], incentives[1..]);
        var settlement = await File.ReadAllLinesAsync(Path.Combine(outDir, "settlement.csv"), TestContext.Current.CancellationToken);
        Assert.Equal(["campaign_id,operator_id,month,journeys,paid_awards,amount_cents", "montpellier-2022,partner-operator,2022-03,2,2,600"], settlement);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
