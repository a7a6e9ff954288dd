namespace Mobility.Node.Security;

/// <summary>
/// A tenant id (operator id, territory id or traveler id): 2 to 63 characters of a-z, 0-9 and inner '-', like a DNS
/// label, so it can sit in URLs, key settings (':'-separated) and tokens without escaping.
/// </summary>
public static class Tenant
{
    public const int MaxLength = 63;

    public static bool IsValid(string? text)
    {
        if (text is null || text.Length is < 2 or > MaxLength || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
