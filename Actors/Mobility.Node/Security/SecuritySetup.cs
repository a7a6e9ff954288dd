using Microsoft.AspNetCore.Authentication;
using Mobility.Node.Configuration;

namespace Mobility.Node.Security;

/// <summary>Registers token authentication and the role policies.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddMobilitySecurity(this IServiceCollection services, NodeSettings settings)
    {
        var secret = NodeSecret.Resolve(settings);
        services.AddSingleton(sp => new TokenService(secret, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new ApiKeyRegistry(settings.Auth.ApiKeys));
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Operator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operator))
            .AddPolicy(Roles.Authority, p => p.RequireAuthenticatedUser().RequireRole(Roles.Authority))
            .AddPolicy(Roles.Traveler, p => p.RequireAuthenticatedUser().RequireRole(Roles.Traveler))
            .AddPolicy(Roles.Platform, p => p.RequireAuthenticatedUser().RequireRole(Roles.Platform));
        return services;
    }
}
