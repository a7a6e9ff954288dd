using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Mobility.Node.Security;

/// <summary>The configured API keys, looked up by key id and compared by hash in constant time.</summary>
public sealed class ApiKeyRegistry(IEnumerable<ApiKeyEntry> entries)
{
    private readonly FrozenDictionary<string, ApiKeyEntry> _byId = entries.ToFrozenDictionary(e => e.KeyId, StringComparer.Ordinal);

    public int Count => _byId.Count;

    public bool TryVerify(string? key, [NotNullWhen(true)] out ApiKeyEntry? entry)
    {
        entry = null;
        if (ApiKeys.KeyIdOf(key) is not { } id || !_byId.TryGetValue(id, out var candidate))
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ApiKeys.Hash(key!)), Encoding.ASCII.GetBytes(candidate.Sha256)))
        {
            return false;
        }

        entry = candidate;
        return true;
    }
}
