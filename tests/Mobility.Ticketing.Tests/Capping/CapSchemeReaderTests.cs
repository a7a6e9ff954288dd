using System.Text;
using Mobility.Ticketing.Capping;

namespace Mobility.Ticketing.Tests.Capping;

public sealed class CapSchemeReaderTests
{
    private const string Valid = """
        { "id": "demo", "currency": "EUR", "timeZone": "Europe/Paris", "dayStart": "04:00",
          "tiers": ["rail", "bus"],
          "caps": [ { "id": "day", "period": "day", "tiers": ["rail", "bus"], "amount": 800, "amountByDay": { "sunday": 400 } },
                    { "id": "30-days", "period": "rolling", "days": 30, "tiers": ["rail"], "amount": 7000 } ],
          "connections": [ { "from": ["bus"], "to": ["bus"], "withinMinutes": 45 } ] }
        """;

    private static TicketingInputException Refused(string json) =>
        Assert.Throws<TicketingInputException>(() => CapSchemeReader.Read(Encoding.UTF8.GetBytes(json), "scheme.json"));

    [Fact]
    public void Every_shipped_scheme_loads_with_its_published_currency()
    {
        Assert.Equal(["GBP", "USD", "AUD", "EUR"], CapSchemes.Names.Select(n => CapSchemes.Shipped(n).Currency));
        Assert.Equal(TimeSpan.FromMinutes(270), CapSchemes.Shipped("tfl-2025").DayStart);
    }

    [Fact]
    public void A_scheme_file_gives_its_caps_and_connections()
    {
        var scheme = CapSchemeReader.Read(Encoding.UTF8.GetBytes(Valid), "scheme.json");
        Assert.Equal(400, scheme.Caps[0].AmountOn(new DateOnly(2025, 6, 8), scheme.Holidays)); // a Sunday
        Assert.Equal(800, scheme.Caps[0].AmountOn(new DateOnly(2025, 6, 9), scheme.Holidays));
        Assert.Equal(30, scheme.Caps[1].Days);
        Assert.Equal(TimeSpan.FromMinutes(45), scheme.Connections[0].Within);
    }

    [Theory]
    [InlineData("\"amount\": 800", "\"amount\": 8.00", "$.caps[0].amount")]
    [InlineData("\"amount\": 800", "\"amount\": -1", "$.caps[0].amount")]
    [InlineData("\"tiers\": [\"rail\", \"bus\"], \"amount\"", "\"tiers\": [\"rail\", \"tram\"], \"amount\"", "$.caps[0].tiers[1]")]
    [InlineData("\"days\": 30, ", "", "$.caps[1].days")]
    [InlineData("\"currency\": \"EUR\"", "\"currency\": \"euro\"", "$.currency")]
    [InlineData("\"Europe/Paris\"", "\"Europe/Atlantis\"", "$.timeZone")]
    [InlineData("\"dayStart\": \"04:00\"", "\"dayStart\": \"4h\"", "$.dayStart")]
    [InlineData("\"sunday\": 400", "\"sundai\": 400", "$.caps[0].amountByDay.sundai")]
    [InlineData("\"withinMinutes\": 45", "\"withinMinute\": 45", "$.connections[0].withinMinute")]
    [InlineData("\"id\": \"30-days\"", "\"id\": \"day\"", "$.caps[1].id")]
    public void A_bad_scheme_is_refused_with_the_json_path(string find, string replace, string path)
    {
        Assert.Equal(path, Refused(Valid.Replace(find, replace, StringComparison.Ordinal)).Field);
    }
}
