namespace Mobility.Node.Hosting;

/// <summary>
/// Every 503 the node answers says when to try again (RFC 9110 10.2.3 Retry-After): the cluster, a store or the
/// routing snapshot is not ready, or an entity did not answer within its bounded wait. A client that honours it backs
/// off instead of hammering a node that is starting or recovering. An answer that set its own value keeps it.
/// </summary>
public static class RetryAfter
{
    /// <summary>Seconds a client is asked to wait before retrying a 503.</summary>
    public const int Seconds = 5;

    public static IApplicationBuilder UseRetryAfterOn503(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && !context.Response.Headers.ContainsKey("Retry-After"))
            {
                context.Response.Headers.RetryAfter = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        });
        await next(context);
    });
}
