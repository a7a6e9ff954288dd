using System.Globalization;
using Mobility.Ticketing.Fares;
using Mobility.Tests.Shared;

namespace Mobility.Ticketing.Tests.Fares;

/// <summary>Every fixture of shared/data/fares with fares computed by hand from its tables (comments show the sums).</summary>
public sealed class FixtureFareTests
{
    private static readonly Lazy<FareFeed> CTran = new(() => FareFeedReader.Read(SharedData.Path("fares", "ctran-fares-v2"), "ctran"));

    private static FareFeed Feed(string id, params string[] path) => FareFeedReader.Read(SharedData.Path(path), id);

    internal static FareLeg Leg(string feed, string route, string from, string to, string departure, int minutes) =>
        new(feed, route, from, to, DateTimeOffset.Parse(departure, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(departure, CultureInfo.InvariantCulture).AddMinutes(minutes));

    private static FareQuote Price(FareFeed feed, FareRequest request, params FareLeg[] legs) => new FareCalculator([feed]).Price(legs, request);

    private static long Total(FareFeed feed, FareRequest request, params FareLeg[] legs) =>
        Price(feed, request, legs).Total?.Amount ?? throw new InvalidOperationException(string.Join("; ", Price(feed, request, legs).Notes));

    // C-TRAN: 002 is LOCAL, 105 EXPRESS, 060 REGIONAL; Tuesday 16 September 2025 is a 1-WKDY day (Pacific, -07:00).
    private static FareLeg Local(string departure, int minutes = 20) => Leg("ctran", "002", "8126", "8111", departure, minutes);

    private static FareLeg Express(string departure, int minutes = 30) => Leg("ctran", "105", "8111", "6052", departure, minutes);

    private static FareLeg Regional(string departure, int minutes = 30) => Leg("ctran", "060", "8111", "6052", departure, minutes);

    [Fact]
    public void CTran_a_local_ride_costs_the_rider_categorys_product_in_both_timeframes()
    {
        Assert.Equal(125, Total(CTran.Value, new(), Local("2025-09-16T08:00:00-07:00"))); // REGULAR 00:00-08:59
        Assert.Equal(125, Total(CTran.Value, new(), Local("2025-09-16T10:00:00-07:00"))); // MIDDAY 09:00-14:59
        Assert.Equal(60, Total(CTran.Value, new("HONORED_CITIZEN"), Local("2025-09-16T10:00:00-07:00")));
        Assert.Equal(0, Total(CTran.Value, new("YOUTH"), Local("2025-09-16T10:00:00-07:00")));
        Assert.Equal(300, Total(CTran.Value, new(), Express("2025-09-16T07:00:00-07:00")));
        Assert.Equal(250, Total(CTran.Value, new(), Regional("2025-09-16T07:00:00-07:00")));
    }

    [Fact]
    public void CTran_a_time_in_no_timeframe_has_no_fare()
    {
        // 08:59:30 is after REGULAR's end (08:59:00, excluded) and before MIDDAY's start: the feed leaves it unpriced.
        var quote = Price(CTran.Value, new(), Local("2025-09-16T08:59:30-07:00"));
        Assert.Null(quote.Total);
        Assert.Contains("no fare leg rule matches leg 0", quote.Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void CTran_the_medium_selects_the_product_rows()
    {
        // No youth local product is sold on a paper ticket (fare_media_type 1), and no adult regional one.
        Assert.Null(Price(CTran.Value, new("YOUTH", 1), Local("2025-09-16T10:00:00-07:00")).Total);
        Assert.Null(Price(CTran.Value, new("ADULT", 1), Regional("2025-09-16T10:00:00-07:00")).Total);
        Assert.Equal(125, Total(CTran.Value, new("ADULT", 1), Local("2025-09-16T10:00:00-07:00")));
    }

    [Fact]
    public void CTran_local_to_local_within_two_and_a_half_hours_is_one_fare_and_past_it_two()
    {
        // LOCAL->LOCAL, no product, duration 9000 s departure to departure, type 0: 1.25 + 0.
        Assert.Equal(125, Total(CTran.Value, new(), Local("2025-09-16T07:00:00-07:00"), Local("2025-09-16T08:15:00-07:00"), Local("2025-09-16T09:30:00-07:00")));
        Assert.Equal(250, Total(CTran.Value, new(), Local("2025-09-16T07:00:00-07:00"), Local("2025-09-16T09:30:01-07:00")));
    }

    [Fact]
    public void CTran_local_then_express_within_the_window_is_an_upgrade_and_past_it_a_second_fare()
    {
        // LOCAL->EXPRESS, LOCAL_EXPRESS_ADULT_TRANSFER 1.75, type 0: 1.25 + 1.75 = 3.00, the express fare.
        var quote = Price(CTran.Value, new(), Local("2025-09-16T07:00:00-07:00"), Express("2025-09-16T08:00:00-07:00"));
        Assert.Equal(new Money(300, "USD"), quote.Total);
        Assert.Equal("LOCAL_EXPRESS_ADULT_TRANSFER", Assert.Single(quote.Legs[1].Products).ProductId);
        Assert.Equal(175, quote.Legs[1].Amount);
        // Past 9000 s (departure to departure): 1.25 + 3.00.
        Assert.Equal(425, Total(CTran.Value, new(), Local("2025-09-16T07:00:00-07:00"), Express("2025-09-16T09:31:00-07:00")));
        // Local to regional: 1.25 + 1.25 (LOCAL_REGIONAL_ADULT_TRANSFER); regional to express: 2.50 + 0.50.
        Assert.Equal(250, Total(CTran.Value, new(), Local("2025-09-16T07:00:00-07:00"), Regional("2025-09-16T07:30:00-07:00")));
        Assert.Equal(300, Total(CTran.Value, new(), Regional("2025-09-16T07:00:00-07:00"), Express("2025-09-16T07:45:00-07:00")));
        // Express back to local: 3.00 + 0 (EXPRESS->LOCAL without product).
        Assert.Equal(300, Total(CTran.Value, new(), Express("2025-09-16T07:00:00-07:00"), Local("2025-09-16T08:00:00-07:00")));
    }

    [Fact]
    public void CTran_New_Years_Eve_is_free_from_18_00_across_midnight_to_03_00()
    {
        // 31 Dec 2025 runs 4-NYE: REGULAR until 17:59, NYE 18:00-23:59 (FARES_NYE), then 00:00-03:00 on 1 Jan (FARES_NYE_JAN1).
        Assert.Equal(125, Total(CTran.Value, new(), Local("2025-12-31T17:30:00-08:00")));
        Assert.Equal(0, Total(CTran.Value, new(), Local("2025-12-31T23:30:00-08:00")));
        Assert.Equal(0, Total(CTran.Value, new(), Local("2026-01-01T01:00:00-08:00"))); // NYE and Sunday-service REGULAR: the free one
        Assert.Equal(0, Total(CTran.Value, new(), Local("2025-12-31T23:50:00-08:00", 40), Express("2026-01-01T00:40:00-08:00")));
        Assert.Equal(125, Total(CTran.Value, new(), Local("2026-01-01T04:00:00-08:00")));
        Assert.Equal("FREE_FARE", Price(CTran.Value, new(), Local("2025-12-31T23:30:00-08:00")).Legs[0].Products[0].ProductId);
    }

    [Fact]
    public void CTran_flex_has_one_unlimited_local_transfer_rule()
    {
        var flex = Feed("flex", "fares", "ctran-flex-fares-v2.gtfs.zip");
        FareLeg Ride(string at) => Leg("flex", "2bc6804f-9e24-4b91-8947-c73a2363e7b6", "a", "b", at, 15);
        Assert.Equal(125, Total(flex, new(), Ride("2025-09-16T07:00:00-07:00"), Ride("2025-09-16T08:00:00-07:00"), Ride("2025-09-16T09:00:00-07:00")));
        Assert.Equal(250, Total(flex, new(), Ride("2025-09-16T07:00:00-07:00"), Ride("2025-09-16T10:00:00-07:00")));
        Assert.Equal(60, Total(flex, new("HONORED_CITIZEN"), Ride("2025-09-16T07:00:00-07:00")));
    }

    [Fact]
    public void Sandy_rule_priority_picks_the_highest_matching_rule()
    {
        var sandy = Feed("sandy", "fares", "sandy-flex-fares-v2");
        // Network 86 (route 415): product 817 at priority 1 beats 1848 at the empty priority (0): 1.00.
        Assert.Equal(100, Total(sandy, new(), Leg("sandy", "415", "13520", "13561", "2025-06-10T10:00:00-07:00", 20)));
        // Network 188 (route 1116): 1848 at priority 3 beats 818 at priority 2: free.
        var quote = Price(sandy, new(), Leg("sandy", "1116", "13520", "13561", "2025-06-10T10:00:00-07:00", 20));
        Assert.Equal(new Money(0, "USD"), quote.Total);
        Assert.Equal("1848", quote.Legs[0].Products[0].ProductId);
    }

    [Fact]
    public void Google_sample_v1_prices_by_route_with_no_transfers()
    {
        var sample = Feed("sample", "fares", "google-example-fares-v1");
        Assert.Equal(125, Total(sample, new(), Leg("sample", "AB", "BEATTY_AIRPORT", "BULLFROG", "2025-06-10T08:00:00-07:00", 10)));
        Assert.Equal(525, Total(sample, new(), Leg("sample", "AAMV", "BEATTY_AIRPORT", "AMV", "2025-06-10T08:00:00-07:00", 60)));
        // Fare p allows 0 transfers: AB then BFC is two p fares.
        Assert.Equal(250, Total(sample, new(), Leg("sample", "AB", "BEATTY_AIRPORT", "BULLFROG", "2025-06-10T08:00:00-07:00", 10), Leg("sample", "BFC", "BULLFROG", "FUR_CREEK_RES", "2025-06-10T08:20:00-07:00", 60)));
    }

    [Fact]
    public void Caltrain_v1_prices_by_zone_pair_and_one_fare_covers_a_change_of_train()
    {
        var caltrain = Feed("caltrain", "fares", "caltrain-fares-v1.gtfs.zip");
        // San Francisco (zone 1) to San Jose Diridon (zone 4): OW_4 10.50; Millbrae (2) to San Jose: OW_3 8.25.
        Assert.Equal(1050, Total(caltrain, new(), Leg("caltrain", "Lo-130", "70011", "70261", "2025-06-10T08:00:00-07:00", 90)));
        Assert.Equal(825, Total(caltrain, new(), Leg("caltrain", "Bu-130", "70061", "70261", "2025-06-10T08:00:00-07:00", 50)));
        // Local to Millbrae then Bullet on: one OW_4 (unlimited transfers within 4 h) rather than 6.00 + 8.25.
        Assert.Equal(1050, Total(caltrain, new(), Leg("caltrain", "Lo-130", "70011", "70061", "2025-06-10T08:00:00-07:00", 25), Leg("caltrain", "Bu-130", "70061", "70261", "2025-06-10T08:30:00-07:00", 50)));
        // After the 14400 s transfer_duration the second train is a new fare: 6.00 + 8.25.
        Assert.Equal(1425, Total(caltrain, new(), Leg("caltrain", "Lo-130", "70011", "70061", "2025-06-10T08:00:00-07:00", 25), Leg("caltrain", "Bu-130", "70061", "70261", "2025-06-10T12:01:00-07:00", 50)));
    }

    [Fact]
    public void BART_v1_prices_station_to_station()
    {
        var bart = Feed("bart", "fares", "bart-fares-v1.gtfs.zip");
        Assert.Equal(420, Total(bart, new(), Leg("bart", "01", "12TH", "16TH", "2025-06-10T08:00:00-07:00", 15))); // fare 84
        Assert.Equal(1000, Total(bart, new(), Leg("bart", "01", "SFIA", "12TH", "2025-06-10T08:00:00-07:00", 45))); // fare 200
        // Out and back: the cheapest cover is BART's 12TH-12TH fare (6.40), not 4.20 twice.
        Assert.Equal(640, Total(bart, new(), Leg("bart", "01", "12TH", "16TH", "2025-06-10T08:00:00-07:00", 15), Leg("bart", "01", "16TH", "12TH", "2025-06-10T09:00:00-07:00", 15)));
    }

    [Fact]
    public void A_multi_feed_itinerary_adds_each_feeds_fare()
    {
        var calculator = new FareCalculator([CTran.Value, Feed("caltrain", "fares", "caltrain-fares-v1.gtfs.zip"), Feed("bart", "fares", "bart-fares-v1.gtfs.zip")]);
        var quote = calculator.Price(
        [
            Local("2025-09-16T07:00:00-07:00"),
            Leg("caltrain", "Lo-130", "70011", "70061", "2025-09-16T08:00:00-07:00", 25),
            Leg("caltrain", "Bu-130", "70061", "70261", "2025-09-16T08:30:00-07:00", 50),
            Leg("bart", "01", "12TH", "16TH", "2025-09-16T10:00:00-07:00", 15),
        ], new FareRequest());
        Assert.Equal(new Money(125 + 1050 + 420, "USD"), quote.Total); // 1.25 + 10.50 + 4.20
        Assert.Equal([125, 1050, 0, 420], quote.Legs.Select(l => l.Amount));
        Assert.Equal(["ctran", "caltrain", "caltrain", "bart"], quote.Legs.Select(l => l.FeedId));
    }

    [Fact]
    public void An_unknown_feed_leaves_the_total_unknown_and_says_why()
    {
        var quote = new FareCalculator([CTran.Value]).Price([Leg("nowhere", "1", "a", "b", "2025-09-16T07:00:00-07:00", 5)], new FareRequest());
        Assert.Null(quote.Total);
        Assert.Contains("no feed 'nowhere'", quote.Notes[0], StringComparison.Ordinal);
    }
}
