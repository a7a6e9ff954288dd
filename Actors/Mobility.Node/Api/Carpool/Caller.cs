using Mobility.Actors.Operators;
using Mobility.CarpoolProof.Identity;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// Who is calling, for the tenant checks of the carpool endpoints. The one place that reads it: when the token
/// authentication lands, these read the token's tenant claim and the endpoints gain
/// <c>.RequireAuthorization("operator" | "authority" | "traveler")</c>. Until then the tenant comes from a header,
/// which is only fit for tests and local use.
/// </summary>
public static class Caller
{
    public const string TenantClaim = "tenant";
    public const string OperatorHeader = "X-Operator-Id";
    public const string IdentityHeader = "X-Identity-Key";

    /// <summary>The operator a request acts for, or null (answered 401).</summary>
    public static OperatorId? Operator(HttpContext http) =>
        OperatorId.TryParse(Tenant(http, OperatorHeader), out var id) ? id : null;

    /// <summary>The traveler's pseudonymous identity key, or null (answered 401).</summary>
    public static string? Identity(HttpContext http) =>
        Tenant(http, IdentityHeader) is { } key && IdentityKey.IsWellFormed(key) ? key : null;

    private static string? Tenant(HttpContext http, string header)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return http.User.FindFirst(TenantClaim)?.Value;
        }

        var values = http.Request.Headers[header];
        return values.Count == 1 ? values[0] : null;
    }
}
