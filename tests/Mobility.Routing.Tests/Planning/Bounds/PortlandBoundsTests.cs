using System.Globalization;
using System.Text;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Street;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// Issue 11's bounds on real data: 300 random door-to-door queries on the Portland fixture (TriMet streetcar and MAX
/// with the central OSM extract, whose edges leave some stations outside), between points within about 400 m of random
/// stops, one in ten standing at a stop. Each answer's earliest arrival must lie between an optimistic and a
/// pessimistic straight-line transit router written apart from the planner (<see cref="StraightLineTransitRouter"/>).
/// </summary>
public sealed class PortlandBoundsTests
{
    private const int Queries = 300;

    [Fact]
    public void At_least_97_percent_of_answers_lie_between_the_optimistic_and_pessimistic_routers_and_every_stop_is_served()
    {
        var snapshot = PlannerFixtures.Portland;
        var tt = snapshot.Timetable;
        var planner = new TripPlanner(snapshot);
        var day = new DateTime(2021, 11, 2);
        var serviceDay = Enumerable.Range(0, tt.DayCount).First(d => tt.ToLocal(tt.ServiceDayStart(0, d) + (12 * 3600)).Date == day);
        var pessimistic = new StraightLineTransitRouter(tt, StraightLineTransitRouter.Pessimistic, serviceDay - 1, serviceDay + 1);
        var optimistic = new StraightLineTransitRouter(tt, StraightLineTransitRouter.Optimistic, serviceDay - 1, serviceDay + 1);
        var random = new Random(11);
        var inside = 0;
        var failures = new StringBuilder();
        var tooEarly = 0;
        var atStopUnanswered = 0;
        for (var q = 0; q < Queries; q++)
        {
            var atStop = q % 10 == 0;
            var (fromLat, fromLon) = PlannerFixtures.Around(tt, random, atStop ? 0 : 400);
            var (toLat, toLon) = PlannerFixtures.Around(tt, random, 400);
            var local = day.AddMinutes(360 + random.Next(16 * 60));
            var departure = tt.FromLocal(local);
            var result = planner.Plan(new PlanRequest(new GeoCoordinate(fromLat, fromLon), new GeoCoordinate(toLat, toLon), local));
            int? ours = result.Earliest is { } best ? tt.FromUtc(best.Arrival.UtcDateTime) : null;
            var upper = pessimistic.EarliestArrival(fromLat, fromLon, toLat, toLon, departure);
            var lower = optimistic.EarliestArrival(fromLat, fromLon, toLat, toLon, departure);
            Assert.True(lower is not null || ours is null, $"query {q}: an answer where even the optimistic router finds none");
            var late = upper is { } u && (ours is null || ours > u);
            var early = ours is { } o && lower is { } l && o < l;
            tooEarly += ours is { } o2 && lower is { } l2 && o2 < l2 - 300 ? 1 : 0;
            atStopUnanswered += atStop && upper is not null && ours is null ? 1 : 0;
            if (!late && !early)
            {
                inside++;
            }
            else
            {
                failures.AppendLine(CultureInfo.InvariantCulture,
                    $"query {q} {fromLat:F6},{fromLon:F6} -> {toLat:F6},{toLon:F6} at {local:HH:mm}: ours {PlannerFixtures.Clock(tt, ours)} ({result.Earliest?.Summary() ?? result.Error}), pessimistic {PlannerFixtures.Clock(tt, upper)}, optimistic {PlannerFixtures.Clock(tt, lower)}");
            }
        }

        Assert.True(tooEarly == 0, $"{tooEarly} answers earlier than the optimistic bound by more than 5 minutes:\n{failures}");
        Assert.True(atStopUnanswered == 0, $"{atStopUnanswered} queries standing at a stop unanswered:\n{failures}");
        Assert.True(inside * 100 >= 97 * Queries, $"{inside}/{Queries} inside the bounds:\n{failures}");
    }
}
