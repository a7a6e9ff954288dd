using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Street;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// The door-to-door queries issue 11 measured on the Portland fixture, each with the arrival a transit-only router
/// with 200 m straight-line walks (1.0 m/s, 2x detour, 2-minute transfers) reaches. A right planner arrives no later.
/// </summary>
public sealed class PortlandIssue11Queries
{
    /// <summary>Runs one query and returns a line describing the answer, for the failure message and the report.</summary>
    private static (PlanResult Result, string Describe) Run(double fromLat, double fromLon, double toLat, double toLon, int hour, int minute)
    {
        var planner = new TripPlanner(PlannerFixtures.Portland);
        var result = planner.Plan(new PlanRequest(new GeoCoordinate(fromLat, fromLon), new GeoCoordinate(toLat, toLon), new DateTime(2021, 11, 2, hour, minute, 0)));
        var best = result.Earliest;
        var describe = best is null ? $"no itinerary: {result.Error}" : $"arrives {best.Arrival:HH:mm:ss}: {best.Summary()}";
        return (result, describe);
    }

    // What was found: NE 60th Ave MAX Station lies outside the OSM extract (the nearest walkable edge is 1,194 m away),
    // so the planner used to ignore both platforms and walked the origin 1.2 km to the street; it now links them by an
    // estimated straight-line walk. At S Bond & Lane and SW 10th & Clay the origin stands at the stop and the reference
    // boards a departure at the query's second; the access walk rounded up to one second missed it.
    [Theory]
    [InlineData(45.528764, -122.602703, 45.530057, -122.664917, 19, 38, "20:20:13")]
    [InlineData(45.495594, -122.670933, 45.531308, -122.696445, 9, 0, "09:35:00")]
    [InlineData(45.530138, -122.66254, 45.532772, -122.620708, 13, 22, "13:39:35")]
    [InlineData(45.514548, -122.68498, 45.531308, -122.696445, 9, 33, "09:51:00")]
    public void Never_later_than_the_transit_only_reference(double fromLat, double fromLon, double toLat, double toLon, int hour, int minute, string reference)
    {
        var (result, describe) = Run(fromLat, fromLon, toLat, toLon, hour, minute);
        var best = result.Earliest;
        Assert.True(best is not null, describe);
        Assert.True(best.Arrival.TimeOfDay <= TimeSpan.Parse(reference, System.Globalization.CultureInfo.InvariantCulture), $"{describe}; reference {reference}");
    }
}
