using Mobility.Ticketing.Capping;

namespace Mobility.Ticketing.Tests.Capping;

/// <summary>The worked examples of shared/TICKETING.md, amount for amount, on the shipped schemes.</summary>
public sealed class WorkedExampleTests
{
    private static long[] Charge(string scheme, params (string Time, long Fare, string Tier)[] taps) =>
        new CappingEngine(CapSchemes.Shipped(scheme)).Charge(
            [.. taps.Select((t, i) => new Tap($"t{i + 1:00}", DateTimeOffset.Parse(t.Time, System.Globalization.CultureInfo.InvariantCulture), "card-1", t.Fare, t.Tier))]);

    // 3 March 2025 is a Monday, the first day of the 2025 TfL fares; London is on GMT until 30 March.
    [Fact]
    public void TfL_three_zone_1_2_peak_singles_on_a_Monday_are_charged_the_8_90_day_cap()
    {
        var charges = Charge("tfl-2025", ("2025-03-03T08:00:00+00:00", 360, "z1-2"), ("2025-03-03T12:00:00+00:00", 360, "z1-2"), ("2025-03-03T18:00:00+00:00", 360, "z1-2"));
        Assert.Equal([360, 360, 170], charges);
        Assert.Equal(890, charges.Sum());
    }

    [Fact]
    public void TfL_four_bus_rides_more_than_an_hour_apart_are_charged_the_5_25_bus_cap()
    {
        var charges = Charge("tfl-2025", ("2025-03-03T07:00:00+00:00", 175, "bus"), ("2025-03-03T09:00:00+00:00", 175, "bus"), ("2025-03-03T11:00:00+00:00", 175, "bus"), ("2025-03-03T13:00:00+00:00", 175, "bus"));
        Assert.Equal([175, 175, 175, 0], charges);
    }

    [Fact]
    public void TfL_buses_at_08_00_and_08_40_are_one_Hopper_fare()
    {
        Assert.Equal([175, 0], Charge("tfl-2025", ("2025-03-03T08:00:00+00:00", 175, "bus"), ("2025-03-03T08:40:00+00:00", 175, "bus")));
    }

    [Fact]
    public void TfL_a_bus_past_the_Hopper_hour_is_a_new_fare_and_the_hour_runs_from_the_first_touch()
    {
        // 08:40 rides free within the hour of 08:00; 09:10 is past 09:00 even though it is within an hour of 08:40.
        Assert.Equal([175, 0, 175], Charge("tfl-2025", ("2025-03-03T08:00:00+00:00", 175, "bus"), ("2025-03-03T08:40:00+00:00", 175, "bus"), ("2025-03-03T09:10:00+00:00", 175, "bus")));
    }

    [Fact]
    public void TfL_Monday_to_Friday_at_the_day_cap_then_Saturday_is_charged_0_20_and_Sunday_nothing()
    {
        var taps = new List<(string, long, string)>();
        for (var day = 3; day <= 7; day++)
        {
            taps.Add(($"2025-03-{day:00}T08:00:00+00:00", 360, "z1-2"));
            taps.Add(($"2025-03-{day:00}T13:00:00+00:00", 360, "z1-2"));
            taps.Add(($"2025-03-{day:00}T18:00:00+00:00", 360, "z1-2"));
        }

        taps.Add(("2025-03-08T11:00:00+00:00", 310, "z1-2"));
        taps.Add(("2025-03-09T11:00:00+00:00", 310, "z1-2"));
        var charges = Charge("tfl-2025", [.. taps]);
        for (var d = 0; d < 5; d++)
        {
            Assert.Equal(890, charges.Skip(3 * d).Take(3).Sum());
        }

        Assert.Equal(4450, charges.Take(15).Sum());
        Assert.Equal(20, charges[15]);
        Assert.Equal(0, charges[16]);
        Assert.Equal(4470, charges.Sum());
    }

