using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Carpool in the ticket (issue 14): a campaign grants a proven carpool journey a free connecting transit leg; a
/// validator decides it offline from the journey's attestation, the platform's verifier key and the published benefits.
/// </summary>
public sealed class CarpoolConnectionTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Campaign = """
        { "schema_version": 1, "id": "ride-on", "name": "Carpool, then the tram", "timezone": "Europe/Paris", "validity": { "start": "2026-01-01" },
          "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 100 } } ] } },
          "transit_benefit": { "connecting_leg_minutes": 60, "min_proof_class": "B", "transit_operators": [ "tram-co" ] } }
        """;

    [Fact]
    public async Task A_proven_carpool_rides_one_connecting_tram_leg_free_decided_offline_and_nothing_weaker_or_later_does()
    {
        var http = village.Node.Http;
        using var traffic = await CarpoolTraffic.StartAsync(http, "metro-bus");
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var strong = await DeclareAsync(traffic, start, Mobility.CarpoolProof.Grading.ProofClass.C);
        var weak = await DeclareAsync(traffic, start, Mobility.CarpoolProof.Grading.ProofClass.A);

        // Nothing granted before the campaign: the benefit list is empty.
        var empty = await http.GetFromJsonAsync<JsonElement>(new Uri("/tickets/carpool-benefits", UriKind.Relative), Ct);
        Assert.Equal(0, empty.GetProperty("campaigns").GetArrayLength());

        using var authority = await village.Node.ClientAsAsync(Mobility.Node.Security.Roles.Authority, "terr-a");
        using (var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(Campaign, Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }

        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/ride-on/activate", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        using var folder = new TempFolder();
        string Write(string name, string text)
        {
            var path = Path.Combine(folder.Path, name);
            File.WriteAllText(path, text);
            return path;
        }

        var benefitsText = await http.GetStringAsync(new Uri("/tickets/carpool-benefits", UriKind.Relative), Ct);
        var benefits = Write("benefits.json", benefitsText);
        var vkey = Write("platform.vkey", (await http.GetFromJsonAsync<JsonElement>(new Uri("/log/keys", UriKind.Relative), Ct)).GetProperty("vkey").GetString()!);
        var strongFile = Write("strong.json", strong);
        var weakFile = Write("weak.json", weak);
        string At(DateTimeOffset t) => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Task<int> Validate(string attestation, string op, DateTimeOffset at, string? benefitFile = null) =>
            Mobility.Cli.Program.Main(["ticket", "validate-carpool", attestation, "--vkey", vkey, "--benefits", benefitFile ?? benefits, "--operator", op, "--at", At(at)]);

        // Class C, on the tram, 40 minutes after the carpool started: free. The bus is not covered, nor is the tram
        // past the hour, nor a class A journey.
        Assert.Equal(0, await Validate(strongFile, "tram-co", start.AddMinutes(40)));
        Assert.Equal(3, await Validate(strongFile, "metro-bus", start.AddMinutes(40)));
        Assert.Equal(3, await Validate(strongFile, "tram-co", start.AddMinutes(75)));
        Assert.Equal(3, await Validate(weakFile, "tram-co", start.AddMinutes(40)));

        // A forged attestation (class raised from A to C) fails its proof; an edited benefit list fails its hash.
        var forged = Write("forged.json", weak.Replace("\"proofClass\":\"A\"", "\"proofClass\":\"C\"", StringComparison.Ordinal).Replace("\"proof_class\":\"A\"", "\"proof_class\":\"C\"", StringComparison.Ordinal));
        Assert.NotEqual(weak, File.ReadAllText(forged));
        Assert.Equal(3, await Validate(forged, "tram-co", start.AddMinutes(40)));
        var edited = Write("edited.json", benefitsText.Replace("connecting_leg_minutes\\\": 60", "connecting_leg_minutes\\\": 240", StringComparison.Ordinal));
        Assert.NotEqual(benefitsText, File.ReadAllText(edited));
        Assert.Equal(2, await Validate(strongFile, "tram-co", start.AddMinutes(40), edited));

        // One leg per journey: shown again within the transfer window it is the same leg; past it, a replay.
        var campaigns = CarpoolBenefitList.ReadFile(benefits);
        var now = new MutableTime(start.AddMinutes(10));
        var options = ValidatorOptions.Default with { TransferWindow = TimeSpan.FromMinutes(20) };
        var validator = new CarpoolConnectionValidator(File.ReadAllText(vkey).Trim(), campaigns, now, options, new ReplayStore());
        var first = validator.Validate(strong, new ValidationPoint("tram-co", null, "gate-1"));
        Assert.True(first.Valid, first.Reason);
        Assert.Equal("ride-on", first.CampaignId);
        now.Now = start.AddMinutes(25);
        Assert.True(validator.Validate(strong, new ValidationPoint("tram-co", null, "gate-2")).Valid);
        now.Now = start.AddMinutes(35);
        Assert.Equal(CarpoolConnectionRejection.Replayed, validator.Validate(strong, new ValidationPoint("tram-co", null, "gate-3")).Rejection);
        Assert.Equal(CarpoolConnectionRejection.ProofClassTooWeak, validator.Validate(weak, new ValidationPoint("tram-co", null, "gate-1")).Rejection);
    }

    private static async Task<string> DeclareAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, DateTimeOffset start, Mobility.CarpoolProof.Grading.ProofClass cls)
    {
        var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start, cls: cls);
        using var response = await traffic.DeclareAsync(d, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("journey").GetProperty("attestation").GetRawText();
    }

    private sealed class MutableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
