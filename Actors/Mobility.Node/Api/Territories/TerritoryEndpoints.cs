using System.Text.Json;
using Akka.Hosting;
using Mobility.Actors.Territories;
using Mobility.CarpoolProof.Territories;
using Mobility.Node.Security;
using static Mobility.Node.Api.Carpool.CarpoolAsk;

namespace Mobility.Node.Api.Territories;

/// <summary>
/// The territories of the platform: the platform operator registers them (role <c>platform</c>), anyone reads them (an
/// authority's boundary is public, and it is what decides which journeys its campaigns count). docs/api.md "Territories".
/// </summary>
public static class TerritoryEndpoints
{
    public static IEndpointRouteBuilder MapTerritoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/platform/territories", Register).WithTags("Territories").RequireAuthorization(Roles.Platform)
            .Produces<TerritoryResponse>(StatusCodes.Status201Created).Produces<TerritoryResponse>()
            .WithName("RegisterTerritory")
            .WithSummary("Registers a territory (a named GeoJSON Polygon or MultiPolygon), or replaces its area; journeys keep the attribution they got at acceptance.");
        app.MapGet("/territories", List).WithTags("Territories").Produces<TerritoryListResponse>().WithName("ListTerritories")
            .WithSummary("The registered territories with their areas (none: the node's configured territory covers everything).");
        return app;
    }

    internal static async Task<IResult> Register(HttpRequest request, IRequiredActor<TerritoryRegistry> registry, TerritoryBoard board, CancellationToken ct)
    {
        if (await ReadBodyAsync(request, ct) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Territory too large", $"At most {TerritoryParser.MaxDocumentBytes} bytes.");
        }

        // Checked here first, so that a refusal names every problem at its JSON path without a cluster hop; the
        // registry checks again (it is the one that persists).
        var (_, errors) = TerritoryParser.TryParse(body);
        if (errors.Count > 0)
        {
            return Refused(errors);
        }

        switch (await AskAsync(registry.ActorRef, new TerritoryCommands.Register(body), ct))
        {
            case TerritoryReplies.Registered r:
                await board.RefreshAsync(ct); // This node attributes with the new area from now on; others within seconds.
                return Results.Json(TerritoryResponse.From(r.Entry), statusCode: r.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            case TerritoryReplies.Refused refused:
                return Refused(refused.Errors);
            default:
                return Unavailable("Territory registry");
        }
    }

    internal static async Task<IResult> List(TerritoryBoard board, CancellationToken ct)
    {
        try
        {
            var map = await board.MapAsync(ct);
            return Results.Json(new TerritoryListResponse([.. map.Territories.Select(TerritoryResponse.From)]));
        }
        catch (TerritoriesUnavailableException)
        {
            return Unavailable("Territory registry");
        }
    }

    /// <summary>400 with every problem under its JSON path (RFC 9457 "errors" extension, as every 400 of the API).</summary>
    private static IResult Refused(IEnumerable<Mobility.CarpoolProof.Campaigns.Language.CampaignError> errors) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid territory", "The territory is refused; nothing was registered.",
            new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            });

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > TerritoryParser.MaxDocumentBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > TerritoryParser.MaxDocumentBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}

/// <summary>A territory as registered: its code (the tenant of its authority's keys), name and GeoJSON geometry.</summary>
public sealed record TerritoryResponse(string Code, string Name, JsonElement Geometry, DateTimeOffset? RegisteredAt)
{
    internal static TerritoryResponse From(TerritoryEntry e) => new(e.Code, e.Name, JsonDocument.Parse(e.Geometry).RootElement.Clone(), e.RegisteredAt);

    internal static TerritoryResponse From(Territory t) => new(t.Code, t.Name, JsonDocument.Parse(t.Geometry).RootElement.Clone(), null);
}

public sealed record TerritoryListResponse(IReadOnlyList<TerritoryResponse> Territories);
