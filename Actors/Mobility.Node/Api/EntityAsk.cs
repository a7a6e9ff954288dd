using Akka.Actor;
using Akka.Hosting;

namespace Mobility.Node.Api;

/// <summary>Asks a shard region, turning a timeout into <see cref="Unavailable"/> (answered 503).</summary>
public static class EntityAsk
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<object> AskAsync<TRegion>(this IRequiredActor<TRegion> region, object message, CancellationToken ct)
    {
        try
        {
            return await region.ActorRef.Ask<object>(message, Timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return Unavailable.Instance;
        }
    }

    public sealed record Unavailable
    {
        public static readonly Unavailable Instance = new();
    }

    /// <summary>The 503 answer for an entity that did not answer in time.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnavailableProblem() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Entity unavailable", detail: $"No answer within {Timeout.TotalSeconds:0} s; retry later.");

    public static IResult Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: "The request is not valid.");
}
