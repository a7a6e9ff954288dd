using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Tests.Snapshots;

/// <summary>
/// The demo city publishes GTFS-Fares v2 (tram EUR 1.99, bus EUR 1.60, a bus within 90 minutes of a ride's start free),
/// so its plans carry prices. Expected amounts are computed by hand from those rules.
/// </summary>
public sealed class DemoFaresTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_demo_feed_prices_rides_and_connections_as_its_rules_say()
    {
        var gtfs = Path.Combine(village.CityFolder, "gtfs.zip");
        var calculator = new FareCalculator([FareFeedReader.Read(gtfs, "demo")]);
        var (tram, bus) = (Route(gtfs, tram: true), Route(gtfs, tram: false));
        var t = new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.FromHours(1));
        FareLeg Ride((string Route, string From, string To) line, int startMinute, int minutes) =>
            new("demo", line.Route, line.From, line.To, t.AddMinutes(startMinute), t.AddMinutes(startMinute + minutes));
        long? Price(params FareLeg[] legs) => calculator.Price(legs, new FareRequest()).Total?.Amount;

        Assert.Equal(199, Price(Ride(tram, 0, 10)));
        Assert.Equal(160, Price(Ride(bus, 0, 10)));
        Assert.Equal(199, Price(Ride(tram, 0, 10), Ride(bus, 20, 10)));        // A bus within 90 min of the tram: free.
        Assert.Equal(160 + 199, Price(Ride(bus, 0, 10), Ride(tram, 20, 10)));  // Bus to tram pays the tram.
        Assert.Equal(199 + 199, Price(Ride(tram, 0, 10), Ride(tram, 20, 10))); // Tram to tram pays again.
        Assert.Equal(160, Price(Ride(bus, 0, 10), Ride(bus, 30, 10), Ride(bus, 60, 10)));
        Assert.Equal(160 + 160, Price(Ride(bus, 0, 10), Ride(bus, 120, 10)));  // Past 90 minutes: a new fare.

        // The reduced fare halves each ride (to the cent above); connections stay free.
        long? Reduced(params FareLeg[] legs) => calculator.Price(legs, new FareRequest("reduced")).Total?.Amount;
        Assert.Equal(100, Reduced(Ride(tram, 0, 10), Ride(bus, 20, 10)));
        Assert.Equal(80 + 100, Reduced(Ride(bus, 0, 10), Ride(tram, 20, 10)));
    }

    [Fact]
    public async Task The_area_names_the_rider_categories_the_feeds_price_with_the_default_flagged()
    {
        var area = await village.Node.Http.GetFromJsonAsync<JsonElement>(new Uri("/plan/area", UriKind.Relative), Ct);
        Assert.Equal(["adult:True", "reduced:False"], area.GetProperty("riderCategories").EnumerateArray().Select(c => $"{c.GetProperty("id").GetString()}:{c.GetProperty("isDefault").GetBoolean()}"));
    }

    [Fact]
    public async Task Demo_plans_with_transit_carry_a_price_in_euros_no_higher_than_paying_every_ride()
    {
        var random = new Random(17);
        var priced = 0;
        for (var q = 0; q < 20; q++)
        {
            var plan = await village.Node.Http.GetFromJsonAsync<JsonElement>(new Uri($"/plan?from={village.RandomPoint(random)}&to={village.RandomPoint(random)}&depart={village.Tuesday8}&modes=walk,transit", UriKind.Relative), Ct);
            foreach (var itinerary in plan.GetProperty("itineraries").EnumerateArray())
            {
                var rides = itinerary.GetProperty("legs").EnumerateArray().Where(l => l.GetProperty("mode").GetString() == "transit").ToList();
                if (rides.Count == 0)
                {
                    continue;
                }

                var price = itinerary.GetProperty("price");
                Assert.Equal("EUR", price.GetProperty("currency").GetString());
                var amount = price.GetProperty("amount").GetInt64();
                Assert.InRange(amount, 160, rides.Count * 199);
                Assert.All(rides, r => Assert.NotEmpty(r.GetProperty("fareProducts").EnumerateArray()));
                priced++;
            }
        }

        Assert.True(priced > 0, "no transit itinerary in 20 village plans");
    }

    /// <summary>A route of the kind asked and two of its stops in order, read from the feed itself.</summary>
    private static (string Route, string From, string To) Route(string gtfs, bool tram)
    {
        using var zip = ZipFile.OpenRead(gtfs);
        string[] Lines(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var route = Lines("routes.txt").Skip(1).Select(l => l.Split(',')).First(f => f[^3] == (tram ? "0" : "3"))[0];
        var trip = Lines("trips.txt").Skip(1).Select(l => l.Split(',')).First(f => f[0] == route)[2];
        var stops = Lines("stop_times.txt").Skip(1).Select(l => l.Split(',')).Where(f => f[0] == trip).Select(f => f[3]).ToList();
        return (route, stops[0], stops[1]);
    }
}
