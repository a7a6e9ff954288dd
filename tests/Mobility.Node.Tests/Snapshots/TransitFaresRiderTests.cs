using System.Globalization;
using Mobility.Node.Snapshots;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Tests.Snapshots;

/// <summary>
/// Issue 14: <c>/plan?rider=YOUTH</c> prices transit legs for the rider category asked (GTFS-Fares v2
/// <c>rider_categories.txt</c>); none or an unknown one pays the feed's default category. C-TRAN: a local ride at
/// 10:00 costs an adult 1.25 USD, an honoured citizen 0.60, a youth nothing.
/// </summary>
public sealed class TransitFaresRiderTests
{
    [Fact]
    public void A_rider_category_pays_its_own_products_and_an_unknown_one_the_default()
    {
        var path = SharedData.Path("fares", "ctran-fares-v2");
        var feed = GtfsReader.DefaultFeedId(path);
        var fares = TransitFares.Load([path]);
        var at = DateTimeOffset.Parse("2025-09-16T10:00:00-07:00", CultureInfo.InvariantCulture);
        var ride = new Itinerary([new Leg(LegMode.Transit, new Place("a", 45.6, -122.6, feed + ":8126"), new Place("b", 45.62, -122.58, feed + ":8111"),
            at, at.AddMinutes(20), 3000, "{}", "C-TRAN", "2", feed + ":002", feed + ":t1", RouteType: 3)]);

        decimal? Price(string? rider) => fares.Apply(ride, rider).Legs[0].Price;
        Assert.Equal(1.25m, Price(null));
        Assert.Equal(0.60m, Price("HONORED_CITIZEN"));
        Assert.Equal(0m, Price("YOUTH"));
        Assert.Equal(1.25m, Price("NOT_A_CATEGORY"));
    }
}
