using System.Security.Claims;

namespace Mobility.Node.Security;

/// <summary>Tenant checks: an operator sees only its own data, an authority only its territory, a traveler only its trips.</summary>
public static class TenantAccess
{
    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static string? Tenant(this ClaimsPrincipal user) => user.FindFirstValue(TokenAuthenticationHandler.TenantClaim);

    /// <summary>True when the caller holds <paramref name="role"/> for exactly <paramref name="tenant"/>.</summary>
    public static bool Owns(this ClaimsPrincipal user, string role, string? tenant) =>
        tenant is not null && user.Role() == role && string.Equals(user.Tenant(), tenant, StringComparison.Ordinal);

    /// <summary>The 403 answer for a resource of another tenant; it names nothing about that resource.</summary>
    public static IResult OtherTenant() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: "This resource belongs to another tenant.");

    /// <summary>
    /// Refuses with 403, before the handler runs, a caller whose tenant differs from route value <paramref name="routeParameter"/>.
    /// Use it on every route that names its tenant (<c>/operators/{id}/...</c>).
    /// </summary>
    public static TBuilder RequireTenantFromRoute<TBuilder>(this TBuilder builder, string routeParameter)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var routeTenant = context.HttpContext.Request.RouteValues[routeParameter] as string;
            var user = context.HttpContext.User;
            return user.Role() is { } role && user.Owns(role, routeTenant) ? await next(context) : OtherTenant();
        });
}
