using Mobility.City;
using Mobility.Simulation.Day.Run;
using Mobility.Ticketing.Capping;

namespace Mobility.Simulation.Tests.Day;

/// <summary>The city's transit agencies as ticketing operators: the ids /plan books them under, tiers of the node's scheme.</summary>
public sealed class TransitAgencyTests
{
    [Theory]
    [InlineData("town", "tramway-de-valmont", "bus-de-valmont")]
    [InlineData("village", "tramway-de-valmont-le-petit", "bus-de-valmont-le-petit")]
    public void Agencies_are_the_operator_ids_of_the_planners_transit_bookings(string preset, string tram, string bus)
    {
        var agencies = TransitAgency.Of(CitySpec.Preset(preset));
        Assert.Equal([(tram, "metro", 199L), (bus, "bus", 160L)], agencies.Select(a => (a.Id, a.Tier, a.FareCents)));
        Assert.Equal($"Bus de {CitySpec.Preset(preset).Name}", agencies[1].Name);
    }

    [Fact]
    public void The_tiers_are_the_node_default_schemes_and_a_bus_after_a_tram_connects_free_as_the_city_fares_say()
    {
        // GtfsCityWriter.Fares: tram-ride -> bus-ride and bus-ride -> bus-ride within 90 min are free; tram after tram is paid.
        var scheme = CapSchemes.Shipped("navigo-2025");
        var (tram, bus) = (TransitAgency.Of(CitySpec.Preset("town"))[0], TransitAgency.Of(CitySpec.Preset("town"))[1]);
        Assert.All(new[] { tram.Tier, bus.Tier }, t => Assert.Contains(t, scheme.Tiers));
        var account = new CappingAccount(new CappingEngine(scheme));
        var t0 = new DateTimeOffset(2027, 1, 12, 8, 0, 0, TimeSpan.FromHours(1));
        Assert.Equal(199, Charge(account, "a", t0, tram));
        Assert.Equal(0, Charge(account, "b", t0.AddMinutes(30), bus));
        Assert.Equal(0, Charge(account, "c", t0.AddMinutes(60), bus));
        Assert.Equal(199, Charge(account, "d", t0.AddMinutes(70), tram));
    }

    private static long Charge(CappingAccount account, string id, DateTimeOffset time, TransitAgency a)
    {
        account.Record(new Tap(id, time, "m", a.FareCents, a.Tier));
        return account.PostedFor(id);
    }
}
