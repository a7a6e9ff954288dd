using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

public sealed class CampaignParserTests
{
    /// <summary>A minimal valid document; each test replaces one fragment to break it.</summary>
    private const string Valid = """
        {
          "schema_version": 1,
          "id": "test",
          "name": "Test",
          "timezone": "Europe/Paris",
          "validity": { "start": "2024-01-01", "end": "2024-12-31" },
          "zones": { "square": { "geometry": { "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } } },
          "territory": { "mode": "starts_in", "zones": ["square"] },
          "beneficiaries": { "driver": { "rules": [
            { "id": "base", "per_seat": true, "fixed": { "cents": 100 } },
            { "id": "slices", "slices": [ { "from_m": 0, "to_m": 10000, "cents": 10 }, { "from_m": 10000, "cents_per_km": 5 } ] }
          ], "limits": { "day": { "trips": 2 } } } }
        }
        """;

    [Fact]
    public void The_minimal_document_and_the_three_shipped_campaigns_parse()
    {
        var doc = CampaignParser.Parse(Valid);
        Assert.Equal("test", doc.Id.Value);
        Assert.Equal(64, doc.Sha256Hex.Length);
        foreach (var name in CampaignLibrary.Names)
        {
            Assert.Equal(name, CampaignLibrary.Load(name).Id.Value);
        }
    }

