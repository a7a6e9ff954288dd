using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Mobility.Node.Snapshots;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;

namespace Mobility.Node.Api;

/// <summary>
/// <c>GET /plan</c>: door-to-door itineraries, open to anyone (booking, elsewhere, needs the traveler role). Pure compute
/// on the current routing snapshot in the request's thread, no actor hop; bad input is a 400 problem (RFC 9457) whose
/// <c>errors</c> name the parameter.
/// </summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan", Plan)
            .WithTags("Traveler")
            .WithName("Plan")
            .WithSummary("Plans door-to-door trips (walk, transit, bike) between two positions.")
            .WithDescription(
                "from, to: LAT,LON in decimal degrees, inside the area of the loaded city. depart or arriveBy (at most one; default: depart now): "
                + "ISO 8601 date-time, wall-clock time of the timetable's zone unless it carries an offset, inside the timetable's service "
                + "period and within 366 days of now. modes: comma-separated among walk, transit, bike (default walk,transit). "
                + "Each text parameter is at most 64 characters. Legs carry their geometry as a GeoJSON LineString.");
        app.MapGet("/plan/area", Area)
            .WithTags("Traveler")
            .WithName("PlanArea")
            .WithSummary("The area and service period /plan answers for (from the current routing snapshot).");
        return app;
    }

    internal static Results<Ok<PlanAreaResponse>, ProblemHttpResult> Area(IRoutingSnapshotSource snapshots)
    {
        if (snapshots.Current is not { } s)
        {
            return TypedResults.Problem(title: "Routing not available", detail: snapshots.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var (first, last) = s.ServicePeriod;
        return TypedResults.Ok(new PlanAreaResponse(
            s.Bounds.MinLat, s.Bounds.MinLon, s.Bounds.MaxLat, s.Bounds.MaxLon, first, last, s.TimeZone.Id, snapshots.Version, s.Source));
    }

    internal static Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult> Plan(
        IRoutingSnapshotSource snapshots,
        TimeProvider clock,
        [FromQuery] string? from = null,
        [FromQuery] string? to = null,
        [FromQuery] string? depart = null,
        [FromQuery] string? arriveBy = null,
        [FromQuery] string? modes = null)
    {
        // One read of the current snapshot: a swap during this request does not affect it.
        var version = snapshots.Version;
        if (snapshots.Current is not { } snapshot)
        {
            return TypedResults.Problem(title: "Routing not available", detail: snapshots.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var request = PlanQuery.Parse(from, to, depart, arriveBy, modes, snapshot, clock.GetUtcNow(), out var failure);
        if (failure is not null)
        {
            return Invalid(failure.Parameter, failure.Message);
        }

        foreach (var (name, point) in new[] { ("from", request.From), ("to", request.To) })
        {
            if (snapshot.Streets.Snap(point.Lat, point.Lon, StreetProfile.Walk) is null)
            {
                return Invalid(name, string.Create(CultureInfo.InvariantCulture,
                    $"{name} is farther than {snapshot.Streets.Options.MaxSnapDistanceMeters:0} m from any walkable street of the area."));
            }
        }

        var result = snapshot.TripPlanner.Plan(request);
        var offset = snapshot.TimeZone.GetUtcOffset(request.LocalTime);
        return TypedResults.Ok(new PlanResponse(
            new PlaceDto("origin", request.From.Lat, request.From.Lon, null),
            new PlaceDto("destination", request.To.Lat, request.To.Lon, null),
            new DateTimeOffset(request.LocalTime, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            request.ArriveBy,
            [.. Enum.GetValues<PlanModes>().Where(m => m != PlanModes.Default && (request.Modes & m) != 0).Select(m => m.ToString().ToLowerInvariant())],
            version,
            [.. result.Itineraries.Select(ItineraryDto.Of)],
            result.Itineraries.Count == 0 ? result.Error ?? "no itinerary found" : null));
    }

    private static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: "Invalid plan request");
}
