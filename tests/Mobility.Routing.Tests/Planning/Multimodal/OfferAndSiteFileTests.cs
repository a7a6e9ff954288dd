using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;

namespace Mobility.Routing.Tests.Planning.Multimodal;

public sealed class OfferAndSiteFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mobility-offers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Good = """
        {"id":"o-1","operator":"op","origin":{"lat":45.75,"lon":4.83},"destination":{"lat":45.76,"lon":4.85},
         "departure_earliest":"2027-03-01T07:50:00+01:00","departure_latest":"2027-03-01T08:30:00+01:00","seats":3,
         "max_detour_minutes":10,"max_ride_minutes":60,"price":{"base":0.5,"per_km":0.1,"currency":"EUR"}}
        """;

    [Fact]
    public void A_well_formed_offer_file_reads_every_field()
    {
        var offer = Assert.Single(CarpoolOfferFile.Read(Write("ok.json", $"[{Good}]")));
        Assert.Equal("o-1", offer.Driver.Id.Value);
        Assert.Equal(TimeSpan.FromMinutes(10), offer.Driver.MaxDetour);
        Assert.Equal(new CarpoolPrice(0.5m, 0.1m, "EUR"), offer.Price);
        Assert.Equal(1.50m, offer.Price.Cost(10_000));
    }

    [Theory]
    [InlineData("{}", "$: expected an array")]
    [InlineData("[{\"id\":\"x\"}]", "offers[0].operator: required")]
    [InlineData("not json", "not JSON")]
    public void A_malformed_offer_file_names_the_offer_and_field(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CarpoolOfferFile.Read(Write("bad.json", text)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_time_or_price_is_reported_by_field()
    {
        var badTime = Good.Replace("2027-03-01T07:50:00+01:00", "tomorrow", StringComparison.Ordinal);
        Assert.Contains("offers[0].departure_earliest", Assert.Throws<FormatException>(() => CarpoolOfferFile.Read(Write("t.json", $"[{badTime}]"))).Message, StringComparison.Ordinal);
        Assert.NotEmpty(new CarpoolPrice(-1m, 0m, "EUR").Problems());
        Assert.NotEmpty(new CarpoolPrice(1m, 0m, "euro").Problems());
    }

    [Fact]
    public void Park_and_ride_csv_errors_name_the_line_and_field()
    {
        Assert.Equal(2, ParkAndRideSite.ReadCsv(Write("ok.csv", "name,lat,lon\nA,45.1,4.8\nB,45.2,4.9\n")).Count);
        Assert.Contains(":3: lat:", Assert.Throws<FormatException>(() => ParkAndRideSite.ReadCsv(Write("b.csv", "name,lat,lon\nA,45.1,4.8\nB,95,4.9\n"))).Message, StringComparison.Ordinal);
        Assert.Contains(":1: header", Assert.Throws<FormatException>(() => ParkAndRideSite.ReadCsv(Write("h.csv", "lat,lon\n"))).Message, StringComparison.Ordinal);
    }
}
