using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>Filters and rules of the language that the three shipped campaigns do not use.</summary>
public sealed class LanguageFeatureTests
{
    private static CampaignDocument Doc(string territoryMode) => CampaignParser.Parse($$"""
        {
          "schema_version": 1, "id": "features", "name": "Features", "timezone": "Europe/Paris",
          "validity": { "start": "2024-01-01" },
          "zones": {
            "a": { "codes": ["11111"] },
            "b": { "codes": ["22222"], "geometry": { "type": "MultiPolygon", "coordinates": [ [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]] ] } }
          },
          "territory": { "mode": "{{territoryMode}}", "zones": ["a", "b"] },
          "weekdays": ["mon", "tue", "wed", "thu", "fri"],
          "time_slots": [ { "start": "06:00", "end": "09:30" }, { "start": "16:00", "end": "00:00" } ],
          "beneficiaries": {
            "passenger": { "rules": [ { "id": "slices", "per_seat": true, "slices": [
              { "from_m": 2000, "to_m": 10000, "cents": 100 },
              { "from_m": 10000, "to_m": 20000, "cents": 100, "cents_per_km": 10 },
              { "from_m": 20000, "cents": 200 } ] },
              { "id": "long_bonus", "distance_m": { "min": 50000 }, "fixed": { "cents": 25 } } ] }
          }
        }
        """);

    private static CampaignJourney J(string utcStart, string? startCode, string? endCode, int metres = 5_000, GeoPoint? start = null, GeoPoint? end = null)
    {
        var t = DateTimeOffset.Parse(utcStart, System.Globalization.CultureInfo.InvariantCulture);
        return new CampaignJourney("j", "op", ProofClass.A, t, start ?? new GeoPoint(40, 40), t.AddMinutes(20), end ?? new GeoPoint(41, 41),
            metres, 1, "d", "p", null, JourneyStatus.Accepted, null, startCode, endCode);
    }

    [Theory]
    [InlineData("2024-03-04T06:59:00Z", null)] // Monday 07:59 Paris
    [InlineData("2024-03-04T04:59:00Z", Ineligibility.TimeSlot)] // 05:59
    [InlineData("2024-03-04T08:30:00Z", Ineligibility.TimeSlot)] // 09:30: slot end is exclusive
    [InlineData("2024-03-04T22:59:00Z", null)] // 23:59, in the slot ending at midnight
    [InlineData("2024-03-09T07:00:00Z", Ineligibility.Weekday)] // Saturday
    [InlineData("2024-03-31T22:30:00Z", Ineligibility.TimeSlot)] // Monday 1 April 00:30 (summer time)
    public void Weekdays_and_time_slots_use_local_time(string utc, Ineligibility? reason) =>
        Assert.Equal(reason, Journeys.One(Doc("starts_in"), J(utc, "11111", null)).Reason);

    [Theory]
    [InlineData("starts_in", "11111", null, null)]
    [InlineData("starts_in", null, "11111", Ineligibility.Territory)]
    [InlineData("ends_in", null, "22222", null)]
    [InlineData("starts_or_ends_in", null, "22222", null)]
    [InlineData("starts_or_ends_in", "99999", "99999", Ineligibility.Territory)]
    [InlineData("starts_and_ends_in", "11111", "22222", null)]
    [InlineData("starts_and_ends_in", "11111", "99999", Ineligibility.Territory)]
    [InlineData("stays_within_one", "11111", "22222", Ineligibility.Territory)]
    [InlineData("stays_within_one", "22222", "22222", null)]
    public void Zone_codes_and_modes(string mode, string? startCode, string? endCode, Ineligibility? reason) =>
        Assert.Equal(reason, Journeys.One(Doc(mode), J("2024-03-04T07:00:00Z", startCode, endCode)).Reason);

    [Fact]
    public void A_multipolygon_zone_contains_points_of_each_part()
    {
        var doc = Doc("stays_within_one");
        Assert.Null(Journeys.One(doc, J("2024-03-04T07:00:00Z", null, null, start: new GeoPoint(0.5, 0.5), end: new GeoPoint(5.5, 5.5))).Reason);
        Assert.Equal(Ineligibility.Territory, Journeys.One(doc, J("2024-03-04T07:00:00Z", null, null, start: new GeoPoint(0.5, 0.5), end: new GeoPoint(3, 3))).Reason);
    }

    [Theory]
    [InlineData(1_999, 0)] // below the first slice
    [InlineData(2_000, 100)]
    [InlineData(9_999, 100)]
    [InlineData(10_000, 100)] // second slice starts: 100 + 0 km
    [InlineData(15_500, 155)] // 100 + 5.5 km x 10
    [InlineData(20_000, 200)] // third slice
    [InlineData(50_000, 225)] // plus the per-trip bonus from 50 km
    public void Distance_slices_pick_one_slice_and_rules_add_up(int metres, long cents)
    {
        var e = Journeys.One(Doc("starts_in"), J("2024-03-04T07:00:00Z", "11111", null, metres));
        Assert.Equal(cents, e.TotalCents);
        Assert.Equal(BeneficiaryRole.Passenger, e.Awards.Single().Role);
        Assert.Equal("p", e.Awards.Single().IdentityKey);
    }
}
