using Mobility.Actors.Operators;
using Mobility.Node.Security;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// The tenant of an authenticated caller, for the carpool endpoints (which all sit behind
/// <c>RequireAuthorization(role)</c>, so the role is already checked when these run).
/// </summary>
public static class Caller
{
    /// <summary>The operator a request acts for (the token's tenant).</summary>
    public static OperatorId? Operator(HttpContext http) =>
        http.User.Role() == Roles.Operator && OperatorId.TryParse(http.User.Tenant(), out var id) ? id : null;

    /// <summary>The traveler id of a traveler token.</summary>
    public static string? Traveler(HttpContext http) => http.User.Role() == Roles.Traveler ? http.User.Tenant() : null;

    /// <summary>The territory of an authority token.</summary>
    public static string? Territory(HttpContext http) => http.User.Role() == Roles.Authority ? http.User.Tenant() : null;
}
