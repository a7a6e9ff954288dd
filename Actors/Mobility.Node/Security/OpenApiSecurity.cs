using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mobility.Node.Security;

/// <summary>
/// Declares the bearer token scheme in the OpenAPI document (OpenAPI 3.1 "Security Scheme Object", type http, scheme
/// bearer) and a security requirement on each operation that needs a token, naming the role it needs; open operations
/// (planning, health, token exchange) have none.
/// </summary>
public static class OpenApiSecurity
{
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddBearerSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "Mobility token (HMAC-SHA-256 signed, from POST /auth/token or POST /travelers)",
                Description = "Authorization: Bearer <token>. The token carries a role (operator, authority, traveler, platform) and a tenant; see docs/api.md.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var roles = metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? a.Roles).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-required-role"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(string.Join(",", roles)));
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
