using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Mobility.Node.Configuration;

namespace Mobility.Node.Security;

/// <summary>
/// Per client IP limits on the endpoints anyone can call: <c>GET /plan</c> (each request is a street and RAPTOR search)
/// and account creation and token exchange (<c>POST /travelers</c>, <c>POST /auth/token</c>: account spam and key
/// guessing). A fixed window of one minute per client; beyond it, 429 (RFC 6585 section 4) with Retry-After and an RFC
/// 9457 problem. The client is the connection's remote address: behind a reverse proxy, configure forwarded headers first.
/// </summary>
public static class RateLimits
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddMobilityRateLimits(this IServiceCollection services, RateLimitSettings settings) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Limit(http, settings) switch
            {
                ({ } name, > 0 and var permits) => RateLimitPartition.GetFixedWindowLimiter($"{name} {ClientOf(http)}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = Window,
                    QueueLimit = 0,
                }),
                _ => RateLimitPartition.GetNoLimiter(string.Empty),
            });
            options.OnRejected = (context, ct) => Reject(context, settings, ct);
        });

    /// <summary>Which limit a request falls under (a name and its permits per window), or none.</summary>
    private static (string? Name, int Permits) Limit(HttpContext http, RateLimitSettings settings)
    {
        var path = http.Request.Path;
        if (HttpMethods.IsGet(http.Request.Method) && path.Equals("/plan", StringComparison.OrdinalIgnoreCase))
        {
            return ("plan", settings.PlanPerMinute);
        }

        return HttpMethods.IsPost(http.Request.Method) && (path.Equals("/travelers", StringComparison.OrdinalIgnoreCase) || path.Equals("/auth/token", StringComparison.OrdinalIgnoreCase))
            ? ("accounts", settings.AccountsPerMinute)
            : (null, 0);
    }

    private static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask Reject(OnRejectedContext context, RateLimitSettings settings, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        var (name, permits) = Limit(http, settings);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture); // RFC 9110 10.2.3, delay-seconds.
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"At most {permits} {(name == "plan" ? "plan requests" : "account and token requests")} per minute from one client; retry in {seconds} s.",
            type: "https://www.rfc-editor.org/rfc/rfc6585#section-4").ExecuteAsync(http);
    }
}
