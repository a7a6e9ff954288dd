using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mobility.Node.Security;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750), verifies it with <see cref="TokenService"/> and sets
/// the role and tenant claims. Challenges and refusals are RFC 9457 problem details.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MobilityToken";
    public const string TenantClaim = "tenant";
    public const string KeyIdClaim = "kid";

    private const string FailureKey = "mobility.auth.failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("The Authorization header must be 'Bearer <token>'.");
        }

        if (!tokens.TryVerify(header["Bearer ".Length..].Trim(), out var claims, out var error))
        {
            return Fail(error);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Role, claims.Role),
                new Claim(TenantClaim, claims.Tenant),
                new Claim(KeyIdClaim, claims.KeyId),
                new Claim(ClaimTypes.Expiration, claims.ExpiresAt.ToString("O")),
            ],
            SchemeName,
            TenantClaim,
            ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureKey] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;

        // RFC 6750 3: tell the client which scheme, and why a presented token was refused.
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = failure ?? "This endpoint needs 'Authorization: Bearer <token>'; get a token at POST /auth/token (or POST /travelers for a traveler account).",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"A {Context.User.Role() ?? "caller"} token may not use this endpoint.",
            },
        });
    }

    private Task<AuthenticateResult> Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return Task.FromResult(AuthenticateResult.Fail(reason));
    }
}
