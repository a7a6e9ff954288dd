using Akka.Actor;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mobility.Node.Api.Carpool;

/// <summary>Asks an entity or the log singleton; a silent one becomes a 503 problem rather than a hung request.</summary>
internal static class CarpoolAsk
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<object?> AskAsync(IActorRef target, object message, CancellationToken ct)
    {
        try
        {
            return await target.Ask<object>(message, Timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public static ProblemHttpResult Unavailable(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{what} unavailable", detail: $"No answer within {Timeout.TotalSeconds:0} s; retry later.");

    public static ProblemHttpResult Problem(int status, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    public static ProblemHttpResult Unauthenticated(string who) =>
        Problem(StatusCodes.Status401Unauthorized, "Not authenticated", $"This endpoint needs {who}.");

    public static ProblemHttpResult Invalid(string field, string reason) => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", reason,
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
}
