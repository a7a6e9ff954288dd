using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

/// <summary>
/// Issue 11: the Pareto set over arrival, rides and walking is exact. McRAPTOR's set equals a plain multi-criteria
/// connection scan's on random queries of every fixture (several access and egress stops with random walks, so that
/// walking trades against time), its earliest arrival equals RAPTOR's, and every journey is time-consistent.
/// </summary>
public sealed class McRaptorAgreesWithConnectionScanTests
{
    public static TheoryData<string, int> Cases => new() { { "portland", 300 }, { "cobb", 200 }, { "sample", 200 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_pareto_set_over_arrival_rides_and_walking_equals_the_connection_scan(string fixture, int queries)
    {
        var tt = fixture switch { "portland" => TransitFixtures.Portland, "cobb" => TransitFixtures.Cobb, _ => TransitFixtures.Sample };
        var mc = new McRaptorRouter(tt);
        var raptor = new RaptorRouter(tt);
        var random = new Random(11 + fixture.Length);
        var busyDays = Enumerable.Range(0, tt.DayCount).Select(d => (Day: d, Trips: tt.Trips.Count(t => t.RunsOn(d))))
            .Where(x => x.Trips > 0).OrderByDescending(x => x.Trips).Take(10).Select(x => x.Day).ToArray();
        var withChoice = 0;
        for (var batch = 0; batch < 2; batch++)
        {
            var day = busyDays[random.Next(busyDays.Length)];
            var reference = new ReferenceMcConnectionScan(tt, day - 2, day + 2);
            for (var q = 0; q < queries / 2; q++)
            {
                StopOffset[] Pick() => [.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => new StopOffset(random.Next(tt.StopCount), random.Next(1200)))];
                var request = new RaptorRequest(Pick(), Pick(), tt.ServiceDayStart(0, day) + (5 * 3600) + random.Next(17 * 3600), MaxTrips: 5);
                var expected = reference.Pareto(request).OrderBy(x => x.Rides).ThenBy(x => x.Arrival).ThenBy(x => x.Walk).ToList();
                var set = mc.Query(request);
                var actual = set.Select(j => (j.Arrival, j.Rides, Walk: j.WalkSeconds)).OrderBy(x => x.Rides).ThenBy(x => x.Arrival).ThenBy(x => x.Walk).ToList();
                Assert.True(expected.SequenceEqual(actual), $"{fixture} query {q} on day {day}: McRAPTOR [{string.Join(" ", actual)}], connection scan [{string.Join(" ", expected)}]");
                foreach (var journey in set)
                {
                    JourneyChecks.AssertConsistent(tt, request, journey);
                }

                var earliest = raptor.EarliestArrival(request with { MaxTrips = 5 });
                Assert.Equal(earliest?.Arrival, set.Count == 0 ? null : set.Min(j => j.Arrival));
                withChoice += set.Count > 1 ? 1 : 0;
            }
        }

        Assert.True(withChoice > queries / 20, $"only {withChoice} of {queries} queries had a choice to make: the test does not test the bags");
    }
}
