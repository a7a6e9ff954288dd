using Mobility.City;
using Mobility.Simulation.Day.World;

namespace Mobility.Simulation.Tests.Day;

public sealed class PopulationTests
{
    private static readonly CitySpec Town = CitySpec.Preset("town", 42);

    private static string Fingerprint(Population p) => string.Join("\n", p.Travelers.Select(t =>
        $"{t.Role} {t.Home.Index} {t.Activity?.Index} {t.DriverOf} {t.CarpoolProne} " + string.Join(";", t.Trips.Select(x => $"{x.From.Index}>{x.To.Index}@{x.DepartMinute}:{x.Purpose}"))));

    [Fact]
    public void The_same_seed_gives_the_same_people_and_trips_and_another_seed_does_not()
    {
        var a = Fingerprint(Population.Generate(Town, 5, 2_000, 0.08, 0.3));
        var b = Fingerprint(Population.Generate(Town, 5, 2_000, 0.08, 0.3));
        var c = Fingerprint(Population.Generate(Town, 6, 2_000, 0.08, 0.3));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_larger_population_keeps_the_first_travelers_homes_and_roles()
    {
        // Draws are counter-based per traveler: adding people does not reshuffle the others (the neighbours of
        // drivers may move, as the set of drivers grows).
        var small = Population.Generate(Town, 5, 500, 0, 0);
        var large = Population.Generate(Town, 5, 5_000, 0, 0);
        Assert.Equal(small.Travelers.Select(t => (t.Role, t.Home.Index)), large.Travelers.Take(500).Select(t => (t.Role, t.Home.Index)));
    }

    [Fact]
    public void Trips_chain_home_to_activity_and_back_in_time_order_on_the_citys_intersections()
    {
        var p = Population.Generate(Town, 9, 3_000, 0.1, 0.3);
        var places = CityPlaces.Of(Town);
        foreach (var t in p.Travelers)
        {
            if (t.Trips.Count == 0)
            {
                // Only a student whose school is on the doorstep stays in.
                Assert.Equal(Role.Student, t.Role);
                Assert.Equal(t.Home, t.Activity);
                continue;
            }

            Assert.Equal(t.Home, t.Trips[0].From);
            Assert.Equal(t.Home, t.Trips[^1].To);
            for (var k = 1; k < t.Trips.Count; k++)
            {
                Assert.Equal(t.Trips[k - 1].To, t.Trips[k].From);
                Assert.True(t.Trips[k].DepartMinute > t.Trips[k - 1].DepartMinute, $"traveler {t.Index}: trip {k} leaves before the previous one");
            }

            Assert.All(t.Trips, x => Assert.Equal(places[x.From.Index], x.From));
            Assert.All(t.Trips, x => Assert.Equal(places[x.To.Index], x.To));
        }

        Assert.All(p.Drivers.Select(d => p.Travelers[d]), d => Assert.True(Population.Distance(d.Home, d.Activity!) >= Population.MinCarpoolMeters));
        var workers = p.Travelers.Count(t => t.Role == Role.Worker);
        Assert.InRange(workers / 3_000.0, 0.50, 0.60);
        Assert.InRange(p.Drivers.Count / (double)workers, 0.03, 0.12);
        // The morning peak: most commutes leave between 07:00 and 09:00.
        var commutes = p.AllTrips.Where(x => x.Purpose == Purpose.Work).ToList();
        Assert.InRange(commutes.Count(x => x.DepartMinute is >= 420 and < 540) / (double)commutes.Count, 0.6, 0.9);
    }

    [Fact]
    public void Land_use_follows_the_grid_zoning()
    {
        var use = PlaceUse.Of(CityPlaces.Of(Town));
        Assert.True(use.Workplaces.Average(w => w.CentreDistance) < use.Homes.Average(h => h.CentreDistance));
        Assert.All(use.Shops, s => Assert.True(s.OnArterial));
        Assert.DoesNotContain(use.Homes, h => h.CentreDistance <= 0.15);
        Assert.InRange(use.Schools.Count, 20, 400);
    }

    [Fact]
    public void The_behaviour_model_prefers_the_cheaper_generalized_cost_and_carpool_propensity_matters()
    {
        var t0 = new DateTimeOffset(2027, 1, 12, 8, 0, 0, TimeSpan.FromHours(1));
        PlanOption Option(int minutes, string mode, int transfers = 0, double walk = 200, long? cents = null) =>
            new(t0, t0.AddMinutes(minutes), transfers, walk, cents, [new PlanLeg(mode, null, null, t0, t0.AddMinutes(minutes), 3000, 0, 0, 0, 0, mode == "carpool")]);

        var transit = Option(30, "transit");
        var carpool = Option(32, "carpool", cents: 150);
        Assert.Equal(30 + (0.5 * 200 / 80) + (6 * 1.70), Behaviour.Cost(transit, false, t0), 6);
        Assert.True(Behaviour.Cost(carpool, true, t0) < Behaviour.Cost(transit, true, t0));
        Assert.True(Behaviour.Cost(carpool, false, t0) > Behaviour.Cost(transit, false, t0));
        // Waiting at home for a ride an hour later counts as an hour more.
        Assert.Equal(Behaviour.Cost(carpool, true, t0) + 60, Behaviour.Cost(carpool, true, t0.AddMinutes(-60)), 6);
        Assert.Equal(-1, Behaviour.Choose([], true, t0, 0.5));
        // A logit draw: over many draws a prone traveler takes the carpool more often than the transit, a reluctant one rarely.
        var prone = Enumerable.Range(0, 1_000).Count(i => Behaviour.Choose([transit, carpool], true, t0, (i + 0.5) / 1_000) == 1);
        var reluctant = Enumerable.Range(0, 1_000).Count(i => Behaviour.Choose([transit, carpool], false, t0, (i + 0.5) / 1_000) == 1);
        Assert.InRange(prone, 600, 950);
        Assert.InRange(reluctant, 0, 100);
    }
}
