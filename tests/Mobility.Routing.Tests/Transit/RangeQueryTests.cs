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