    [Fact]
    public void TfL_a_touch_at_03_50_on_Tuesday_belongs_to_Monday()
    {
        var monday = new[] { ("2025-03-03T08:00:00+00:00", 360L, "z1-2"), ("2025-03-03T12:00:00+00:00", 360L, "z1-2"), ("2025-03-03T18:00:00+00:00", 360L, "z1-2") };
        Assert.Equal(0, Charge("tfl-2025", [.. monday, ("2025-03-04T03:50:00+00:00", 360, "z1-2")])[3]);
        Assert.Equal(360, Charge("tfl-2025", [.. monday, ("2025-03-04T04:30:00+00:00", 360, "z1-2")])[3]);
    }

    [Fact]
    public void TfL_the_travel_day_follows_the_clock_change_to_summer_time()
    {
        // Sunday 30 March 2025: clocks go forward at 01:00 GMT. 04:00 BST on Monday is still Sunday's travel day.
        var sunday = new[] { ("2025-03-30T09:00:00+01:00", 360L, "z1-2"), ("2025-03-30T12:00:00+01:00", 360L, "z1-2"), ("2025-03-30T18:00:00+01:00", 360L, "z1-2") };
        Assert.Equal(0, Charge("tfl-2025", [.. sunday, ("2025-03-31T03:00:00Z", 360, "z1-2")])[3]);
        Assert.Equal(360, Charge("tfl-2025", [.. sunday, ("2025-03-31T03:30:00Z", 360, "z1-2")])[3]);
    }

    [Fact]
    public void TfL_travel_in_zones_1_2_then_1_4_is_capped_at_the_zone_1_4_cap()
    {
        var charges = Charge("tfl-2025", ("2025-03-03T08:00:00+00:00", 360, "z1-2"), ("2025-03-03T10:00:00+00:00", 360, "z1-2"), ("2025-03-03T12:00:00+00:00", 360, "z1-2"), ("2025-03-03T15:00:00+00:00", 560, "z1-4"), ("2025-03-03T19:00:00+00:00", 560, "z1-4"));
        Assert.Equal([360, 360, 170, 390, 0], charges);
    }

    // 7 January 2026 is a Wednesday; New York is on EST (-05:00).
    [Fact]
    public void OMNY_eleven_rides_cost_33_the_twelfth_2_then_free_until_the_window_closes()
    {
        var taps = new List<(string, long, string)>();
        var first = new DateTimeOffset(2026, 1, 7, 8, 0, 0, TimeSpan.FromHours(-5));
        for (var i = 0; i < 20; i++)
        {
            taps.Add((first.AddHours(6 * i).ToString("O"), 300, "subway"));
        }

        taps.Add(("2026-01-14T07:59:59-05:00", 300, "subway"));
        taps.Add(("2026-01-14T08:00:00-05:00", 300, "subway"));
        var charges = Charge("omny-2026", [.. taps]);
        Assert.Equal(3300, charges.Take(11).Sum());
        Assert.Equal(200, charges[11]);
        Assert.All(charges.Skip(12).Take(9), c => Assert.Equal(0, c));
        Assert.Equal(300, charges[21]);
    }

    [Fact]
    public void OMNY_reduced_fare_caps_at_17_50()
    {
        var taps = Enumerable.Range(0, 13).Select(i => (new DateTimeOffset(2026, 1, 7, 8, 0, 0, TimeSpan.FromHours(-5)).AddHours(5 * i).ToString("O"), 150L, "reduced")).ToArray();
        var charges = Charge("omny-2026", taps);
        Assert.Equal(1750, charges.Sum());
        Assert.Equal([150, 100, 0], charges.Skip(10));
    }

