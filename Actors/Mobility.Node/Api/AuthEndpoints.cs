using Microsoft.AspNetCore.Http.HttpResults;
using Mobility.Node.Security;

namespace Mobility.Node.Api;

/// <summary>Body of <c>POST /auth/token</c>.</summary>
/// <param name="ApiKey">An operator or authority API key (<c>mk_...</c>) or a traveler account key (<c>mt_...</c>).</param>
public sealed record TokenRequest(string? ApiKey);

/// <summary>A bearer token: send it as <c>Authorization: Bearer &lt;token&gt;</c> until <c>ExpiresAt</c>.</summary>
public sealed record TokenResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, string Role, string Tenant);

/// <summary>A new traveler account: keep <c>AccountKey</c> to get new tokens; it is shown only once.</summary>
public sealed record TravelerAccountResponse(string TravelerId, string AccountKey, TokenResponse Token);

/// <summary>Token exchange and traveler accounts: the only endpoints that take credentials instead of a token.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/token", Exchange).WithTags("Authentication").WithName("ExchangeKey")
            .WithSummary("Exchanges an API key or a traveler account key for a short-lived bearer token (15 min; 1 h for travelers).");
        app.MapPost("/travelers", CreateTraveler).WithTags("Authentication").WithName("CreateTraveler")
            .WithSummary("Creates a traveler account; answers its id, its account key (shown once) and a first token.");
        return app;
    }

    internal static Results<Ok<TokenResponse>, ProblemHttpResult> Exchange(TokenRequest request, ApiKeyRegistry keys, TokenService tokens)
    {
        if (keys.TryVerify(request.ApiKey, out var entry))
        {
            return TypedResults.Ok(Token(tokens, entry.Role, entry.Tenant, entry.KeyId));
        }

        if (tokens.TryVerifyTravelerKey(request.ApiKey, out var travelerId))
        {
            return TypedResults.Ok(Token(tokens, Roles.Traveler, travelerId, "account"));
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication failed",
            detail: "The key is unknown, revoked or malformed.");
    }

    internal static Created<TravelerAccountResponse> CreateTraveler(TokenService tokens)
    {
        var (id, key) = tokens.CreateTraveler();
        return TypedResults.Created($"/travelers/{id}", new TravelerAccountResponse(id, key, Token(tokens, Roles.Traveler, id, "account")));
    }

    private static TokenResponse Token(TokenService tokens, string role, string tenant, string keyId)
    {
        var (token, claims) = tokens.Issue(role, tenant, keyId);
        return new TokenResponse(token, "Bearer", claims.ExpiresAt, claims.Role, claims.Tenant);
    }
}