    [Theory]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"colour\": \"red\",", "$.colour", "unknown field")]
    [InlineData("\"id\": \"base\", \"per_seat\": true,", "\"id\": \"base\", \"per_seat\": true, \"bonus\": 1,", "$.beneficiaries.driver.rules[0].bonus", "unknown field")]
    [InlineData("\"end\": \"2024-12-31\"", "\"end\": \"2024-02-30\"", "$.validity.end", "not a calendar date")]
    [InlineData("\"end\": \"2024-12-31\"", "\"end\": \"2023-12-31\"", "$.validity.end", "before it starts")]
    [InlineData("\"cents\": 100", "\"cents\": -100", "$.beneficiaries.driver.rules[0].fixed.cents", "must not be negative")]
    [InlineData("\"cents\": 100", "\"cents\": 1.5", "$.beneficiaries.driver.rules[0].fixed.cents", "expected an integer")]
    [InlineData("{ \"from_m\": 10000, \"cents_per_km\": 5 }", "{ \"from_m\": 9000, \"cents_per_km\": 5 }", "$.beneficiaries.driver.rules[1].slices[1]", "overlaps")]
    [InlineData("[0, 1], [0, 0]]]", "[0, 1], [0, 0.5]]]", "$.zones.square.geometry.coordinates[0]", "not closed")]
    [InlineData("[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]", "[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]", "$.zones.square.geometry.coordinates[0]", "intersects itself")]
    [InlineData("[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]", "[[[0, 0], [1, 0], [0, 0]]]", "$.zones.square.geometry.coordinates[0]", "at least 4 positions")]
    [InlineData("\"type\": \"Polygon\"", "\"type\": \"LineString\"", "$.zones.square.geometry.type", "not Polygon or MultiPolygon")]
    [InlineData("\"zones\": [\"square\"]", "\"zones\": [\"circle\"]", "$.territory.zones[0]", "not a zone defined")]
    [InlineData("\"mode\": \"starts_in\"", "\"mode\": \"passes_through\"", "$.territory.mode", "is not one of")]
    [InlineData("\"trips\": 2", "\"trips\": 0", "$.beneficiaries.driver.limits.day.trips", "outside")]
    [InlineData("\"timezone\": \"Europe/Paris\"", "\"timezone\": \"Europe/Atlantis\"", "$.timezone", "not a known IANA time zone")]
    [InlineData("\"schema_version\": 1", "\"schema_version\": 2", "$.schema_version", "unsupported schema version")]
    [InlineData("\"fixed\": { \"cents\": 100 }", "\"fixed\": { \"cents\": 100 }, \"per_km\": { \"cents_per_km\": 1 }", "$.beneficiaries.driver.rules[0]", "exactly one of")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"name\": \"Again\",", "$.name", "duplicate field")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"distance_m\": { \"min\": 5000, \"max\": 2000 },", "$.distance_m.max", "below minimum")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"boosters\": [ { \"dates\": [\"2025-01-01\"], \"multiplier\": 1.5 } ],", "$.boosters[0].dates[0]", "outside the campaign's validity")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"boosters\": [ { \"dates\": [\"2024-05-01\"], \"multiplier\": 1.2345 } ],", "$.boosters[0].multiplier", "at most 3 decimals")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"proof_classes\": [ { \"classes\": [\"B\", \"C\"] }, { \"classes\": [\"C\"], \"start\": \"2024-06-01\" } ],", "$.proof_classes[1]", "overlap")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"time_slots\": [ { \"start\": \"08:00\", \"end\": \"07:00\" } ],", "$.time_slots[0].end", "ends after it starts")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"operators\": [ { \"id\": \"a\", \"start\": \"2020-01-01\", \"end\": \"2020-12-31\" } ],", "$.operators[0]", "outside the campaign's validity")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"budget_cents\": -1,", "$.budget_cents", "must not be negative")]
    [InlineData("\"id\": \"base\", \"per_seat\": true,", "\"id\": \"base\", \"per_seat\": true, \"distance_m\": { \"min\": 2000000 },", "$.beneficiaries.driver.rules[0].distance_m.min", "outside")]
    [InlineData("\"limits\": { \"day\": { \"trips\": 2 } }", "\"limits\": { \"day\": { \"trips\": 2 } }, \"cap_per_trip_cents\": 0", "$.beneficiaries.driver.cap_per_trip_cents", "outside")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { \"connecting_leg_minutes\": 0 },", "$.transit_benefit.connecting_leg_minutes", "outside")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { },", "$.transit_benefit.connecting_leg_minutes", "required")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { \"connecting_leg_minutes\": 60, \"min_proof_class\": \"D\" },", "$.transit_benefit.min_proof_class", "")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { \"connecting_leg_minutes\": 60, \"transit_operators\": [\"tram\", \"tram\"] },", "$.transit_benefit.transit_operators[1]", "listed twice")]
    [InlineData("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { \"connecting_leg_minutes\": 60, \"free\": true },", "$.transit_benefit.free", "unknown field")]
    public void Broken_documents_are_refused_with_the_path_of_the_fault(string find, string replace, string path, string message)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var (doc, errors) = CampaignParser.TryParse(System.Text.Encoding.UTF8.GetBytes(Valid.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Null(doc);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ \"id\": \"far\", \"distance_m\": { \"min\": 50000 }, \"fixed\": { \"cents\": 1 } }", "$.beneficiaries.driver.rules[2].distance_m", "never meet")]
    [InlineData("{ \"id\": \"far\", \"per_km\": { \"cents_per_km\": 1, \"offset_m\": 40000 } }", "$.beneficiaries.driver.rules[2].per_km.offset_m", "never pays")]
    [InlineData("{ \"id\": \"far\", \"slices\": [ { \"from_m\": 45000, \"cents\": 1 } ] }", "$.beneficiaries.driver.rules[2].slices", "outside the eligible distances")]
    public void Rules_that_can_never_pay_within_the_campaign_distances_are_contradictions(string rule, string path, string message)
    {
        var doc = Valid.Replace("\"name\": \"Test\",", "\"name\": \"Test\", \"distance_m\": { \"max\": 40000 },", StringComparison.Ordinal)
            .Replace("{ \"from_m\": 10000, \"cents_per_km\": 5 } ] }", "{ \"from_m\": 10000, \"cents_per_km\": 5 } ] },\n" + rule, StringComparison.Ordinal);
        var (parsed, errors) = CampaignParser.TryParse(System.Text.Encoding.UTF8.GetBytes(doc));
        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_transit_benefit_is_read_with_its_defaults()
    {
        var doc = CampaignParser.Parse(Valid.Replace("\"name\": \"Test\",", "\"name\": \"Test\", \"transit_benefit\": { \"connecting_leg_minutes\": 45, \"transit_operators\": [\"tram-co\"] },", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(45), doc.TransitBenefit!.Window);
        Assert.Equal(ProofClass.B, doc.TransitBenefit.MinProofClass);
        Assert.Equal(["tram-co"], doc.TransitBenefit.TransitOperators!);
        Assert.Null(CampaignParser.Parse(Valid).TransitBenefit);
    }

    [Fact]
    public void Every_error_is_reported_in_one_pass()
    {
        var broken = Valid.Replace("\"name\": \"Test\",", "\"name\": \"Test\", \"colour\": 1,", StringComparison.Ordinal)
            .Replace("\"cents\": 100", "\"cents\": -1", StringComparison.Ordinal);
        var e = Assert.Throws<CampaignDocumentException>(() => CampaignParser.Parse(broken));
        Assert.Equal(["$.colour", "$.beneficiaries.driver.rules[0].fixed.cents"], e.Errors.Select(x => x.Path));
    }

    [Fact]
    public void Not_json_is_refused_with_its_position()
    {
        var (_, errors) = CampaignParser.TryParse("{ \"id\": }"u8);
        Assert.StartsWith("$ (line 1", errors.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Polygon_with_a_hole_excludes_the_hole()
    {
        var doc = CampaignParser.Parse(Valid.Replace("[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]",
            "[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6], [0.4, 0.4]]]", StringComparison.Ordinal));
        var square = doc.Zones["square"];
        Assert.True(square.Contains(new(0.2, 0.2), null));
        Assert.False(square.Contains(new(0.5, 0.5), null));
        Assert.False(square.Contains(new(1.5, 0.5), null));
    }
}
