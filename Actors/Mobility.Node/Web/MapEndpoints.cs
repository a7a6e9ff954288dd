using Microsoft.Net.Http.Headers;
using Mobility.Node.Snapshots;

namespace Mobility.Node.Web;

/// <summary>
/// <c>GET /plan/map</c>: the territory's streets, stops and lines as GeoJSON (<see cref="TerritoryMap"/>), open to
/// anyone like <c>/plan</c>. Answers 304 to a matching <c>If-None-Match</c>, gzip when the client accepts it.
/// </summary>
public static class MapEndpoints
{
    public const string GeoJsonType = "application/geo+json";

    public static IEndpointRouteBuilder MapTerritoryMap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/map", Map)
            .WithTags("Traveler")
            .WithName("PlanMap")
            .WithSummary("The territory's transit lines, stops and streets as one GeoJSON FeatureCollection (RFC 7946), for maps without a tile server.")
            .WithDescription("Each feature's properties.layer is line, stop or street. Built from the routing snapshot and cached per snapshot version; "
                + "ETag and If-None-Match (304); gzip on Accept-Encoding. At most 24 MB before compression: streets beyond it are left out and the member truncated is true.")
            .Produces<string>(StatusCodes.Status200OK, GeoJsonType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static IResult Map(HttpContext context, IRoutingSnapshotSource snapshots, TerritoryMapCache cache)
    {
        var version = snapshots.Version;
        if (snapshots.Current is not { } snapshot)
        {
            return TypedResults.Problem(title: "Routing not available", detail: snapshots.Status, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var entry = cache.Get(snapshot, version);
        var headers = context.Response.Headers;
        headers.ETag = entry.ETag;
        headers.CacheControl = "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Tag.Equals(entry.ETag, StringComparison.Ordinal) || t.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var gzip = context.Request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(entry.Gzip, GeoJsonType);
        }

        return TypedResults.Bytes(entry.Json, GeoJsonType);
    }
}
