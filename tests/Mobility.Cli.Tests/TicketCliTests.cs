namespace Mobility.Node.Tests.Cli;

/// <summary>The <c>mobility ticket</c> commands end to end: the CSV contract of issue 14, tickets, clearing.</summary>
public sealed class TicketCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ticket-cli-").FullName;

    private static string Example(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Mobility.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return Path.Combine(dir, "docs", "examples", name);
    }

    private static Task<int> Run(params string[] args) => Program.Main(args);

    [Fact]
    public async Task Cap_writes_charges_in_input_order_and_a_bad_row_writes_nothing()
    {
        var charges = Path.Combine(_dir, "charges.csv");
        Assert.Equal(0, await Run("ticket", "cap", "--scheme", "tfl-2025", "--taps", Example("taps-tfl.csv"), "--out", charges));
        Assert.Equal(["id,charged", "m1,360", "m2,360", "m3,170", "m4,0", "b1,175", "b2,0"], await File.ReadAllLinesAsync(charges));

        var bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "id,time,medium,fare,tier\na,2025-03-03T08:00:00Z,card,360,z1-2\nb,2025-03-03T09:00:00Z,card,3.60,z1-2\n");
        var none = Path.Combine(_dir, "none.csv");
        Assert.Equal(2, await Run("ticket", "cap", "--scheme", "tfl-2025", "--taps", bad, "--out", none));
        Assert.False(File.Exists(none));
        Assert.False(File.Exists(none + ".tmp"));
    }

    [Fact]
    public async Task Issue_then_validate_exits_0_when_valid_and_3_when_expired_tampered_or_untrusted()
    {
        var keys = Path.Combine(_dir, "keys");
        var ticket = Path.Combine(_dir, "t.cose");
        Assert.Equal(0, await Run("ticket", "keygen", "--kid", "k1", "--out", keys));
        Assert.Equal(0, await Run("ticket", "issue", "--key", Path.Combine(keys, "k1.key"), "--leg", "tram-co,lyon,S1,S2,2026-12-03T08:00:00Z,2026-12-03T09:00:00Z",
            "--price", "190EUR", "--out", ticket, "--qr", Path.Combine(_dir, "t.svg")));
        var list = Path.Combine(keys, "keys.json");
        Assert.Equal(0, await Run("ticket", "validate", ticket, "--keys", list, "--at", "2026-12-03T08:10:00Z", "--operator", "tram-co"));
        Assert.Equal(3, await Run("ticket", "validate", ticket, "--keys", list, "--at", "2026-12-03T10:10:00Z"));
        Assert.Equal(3, await Run("ticket", "validate", ticket, "--keys", list, "--at", "2026-12-03T08:10:00Z", "--operator", "bus-co"));

        var qrText = Path.Combine(_dir, "t.txt");
        Assert.Equal(0, await Run("ticket", "issue", "--key", Path.Combine(keys, "k1.key"), "--leg", "tram-co,,,,2026-12-03T08:00:00Z,2026-12-03T09:00:00Z", "--out", qrText));
        Assert.StartsWith("MT1:", await File.ReadAllTextAsync(qrText), StringComparison.Ordinal);
        Assert.Equal(0, await Run("ticket", "validate", qrText, "--keys", list, "--at", "2026-12-03T08:10:00Z"));

        var bytes = await File.ReadAllBytesAsync(ticket);
        bytes[^10] ^= 1; // inside the signature
        await File.WriteAllBytesAsync(ticket, bytes);
        Assert.Equal(3, await Run("ticket", "validate", ticket, "--keys", list, "--at", "2026-12-03T08:10:00Z"));

        var other = Path.Combine(_dir, "other");
        Assert.Equal(0, await Run("ticket", "keygen", "--kid", "k9", "--out", other));
        Assert.Equal(3, await Run("ticket", "validate", qrText, "--keys", Path.Combine(other, "keys.json"), "--at", "2026-12-03T08:10:00Z"));
    }

    [Fact]
    public async Task Clear_writes_journal_entries_and_a_statement_naming_the_policy_hash()
    {
        Assert.Equal(0, await Run("ticket", "clear", "--policy", "standalone-fare-1.0.0", "--tickets", Example("clearing-tickets.csv"), "--period", "2026-12", "--out", _dir));
        var statement = await File.ReadAllTextAsync(Path.Combine(_dir, "statement.json"));
        Assert.Contains("\"sha256\": \"", statement, StringComparison.Ordinal);
        Assert.Contains("\"revenue\": 200", statement, StringComparison.Ordinal);
        Assert.Equal(8, System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "journal.json"))).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Fare_prices_legs_over_two_feeds_and_exits_3_when_a_leg_has_no_fare()
    {
        var ctran = "ctran=" + Mobility.Tests.Shared.SharedData.Path("fares", "ctran-fares-v2");
        var caltrain = "caltrain=" + Mobility.Tests.Shared.SharedData.Path("fares", "caltrain-fares-v1.gtfs.zip");
        Assert.Equal(0, await Run("ticket", "fare", "--feed", ctran, "--feed", caltrain,
            "--leg", "ctran,002,8126,8111,2025-09-16T07:00:00-07:00,2025-09-16T07:20:00-07:00",
            "--leg", "caltrain,Lo-130,70011,70261,2025-09-16T09:00:00-07:00,2025-09-16T10:30:00-07:00"));
        Assert.Equal(3, await Run("ticket", "fare", "--feed", ctran, "--leg", "ctran,002,8126,8111,2025-09-16T08:59:30-07:00,2025-09-16T09:20:00-07:00"));
        Assert.Equal(2, await Run("ticket", "fare", "--feed", ctran, "--leg", "ctran,002,8126,8111,2025-09-16T08:59:30-07:00,2025-09-16T09:20:00-07:00,x"));
        Assert.Equal(2, await Run("ticket", "fare", "--feed", ctran, "--leg", "ctran,002,8126,8111,2025-09-16T08:00:00,2025-09-16T09:20:00-07:00"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
