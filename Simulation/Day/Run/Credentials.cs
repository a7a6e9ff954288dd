using System.Collections.Concurrent;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// Bearer tokens by API key, fetched from <c>POST /auth/token</c> and fetched again when a third of their life (as the
/// node states it, in the day's time) is left: operator tokens live 15 minutes, traveler tokens an hour.
/// </summary>
public sealed class Credentials(NodeApi api, DayClock clock)
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Renew)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<string> TokenAsync(string apiKey, CancellationToken ct)
    {
        if (_tokens.TryGetValue(apiKey, out var t) && clock.GetUtcNow() < t.Renew)
        {
            return t.Token;
        }

        var gate = _gates.GetOrAdd(apiKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_tokens.TryGetValue(apiKey, out t) && clock.GetUtcNow() < t.Renew)
            {
                return t.Token;
            }

            var answer = await api.PostJsonAsync("POST /auth/token", "/auth/token", null, new { apiKey }, ct);
            if (!answer.Ok)
            {
                throw new DayRunException($"POST /auth/token refused a key of the simulation: HTTP {answer.Status} {answer.Text}");
            }

            Remember(apiKey, answer.Json);
            return _tokens[apiKey].Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Keeps a token the node issued with something else (<c>POST /travelers</c> answers one).</summary>
    public void Remember(string apiKey, System.Text.Json.JsonElement token)
    {
        var now = clock.GetUtcNow();
        var expires = token.GetProperty("expiresAt").GetDateTimeOffset();
        _tokens[apiKey] = (token.GetProperty("token").GetString()!, now + ((expires - now) * 2 / 3));
    }

    /// <summary>Forgets every token (after a node restart the secret is the same, but nothing is assumed).</summary>
    public void Clear() => _tokens.Clear();
}

/// <summary>The day cannot go on (a setup call refused, the node gone): the message says which call and why.</summary>
public sealed class DayRunException(string message) : Exception(message);
