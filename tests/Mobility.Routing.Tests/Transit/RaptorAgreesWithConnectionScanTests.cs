using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

public sealed class RaptorAgreesWithConnectionScanTests
{
    public static TheoryData<string, int> Cases => new() { { "portland", 1500 }, { "cobb", 1000 }, { "sample", 500 } };

    private static Timetable Fixture(string name) => name switch
    {
        "portland" => TransitFixtures.Portland,
        "cobb" => TransitFixtures.Cobb,
        _ => TransitFixtures.Sample,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Earliest_arrival_equals_connection_scan_and_every_journey_is_time_consistent(string fixture, int queries)
    {
        var tt = Fixture(fixture);
        var router = new RaptorRouter(tt);
        var random = new Random(20211102 + fixture.Length);
        var busyDays = Enumerable.Range(0, tt.DayCount)
            .Select(d => (Day: d, Trips: tt.Trips.Count(t => t.RunsOn(d))))
            .Where(x => x.Trips > 0).OrderByDescending(x => x.Trips).Take(40).Select(x => x.Day).ToArray();
        Assert.NotEmpty(busyDays);
        var found = 0;
        for (var batch = 0; batch < 4; batch++)
        {
            var day = busyDays[random.Next(busyDays.Length)];
            var csa = new ReferenceConnectionScan(tt, day - 4, day + 3);
            for (var q = 0; q < queries / 4; q++)
            {
                var request = RandomRequest(tt, random, day);
                var expected = csa.EarliestArrival(request);
                var set = router.Query(request);
                var actual = set.Count == 0 ? int.MaxValue : set[^1].Arrival;
                if (expected <= request.Departure + (20 * 3600) || actual != int.MaxValue)
                {
                    Assert.True(expected == actual, $"query {q} on day {day}: RAPTOR {actual}, connection scan {expected}");
                }

                for (var i = 0; i < set.Count; i++)
                {
                    JourneyChecks.AssertConsistent(tt, request, set[i]);
                    if (i > 0)
                    {
                        Assert.True(set[i].Arrival < set[i - 1].Arrival && set[i].Rides > set[i - 1].Rides, "Pareto by rides");
                    }
                }

                found += set.Count > 0 ? 1 : 0;
            }
        }

        Assert.True(found > queries / 10, $"only {found} of {queries} queries found a journey");
    }

    internal static RaptorRequest RandomRequest(Timetable tt, Random random, int day)
    {
        StopOffset[] Pick() => [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => new StopOffset(random.Next(tt.StopCount), random.Next(900)))];
        var departure = tt.ServiceDayStart(0, day) + (4 * 3600) + random.Next(20 * 3600);
        return new RaptorRequest(Pick(), Pick(), departure, MaxTrips: 12);
    }
}
