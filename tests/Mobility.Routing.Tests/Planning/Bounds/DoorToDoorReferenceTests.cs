using System.Globalization;
using System.Text;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Street;
using Mobility.Routing.Tests.Transit;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// Issue 11: the planner's earliest door-to-door arrival (depart-at) and latest departure (arrive-by) equal a plain
/// reference (<see cref="DoorToDoorReference"/>, forward and backward connection scans) to the second, on random door-to-door queries on each real fixture: points within about 600 m of random stops (so
/// that some lie off the street extract, on both sides of the access bound and between two stops' reach), one in ten
/// standing at a stop, departures over the whole service day.
/// </summary>
public sealed class DoorToDoorReferenceTests
{
    public static TheoryData<string, int> Fixtures => new() { { "portland", 1500 }, { "cobb", 1500 } };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Earliest_arrival_and_latest_departure_equal_the_plain_reference_to_the_second(string fixture, int queries)
    {
        var snapshot = Snapshot(fixture);
        var tt = snapshot.Timetable;
        var planner = new TripPlanner(snapshot);
        var random = new Random(1102);
        var days = Enumerable.Range(0, tt.DayCount).Where(d => tt.Trips.Count(t => t.RunsOn(d)) > 0).OrderByDescending(d => tt.Trips.Count(t => t.RunsOn(d))).Take(5).ToArray();
        var mismatches = new StringBuilder();
        var wrong = 0;
        var answered = 0;
        var byTransit = 0;
        foreach (var day in days.Take(3))
        {
            var reference = new DoorToDoorReference(snapshot, new ReferenceConnectionScan(tt, day - 1, day + 2), new ReverseConnectionScan(tt, day - 2, day + 1));
            for (var q = 0; q < queries / 3; q++)
            {
                var from = PlannerFixtures.Around(tt, random, q % 10 == 0 ? 0 : 600);
                var to = PlannerFixtures.Around(tt, random, 600);
                var departure = tt.ServiceDayStart(0, day) + (5 * 3600) + random.Next(18 * 3600);
                var arriveBy = q % 2 == 1;
                var expected = arriveBy ? reference.LatestDeparture(from, to, departure) : reference.EarliestArrival(from, to, departure);
                var result = planner.Plan(new PlanRequest(from, to, tt.ToLocal(departure), arriveBy));
                int? actual = result.Itineraries.Count == 0 ? null
                    : arriveBy ? tt.FromUtc(result.Itineraries.Max(i => i.Departure).UtcDateTime) : tt.FromUtc(result.Earliest!.Arrival.UtcDateTime);
                answered += actual is null ? 0 : 1;
                byTransit += result.Earliest?.Legs.Any(l => l.Mode == LegMode.Transit) == true ? 1 : 0;
                if (expected != actual && wrong++ < 10)
                {
                    mismatches.AppendLine(CultureInfo.InvariantCulture,
                        $"{from.Lat:F6},{from.Lon:F6} -> {to.Lat:F6},{to.Lon:F6} {(arriveBy ? "arriving by" : "leaving at")} {tt.ToLocal(departure):yyyy-MM-dd HH:mm:ss}: planner {PlannerFixtures.Clock(tt, actual)} ({result.Earliest?.Summary() ?? result.Error}), reference {PlannerFixtures.Clock(tt, expected)}");
                }
            }
        }

        Assert.True(wrong == 0, $"{wrong} of {queries / 3 * 3} differ:\n{mismatches}");
        Assert.True(byTransit > queries / 4, $"only {byTransit} answers ride transit ({answered} answered): the queries do not test the planner");
    }
    private static PlannerSnapshot Snapshot(string fixture) => fixture == "portland" ? PlannerFixtures.Portland : PlannerFixtures.Cobb;
}