    // 14 July 2025 is a Monday; Sydney is on AEST (+10:00).
    [Fact]
    public void Opal_Monday_and_Tuesday_at_19_30_then_Wednesday_is_charged_11_40_and_the_rest_of_the_week_nothing()
    {
        var taps = new List<(string, long, string)>();
        for (var day = 14; day <= 20; day++)
        {
            for (var hour = 7; hour <= 19; hour += 3)
            {
                taps.Add(($"2025-07-{day}T{hour:00}:00:00+10:00", 450, "adult"));
            }
        }

        var charges = Charge("opal-2025", [.. taps]);
        var byDay = charges.Chunk(5).Select(c => c.Sum()).ToArray();
        Assert.Equal([1930, 1930, 1140, 0, 0, 0, 0], byDay);
        Assert.Equal(5000, charges.Sum());
    }

    [Fact]
    public void Opal_Friday_to_Sunday_and_public_holidays_cap_at_9_65()
    {
        // Friday 18 July 2025, and Labour Day Monday 6 October 2025 (NSW).
        Assert.Equal(965, Charge("opal-2025", ("2025-07-18T08:00:00+10:00", 450, "adult"), ("2025-07-18T12:00:00+10:00", 450, "adult"), ("2025-07-18T17:00:00+10:00", 450, "adult")).Sum());
        Assert.Equal(965, Charge("opal-2025", ("2025-10-06T08:00:00+11:00", 450, "adult"), ("2025-10-06T12:00:00+11:00", 450, "adult"), ("2025-10-06T17:00:00+11:00", 450, "adult")).Sum());
        Assert.Equal(480, Charge("opal-2025", ("2025-07-19T08:00:00+10:00", 225, "concession"), ("2025-07-19T12:00:00+10:00", 225, "concession"), ("2025-07-19T17:00:00+10:00", 225, "concession")).Sum());
    }

    [Fact]
    public void Navigo_six_metro_trips_cost_11_94_the_seventh_0_06_the_eighth_nothing()
    {
        var taps = Enumerable.Range(0, 8).Select(i => ($"2025-06-10T{7 + 2 * i:00}:00:00+02:00", 199L, "metro")).ToArray();
        var charges = Charge("navigo-2025", taps);
        Assert.Equal(1194, charges.Take(6).Sum());
        Assert.Equal(6, charges[6]);
        Assert.Equal(0, charges[7]);
    }

    [Fact]
    public void Navigo_a_bus_within_1h30_of_a_metro_trip_is_free_and_past_it_is_charged()
    {
        Assert.Equal([199, 0, 160], Charge("navigo-2025", ("2025-06-10T08:00:00+02:00", 199, "metro"), ("2025-06-10T09:30:00+02:00", 160, "bus"), ("2025-06-10T11:00:00+02:00", 160, "bus")));
        Assert.Equal([199, 160], Charge("navigo-2025", ("2025-06-10T08:00:00+02:00", 199, "metro"), ("2025-06-10T09:31:00+02:00", 160, "bus")));
    }

    [Fact]
    public void Navigo_airport_trips_are_outside_the_day_cap()
    {
        var taps = Enumerable.Range(0, 7).Select(i => ($"2025-06-10T{7 + 2 * i:00}:00:00+02:00", 199L, "metro")).Append(("2025-06-10T22:00:00+02:00", 1400L, "airport")).ToArray();
        var charges = Charge("navigo-2025", taps);
        Assert.Equal(1200 + 1400, charges.Sum());
    }

    [Fact]
    public void Caps_are_per_medium()
    {
        var engine = new CappingEngine(CapSchemes.Shipped("navigo-2025"));
        var t = DateTimeOffset.Parse("2025-06-10T08:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture);
        var taps = Enumerable.Range(0, 14).Select(i => new Tap($"t{i}", t.AddMinutes(95 * (i / 2)), i % 2 == 0 ? "card-a" : "card-b", 199, "metro")).ToList();
        var charges = engine.Charge(taps);
        Assert.Equal(1200, charges.Where((_, i) => i % 2 == 0).Sum());
        Assert.Equal(1200, charges.Where((_, i) => i % 2 == 1).Sum());
    }
}
