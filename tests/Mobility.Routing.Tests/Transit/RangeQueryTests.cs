using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

public sealed class RangeQueryTests
{
    [Fact]
    public void Range_query_is_a_pareto_profile_that_agrees_with_single_departure_queries()
    {
        var tt = TransitFixtures.Portland;
        var router = new RaptorRouter(tt);
        var random = new Random(7);
        var day = tt.DayIndex(new DateOnly(2021, 11, 3));
        var checkedJourneys = 0;
        for (var q = 0; q < 60; q++)
        {
            var request = RaptorAgreesWithConnectionScanTests.RandomRequest(tt, random, day);
            var profile = router.RangeQuery(request, 3600);
            for (var i = 0; i < profile.Count; i++)
            {
                var j = profile[i];
                Assert.InRange(j.Departure, request.Departure, request.Departure + 3600);
                JourneyChecks.AssertConsistent(tt, request with { Departure = j.Departure }, j);
                for (var k = 0; k < profile.Count; k++)
                {
                    var o = profile[k];
                    Assert.False(k != i && o.Departure >= j.Departure && o.Arrival <= j.Arrival && o.Rides <= j.Rides, "dominated journey in the profile");
                }

                // The earliest arrival from this departure is what the profile promises from it.
                var single = router.EarliestArrival(request with { Departure = j.Departure })!;
                Assert.Equal(profile.Where(o => o.Departure >= j.Departure).Min(o => o.Arrival), single.Arrival);
                checkedJourneys++;
            }
        }

        Assert.True(checkedJourneys > 20, $"only {checkedJourneys} journeys checked");
    }
}

public sealed class ConcurrentQueryTests
{
    [Fact]
    public void Queries_from_many_threads_give_the_same_answers_as_one_thread()
    {
        var tt = TransitFixtures.Cobb;
        var router = new RaptorRouter(tt);
        var random = new Random(99);
        var day = Enumerable.Range(0, tt.DayCount).OrderByDescending(d => tt.Trips.Count(t => t.RunsOn(d))).First();
        var requests = Enumerable.Range(0, 400).Select(_ => RaptorAgreesWithConnectionScanTests.RandomRequest(tt, random, day)).ToArray();
        var sequential = requests.Select(r => router.Query(r).Select(j => (j.Arrival, j.Rides)).ToArray()).ToArray();
        var parallel = new (int, int)[requests.Length][];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            parallel[i] = [.. router.Query(requests[i]).Select(j => (j.Arrival, j.Rides))]);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }
}
