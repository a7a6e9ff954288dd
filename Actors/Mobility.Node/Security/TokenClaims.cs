namespace Mobility.Node.Security;

/// <summary>What a signed token says: who (role and tenant), until when, and which credential it came from.</summary>
/// <param name="Role">operator, authority or traveler.</param>
/// <param name="Tenant">Operator id, territory id or traveler id.</param>
/// <param name="IssuedAt">When it was issued (whole seconds).</param>
/// <param name="ExpiresAt">When it stops being accepted (whole seconds).</param>
/// <param name="KeyId">The API key id it was exchanged for; "account" for a traveler.</param>
public sealed record TokenClaims(string Role, string Tenant, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string KeyId);
