using System.Security.Cryptography;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Ranking;

namespace Mobility.Routing.Tests.Planning.Ranking;

public sealed class RankingPolicyTests
{
    private static readonly DateTimeOffset Eight = new(2027, 3, 2, 8, 0, 0, TimeSpan.FromHours(1));

    private static Leg L(LegMode mode, int from, int to, double meters, decimal? price = null, int? routeType = null) =>
        new(mode, new Place("a", 45, 5), new Place("b", 45.01, 5.01), Eight.AddMinutes(from), Eight.AddMinutes(to), meters, "{}",
            Operator: mode is LegMode.Transit or LegMode.Carpool ? "op" : null, Price: price, Currency: price is null ? null : "EUR", RouteType: routeType);

    /// <summary>A direct bus ride of 29 minutes door to door with 500 m of walking.</summary>
    private static Itinerary Bus(int rideMinutes = 20) =>
        new([L(LegMode.Walk, 0, 4, 300), L(LegMode.Transit, 6, 6 + rideMinutes, 6000, routeType: 3), L(LegMode.Walk, 6 + rideMinutes, 9 + rideMinutes, 200)]);

    /// <summary>A carpool from the door, 4 minutes faster than the bus, 1.10 EUR.</summary>
    private static Itinerary Carpool() => new([L(LegMode.Carpool, 5, 25, 6000, price: 1.10m)]);

    [Fact]
    public void Under_v2_a_direct_transit_ride_of_similar_time_beats_a_carpool_that_won_under_v1()
    {
        var v1 = RankingPolicy.LoadEmbedded(RankingPolicy.Version1ResourceName);
        var v2 = RankingPolicy.Default;
        Assert.Equal(LegMode.Carpool, ItineraryRanker.Rank([Bus(), Carpool()], v1, Eight, false)[0].Itinerary.Legs[0].Mode);
        var ranked = ItineraryRanker.Rank([Bus(), Carpool()], v2, Eight, false);
        Assert.Equal(LegMode.Walk, ranked[0].Itinerary.Legs[0].Mode);
        Assert.Equal(10, ranked[1].Criteria.BoardingMinutes);
    }

    [Fact]
    public void Under_v2_a_carpool_that_saves_much_time_still_ranks_first()
    {
        var ranked = ItineraryRanker.Rank([Bus(rideMinutes: 45), Carpool()], RankingPolicy.Default, Eight, false);
        Assert.Equal(LegMode.Carpool, ranked[0].Itinerary.Legs[0].Mode);
    }

    [Theory]
    [InlineData(0, "tram")]
    [InlineData(900, "tram")]
    [InlineData(1, "metro")]
    [InlineData(401, "metro")]
    [InlineData(2, "rail")]
    [InlineData(106, "rail")]
    [InlineData(3, "bus")]
    [InlineData(4, "bus")]
    [InlineData(7, "bus")]
    [InlineData(null, "bus")]
    public void Transit_legs_take_the_factor_of_their_route_type_and_unknown_kinds_count_as_bus(int? routeType, string kind)
    {
        var leg = L(LegMode.Transit, 0, 10, 2000, routeType: routeType);
        Assert.Equal(kind, ItineraryRanker.ModeKey(leg));
        Assert.Equal(RankingPolicy.Default.Co2GramsPerKm[kind] * 2, ItineraryRanker.Co2Grams(leg, RankingPolicy.Default), 9);
        Assert.True(ItineraryRanker.Co2Grams(leg, RankingPolicy.Default) <= ItineraryRanker.Co2Grams(L(LegMode.Transit, 0, 10, 2000), RankingPolicy.Default));
    }

    [Fact]
    public void The_published_factors_are_the_ones_of_the_cited_source()
    {
        // ADEME Impact CO2 data (deplacement.json at the commit cited in the document): use + construction, g per passenger-km.
        var f = RankingPolicy.Default.Co2GramsPerKm;
        Assert.Equal(217.6, f["car"], 1);
        Assert.Equal(f["car"] / 2, f["carpool"], 1);
        Assert.Equal(112.7, f["bus"], 1);
        Assert.Equal(4.3, f["tram"], 1);
        Assert.Equal(0, f["walk"]);
        Assert.Contains("1540e08d006f9cdd5ad2b29cc723da966f6c6d4c", RankingPolicy.Default.Co2Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_2_names_the_hash_of_the_version_it_supersedes_and_version_1_still_parses()
    {
        var v1 = RankingPolicy.LoadEmbedded(RankingPolicy.Version1ResourceName);
        Assert.Equal("1.0.0", v1.Reference.Version);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(v1.Document)), v1.Reference.Sha256);
        Assert.Contains(v1.Reference.Sha256, System.Text.Encoding.UTF8.GetString(RankingPolicy.Default.Document), StringComparison.Ordinal);
        Assert.All(v1.BoardingMinutes.Values, m => Assert.Equal(0, m));
        Assert.Equal(v1.Co2GramsPerKm["bus"], v1.Co2GramsPerKm["tram"]);
    }

    [Theory]
    [InlineData("\"carpool\": 10", "\"carpool\": -1")]
    [InlineData("\"carpool\": 10", "\"carpool\": 500")]
    [InlineData("\"tram\": 4.3", "\"tram\": \"low\"")]
    public void A_policy_with_a_bad_boarding_cost_or_factor_is_refused_by_name(string good, string bad)
    {
        var text = System.Text.Encoding.UTF8.GetString(RankingPolicy.Default.Document);
        Assert.Contains(good, text, StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => RankingPolicy.Parse(System.Text.Encoding.UTF8.GetBytes(text.Replace(good, bad, StringComparison.Ordinal))));
        Assert.Contains(bad.Split(':')[0].Trim('"'), e.Message, StringComparison.Ordinal);
    }
}
