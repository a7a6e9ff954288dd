namespace Mobility.Node.Security;

/// <summary>The kinds of caller, each the name of an authorization policy and of a token's role claim.</summary>
public static class Roles
{
    /// <summary>A transport, shared-vehicle or carpool operator; its tenant is its operator id.</summary>
    public const string Operator = "operator";

    /// <summary>A public authority; its tenant is its territory id.</summary>
    public const string Authority = "authority";

    /// <summary>A traveler account; its tenant is the traveler id.</summary>
    public const string Traveler = "traveler";

    /// <summary>The platform's own operator: registers territories (the tenant names the key's holder, nothing more).</summary>
    public const string Platform = "platform";

    public static readonly IReadOnlyList<string> All = [Operator, Authority, Traveler, Platform];

    public static bool IsRole(string? text) => text is Operator or Authority or Traveler or Platform;

    /// <summary>How long a token of this role stays valid: operators and authorities renew from their key often.</summary>
    public static TimeSpan TokenLifetime(string role) => role == Traveler ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(15);
}
