using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Mobility.Node.Snapshots;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;

namespace Mobility.Node.Api;

/// <summary>
/// <c>GET /plan</c>: door-to-door itineraries over walk, bike, transit, shared bikes and scooters (GBFS), live carpool
/// offers and park-and-ride, open to anyone (booking, elsewhere, needs the traveler role). Pure compute on the current
/// routing snapshot and the node's live offers in the request's thread, no actor hop; ranked by the published policy
/// (<c>GET /plan/policy</c>), whose id, version and hash every answer names. Bad input is a 400 problem (RFC 9457)
/// whose <c>errors</c> name the parameter.
/// </summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan", Plan)
            .WithTags("Traveler")
            .WithName("Plan")
            .WithSummary("Plans door-to-door trips (walk, transit, bike, bike-share and scooters, carpool, park-and-ride) between two positions.")
            .WithDescription(
                "from, to: LAT,LON in decimal degrees, inside the area of the loaded city. depart or arriveBy (at most one; default: depart now): "
                + "ISO 8601 date-time, wall-clock time of the timetable's zone unless it carries an offset, inside the timetable's service "
                + "period and within 366 days of now. modes: comma-separated among walk, transit, bike, bikeshare (GBFS bikes and scooters), "
                + "carpool (live offers), car-pr (drive to a park-and-ride site, then transit); default walk,transit. "
                + $"window: minutes after depart within which a carpool driver may leave ({PlanQuery.MinWindowMinutes} to {PlanQuery.MaxWindowMinutes}, default {PlanQuery.DefaultWindowMinutes}). "
                + "Each text parameter is at most 64 characters. Itineraries come best first under the ranking policy the answer names (id, version, "
                + "SHA-256 of GET /plan/policy); each has its generalized cost, price and CO2, each leg its price, CO2 and a GeoJSON LineString.");
        app.MapGet("/plan/area", Area)
            .WithTags("Traveler")
            .WithName("PlanArea")
            .WithSummary("The area and service period /plan answers for, and the shared-vehicle systems, carpool offers and park-and-ride sites it uses now.");
        app.MapGet("/plan/policy", Policy)
            .WithTags("Traveler")
            .WithName("PlanPolicy")
            .WithSummary("The ranking policy document, byte for byte as hashed in every /plan answer (criteria weights, boarding costs, CO2 factors and their source).")
            .Produces<string>(StatusCodes.Status200OK, "application/json");
        return app;
    }

    internal static IResult Policy() =>
        TypedResults.Bytes(RankingPolicy.Default.Document, "application/json");

    internal static Results<Ok<PlanAreaResponse>, ProblemHttpResult> Area(IRoutingSnapshotSource snapshots, PlanMobility mobility, TimeProvider clock)
    {
        if (snapshots.Current is not { } s)
        {
            return TypedResults.Problem(title: "Routing not available", detail: snapshots.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var (first, last) = s.ServicePeriod;
        var offers = mobility.Current(clock.GetUtcNow());
        return TypedResults.Ok(new PlanAreaResponse(
            s.Bounds.MinLat, s.Bounds.MinLon, s.Bounds.MaxLat, s.Bounds.MaxLon, first, last, s.TimeZone.Id, snapshots.Version, s.Source,
            [.. offers.SharedSystems.Select(f => new SharedSystemDto(f.SystemId, f.Snapshot.Stations.Length, f.Snapshot.AvailableFreeFloating.Count(), f.StaleReason))],
            offers.Carpool.Offers.Length,
            [.. offers.ParkAndRide.Select(p => new ParkAndRideDto(p.Name, p.Lat, p.Lon))],
            [.. s.Fares.RiderCategories.Select(c => new RiderCategoryDto(c.Id, c.Default))]));
    }

    internal static Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult> Plan(
        IRoutingSnapshotSource snapshots,
        PlanMobility mobility,
        ActiveCampaigns incentives,
        TimeProvider clock,
        [FromQuery] string? from = null,
        [FromQuery] string? to = null,
        [FromQuery] string? depart = null,
        [FromQuery] string? arriveBy = null,
        [FromQuery] string? modes = null,
        [FromQuery] string? window = null,
        [FromQuery] string? rider = null)
    {
        // One read of the current snapshot: a swap during this request does not affect it.
        var version = snapshots.Version;
        if (snapshots.Current is not { } snapshot)
        {
            return TypedResults.Problem(title: "Routing not available", detail: snapshots.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var now = clock.GetUtcNow();
        var request = PlanQuery.Parse(from, to, depart, arriveBy, modes, snapshot, now, out var failure);
        if (failure is not null)
        {
            return Invalid(failure.Parameter, failure.Message);
        }

        if (PlanQuery.Window(window, out failure) is not { } wait)
        {
            return Invalid(failure!.Parameter, failure.Message);
        }

        foreach (var (name, point) in new[] { ("from", request.From), ("to", request.To) })
        {
            // A place off the street data is still planned (estimated straight-line walks to what lies around it);
            // only a place far from both the streets and the stops is outside the area.
            if (snapshot.Streets.Snap(point.Lat, point.Lon, StreetProfile.Walk) is null && NearestStopMeters(snapshot.Planner, point) > snapshot.Streets.Options.MaxSnapDistanceMeters)
            {
                return Invalid(name, string.Create(CultureInfo.InvariantCulture,
                    $"{name} is farther than {snapshot.Streets.Options.MaxSnapDistanceMeters:0} m from any walkable street and any stop of the area."));
            }
        }

        if (rider is not null && (rider.Length is 0 or > 64 || !rider.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            return Invalid("rider", "A rider category id of the feeds' rider_categories.txt (1-64 letters, digits, '_', '-', '.'), e.g. YOUTH.");
        }

        // Transit fares from the feeds, carpool contributions net of what the active campaigns would pay the passenger.
        var campaigns = incentives.Active;
        var options = new MultimodalOptions
        {
            Carpool = new CarpoolLegOptions { MaxWait = wait },
            Pricing = it => PlanIncentives.Apply(snapshot.Fares.Apply(it, rider), campaigns),
        };
        var planner = new MultimodalPlanner(new SnapshotHolder<PlannerSnapshot>(snapshot.Planner), new SnapshotHolder<MobilityOffers>(mobility.Current(now)), RankingPolicy.Default, options);
        var result = planner.Plan(request);
        var offset = snapshot.TimeZone.GetUtcOffset(request.LocalTime);
        return TypedResults.Ok(new PlanResponse(
            new PlaceDto("origin", request.From.Lat, request.From.Lon, null),
            new PlaceDto("destination", request.To.Lat, request.To.Lon, null),
            new DateTimeOffset(request.LocalTime, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            request.ArriveBy,
            PlanQuery.ModeNames(request.Modes),
            version,
            PolicyDto.Of(result.Policy),
            result.Notices,
            [.. result.Itineraries.Select(r => ItineraryDto.Of(r, planner.Policy, mobility.OperatorOf))],
            result.Itineraries.Count == 0 ? result.Error ?? "no itinerary found" : null));
    }

    private static double NearestStopMeters(PlannerSnapshot planner, GeoCoordinate point) =>
        planner.Timetable.Stops.Count == 0 ? double.PositiveInfinity : planner.Timetable.Stops.Min(s => Geo.HaversineMeters(point.Lat, point.Lon, s.Lat, s.Lon));

    private static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: "Invalid plan request");
}
