using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Mobility.Actors.Operators;
using Mobility.Node.Security;

namespace Mobility.Node.Api;

/// <summary>The first operator endpoints, backed by the sharded operator entity. Errors are RFC 9457 problem details.</summary>
public static class OperatorEndpoints
{
    /// <summary>How long a request waits for its entity (which may be recovering from the journal) before a 503.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/operators").WithTags("Operators").RequireAuthorization(Roles.Operator);
        group.MapPost("/", Register).WithName("RegisterOperator").WithSummary("Registers the calling operator (its key's tenant); repeating the same registration is harmless.");
        group.MapGet("/{id}", Get).WithName("GetOperator").WithSummary("An operator and its recorded feed versions.").RequireTenantFromRoute("id");
        group.MapPost("/{id}/feed-versions", RecordFeedVersion).WithName("RecordFeedVersion").WithSummary("Records a new version of one of the operator's feeds.")
            .RequireTenantFromRoute("id");
        return app;
    }

    internal static async Task<Results<Created<OperatorResponse>, Ok<OperatorResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterOperatorRequest request, ClaimsPrincipal user, IRequiredActor<OperatorRegion> region, TimeProvider clock, CancellationToken ct)
    {
        if (!OperatorId.TryParse(request.Id, out var id))
        {
            return Invalid("id", "The id must have 2 to 63 characters among a-z, 0-9 and inner '-'.");
        }

        if (!user.Owns(Roles.Operator, id.Value))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "An operator key registers only its own operator id.");
        }

        var reply = await Ask(region, new OperatorCommands.Register(id, request.Name ?? string.Empty, request.ContactEmail, clock.GetUtcNow()), ct);
        return reply switch
        {
            OperatorReplies.Accepted { Changed: true } a => TypedResults.Created($"/operators/{id}", OperatorResponse.From(a.Operator)),
            OperatorReplies.Accepted a => TypedResults.Ok(OperatorResponse.From(a.Operator)),
            _ => Refused(reply),
        };
    }

    internal static async Task<Results<Ok<OperatorResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string id, IRequiredActor<OperatorRegion> region, CancellationToken ct)
    {
        if (!OperatorId.TryParse(id, out var operatorId))
        {
            return Invalid("id", "The id must have 2 to 63 characters among a-z, 0-9 and inner '-'.");
        }

        var reply = await Ask(region, new OperatorQueries.Get(operatorId), ct);
        return reply switch
        {
            OperatorReplies.Found f => TypedResults.Ok(OperatorResponse.From(f.Operator)),
            OperatorReplies.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Operator not found", detail: $"No operator '{operatorId}' is registered."),
            _ => Refused(reply),
        };
    }

    internal static async Task<Results<Created<OperatorResponse>, Ok<OperatorResponse>, ValidationProblem, ProblemHttpResult>> RecordFeedVersion(
        string id, RecordFeedVersionRequest request, IRequiredActor<OperatorRegion> region, TimeProvider clock, CancellationToken ct)
    {
        if (!OperatorId.TryParse(id, out var operatorId))
        {
            return Invalid("id", "The id must have 2 to 63 characters among a-z, 0-9 and inner '-'.");
        }

        if (FeedKinds.Parse(request.Kind) is not { } kind)
        {
            return Invalid("kind", "The kind must be gtfs, gtfs-rt or gbfs.");
        }

        Uri? source = null;
        if (request.Source is not null && !Uri.TryCreate(request.Source, UriKind.Absolute, out source))
        {
            return Invalid("source", "The source must be an absolute http(s) URL.");
        }

        var reply = await Ask(region, new OperatorCommands.RecordFeedVersion(operatorId, kind, request.Sha256 ?? string.Empty, source, clock.GetUtcNow()), ct);
        return reply switch
        {
            OperatorReplies.Accepted { Changed: true } a => TypedResults.Created($"/operators/{operatorId}", OperatorResponse.From(a.Operator)),
            OperatorReplies.Accepted a => TypedResults.Ok(OperatorResponse.From(a.Operator)),
            _ => Refused(reply),
        };
    }

    private static async Task<object> Ask(IRequiredActor<OperatorRegion> region, IOperatorMessage message, CancellationToken ct)
    {
        try
        {
            return await region.ActorRef.Ask<object>(message, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return new EntityUnavailable();
        }
    }

    private static ValidationProblem Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: "The request is not valid.");

    private static ProblemHttpResult Refused(object reply) => reply switch
    {
        OperatorReplies.Rejected { Kind: RejectionKind.Invalid } r => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", detail: r.Reason,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [r.Field] = [r.Reason] } }),
        OperatorReplies.Rejected { Kind: RejectionKind.NotRegistered } r => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Operator not found", detail: r.Reason),
        OperatorReplies.Rejected r => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: r.Reason),
        EntityUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Operator entity unavailable", detail: $"No answer within {AskTimeout.TotalSeconds:0} s; retry later."),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected reply", detail: reply.GetType().Name),
    };

    private sealed record EntityUnavailable;
}
