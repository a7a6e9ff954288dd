using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Ranking;

namespace Mobility.Routing.Tests.Planning.Ranking;

/// <summary>
/// Issue 11 (demo town): one answer held six "walk, bike-share, walk" itineraries a minute apart, another rode a tram
/// from Charite to Tanneurs and walked 441 m back to Charite. Near-duplicates keep only the best; loops never show.
/// </summary>
public sealed class NearDuplicateAndLoopTests
{
    private static readonly DateTimeOffset Eight = new(2027, 3, 2, 8, 0, 0, TimeSpan.FromHours(1));
    private static readonly Place Origin = new("origin", 48.000, 7.000);
    private static readonly Place Destination = new("destination", 48.020, 7.020);
    private static readonly Place StationA = new("gbfs:a", 48.001, 7.001);
    private static readonly Place StationB = new("gbfs:b", 48.019, 7.019);
    private static readonly Place Charite = new("Charite", 48.005, 7.005, "tram:charite");
    private static readonly Place Tanneurs = new("Tanneurs", 48.008, 7.009, "tram:tanneurs");

    private static Leg Walk(Place a, Place b, int from, int to, double meters) =>
        new(LegMode.Walk, a, b, Eight.AddMinutes(from), Eight.AddMinutes(to), meters, "{}");

    private static Itinerary BikeShare(int shift, string op = "velo") => new(
    [
        Walk(Origin, StationA, shift, shift + 2, 150),
        new Leg(LegMode.BikeShare, StationA, StationB, Eight.AddMinutes(shift + 3), Eight.AddMinutes(shift + 13), 3000, "{}", Operator: op, Price: 1m, Currency: "EUR"),
        Walk(StationB, Destination, shift + 13, shift + 15, 150),
    ]);

    private static Leg Tram(Place a, Place b, int from, int to, string route = "T1") =>
        new(LegMode.Transit, a, b, Eight.AddMinutes(from), Eight.AddMinutes(to), 800, "{}", Operator: "tram", Route: route, RouteId: route, RouteType: 0);

    [Fact]
    public void Of_itineraries_with_the_same_modes_and_rides_a_minute_apart_only_the_best_is_shown()
    {
        var ranked = ItineraryRanker.Rank([.. Enumerable.Range(0, 6).Select(i => BikeShare(i)), BikeShare(10)], RankingPolicy.Default, Eight, false);

        // The six within two minutes of one another collapse, greedily from the best: 0 keeps 1 and 2 out, 3 starts again.
        Assert.Equal([0, 3, 10], ranked.Select(r => (int)(r.Itinerary.Departure - Eight).TotalMinutes).Order());
        Assert.True(ItineraryRanker.NearDuplicates(BikeShare(0), BikeShare(2)));
        Assert.False(ItineraryRanker.NearDuplicates(BikeShare(0), BikeShare(3)));
        Assert.False(ItineraryRanker.NearDuplicates(BikeShare(0), BikeShare(0, op: "scoot")), "another operator is another choice");
    }

    [Fact]
    public void An_itinerary_that_comes_back_to_a_place_it_left_is_never_shown()
    {
        var loop = new Itinerary(
        [
            Walk(Origin, Charite, 0, 5, 400),
            Tram(Charite, Tanneurs, 6, 9),
            Walk(Tanneurs, new Place("Charite", 48.0051, 7.0051, "tram:charite-2"), 9, 15, 441),
            Tram(new Place("Charite", 48.0051, 7.0051, "tram:charite-2"), Destination, 16, 30, "T2"),
        ]);
        var straight = new Itinerary([Walk(Origin, Charite, 0, 5, 400), Tram(Charite, Destination, 16, 30, "T2")]);
        Assert.True(ItineraryRanker.IsLoop(loop));
        Assert.False(ItineraryRanker.IsLoop(straight));

        // Standing at the stop (a 0 m walk) then riding is no loop, nor is a 20 m change of platform then a walk.
        var platform = new Place("Charite quai 2", 48.00515, 7.00505, "tram:charite-q2");
        Assert.False(ItineraryRanker.IsLoop(new Itinerary([Walk(Charite, Charite, 0, 0, 0), Tram(Charite, Tanneurs, 1, 4)])));
        Assert.False(ItineraryRanker.IsLoop(new Itinerary([Tram(Tanneurs, Charite, 0, 4), Walk(Charite, platform, 4, 5, 20), Walk(platform, new Place("destination", 48.0052, 7.0051), 5, 6, 5)])));

        var ranked = ItineraryRanker.Rank([loop, straight], RankingPolicy.Default, Eight, false);
        Assert.Single(ranked);
        Assert.Same(straight, ranked[0].Itinerary);
    }
}
