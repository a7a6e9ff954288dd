using Mobility.Node.Api;
using Mobility.Node.Snapshots;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Tests.Snapshots;

/// <summary>
/// Whole answers priced from the feed's own fares: TriMet's fare_attributes/fare_rules (GTFS-Fares v1, zones B and R,
/// every fare 2.50 USD with transfers for 9,000 s) price the MAX ride of a door-to-door plan across downtown Portland.
/// </summary>
public sealed class TransitFaresTests
{
    private static readonly Lazy<RoutingSnapshot> Portland = new(() => RoutingSnapshotBuilder.Build(
        [SharedData.Path("portland", "trimet-2routes.gtfs.zip")], SharedData.Path("portland", "portland-central.osm.pbf")));

    [Fact]
    public void A_plan_with_a_max_ride_costs_the_feeds_fare_and_a_walk_costs_nothing()
    {
        var snapshot = Portland.Value;
        Assert.Contains(snapshot.Inputs, line => line == "fares trimet-2routes: GTFS-Fares v1");

        var planner = new MultimodalPlanner(
            new SnapshotHolder<PlannerSnapshot>(snapshot.Planner),
            new SnapshotHolder<MobilityOffers>(new MobilityOffers([], CarpoolOfferBook.Empty, [])),
            RankingPolicy.Default,
            new MultimodalOptions { Pricing = snapshot.Fares.Apply });
        var result = planner.Plan(new PlanRequest(new GeoCoordinate(45.5190, -122.6795), new GeoCoordinate(45.5300, -122.6622), new DateTime(2021, 11, 2, 8, 0, 0)));

        var withMax = result.Itineraries.Select(r => r.Itinerary).First(i => i.Legs.Any(l => l.Route == "MAX Green Line"));
        var ride = withMax.Legs.Single(l => l.Mode == LegMode.Transit);
        Assert.Equal(2.50m, ride.Price);
        Assert.Equal("USD", ride.Currency);
        Assert.NotEmpty(ride.FareProducts!);
        var (total, note) = MoneyDto.Total(withMax.Legs);
        Assert.Equal(new MoneyDto(250, "USD"), total);
        Assert.Null(note);

        var walk = new[] { withMax.Legs.First(l => l.Mode == LegMode.Walk) };
        Assert.Equal((null, "nothing to pay: walking or cycling only"), MoneyDto.Total(walk));
    }

    [Fact]
    public void A_transit_leg_with_no_fare_makes_the_total_unknown_not_zero()
    {
        var snapshot = Portland.Value;
        var itinerary = new TripPlanner(snapshot.Planner).Plan(new PlanRequest(new GeoCoordinate(45.5190, -122.6795), new GeoCoordinate(45.5300, -122.6622), new DateTime(2021, 11, 2, 8, 0, 0))).Earliest!;

        // Unpriced (no Pricing applied): the total is null and says which leg, never a silent 0.
        var (total, note) = MoneyDto.Total(itinerary.Legs);
        Assert.Null(total);
        Assert.StartsWith("no known fare for transit", note, StringComparison.Ordinal);

        // A feed without fare tables prices nothing.
        Assert.Same(itinerary, TransitFares.None.Apply(itinerary));
    }
}
