using System.Buffers.Text;
using System.Security.Cryptography;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Security;

public sealed class TokenServiceTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_token_verifies_until_it_expires_and_not_after()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var tokens = new TokenService(Secret, clock);
        var (token, issued) = tokens.Issue(Roles.Operator, "op-a", "0badcafe");

        Assert.True(tokens.TryVerify(token, out var claims, out _));
        Assert.Equal(issued, claims);
        Assert.Equal(TimeSpan.FromMinutes(15), claims.ExpiresAt - claims.IssuedAt);

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.TryVerify(token, out _, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tokens.TryVerify(token, out _, out var error));
        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_character_change_is_refused()
    {
        var tokens = new TokenService(Secret, TimeProvider.System);
        var (token, _) = tokens.Issue(Roles.Authority, "terr-a", "0badcafe");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (var i = 0; i < token.Length; i++)
        {
            var replacement = alphabet[(alphabet.IndexOf(token[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            var tampered = token[..i] + replacement + token[(i + 1)..];
            Assert.False(tokens.TryVerify(tampered, out _, out _), $"position {i}: {tampered}");
        }
    }

    [Fact]
    public void A_token_of_another_secret_or_a_forged_payload_is_refused()
    {
        var ours = new TokenService(Secret, TimeProvider.System);
        var theirs = new TokenService(RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        var (foreign, _) = theirs.Issue(Roles.Operator, "op-a", "0badcafe");
        Assert.False(ours.TryVerify(foreign, out _, out var error));
        Assert.Contains("signature", error, StringComparison.Ordinal);

        // Swap in a payload claiming another tenant, keeping our genuine MAC of the original payload.
        var (token, _) = ours.Issue(Roles.Operator, "op-a", "0badcafe");
        var payload = Base64Url.EncodeToString("{\"v\":1,\"role\":\"operator\",\"ten\":\"op-b\",\"kid\":\"0badcafe\",\"iat\":0,\"exp\":99999999999}"u8);
        Assert.False(ours.TryVerify(payload + token[token.IndexOf('.', StringComparison.Ordinal)..], out _, out _));

        foreach (var junk in new[] { "", ".", "a.b", "a.b.c", new string('a', 2000), "Bearer x" })
        {
            Assert.False(ours.TryVerify(junk, out _, out _), junk);
        }
    }

    [Fact]
    public void Traveler_keys_verify_for_their_own_id_only()
    {
        var tokens = new TokenService(Secret, TimeProvider.System);
        var (id, key) = tokens.CreateTraveler();
        Assert.True(tokens.TryVerifyTravelerKey(key, out var back));
        Assert.Equal(id, back);

        var (other, _) = tokens.CreateTraveler();
        Assert.False(tokens.TryVerifyTravelerKey(key.Replace(id, other, StringComparison.Ordinal), out _));
        Assert.False(tokens.TryVerifyTravelerKey(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), out _));
        Assert.False(new TokenService(RandomNumberGenerator.GetBytes(32), TimeProvider.System).TryVerifyTravelerKey(key, out _));
        Assert.False(tokens.TryVerifyTravelerKey("mt__", out _));
        Assert.False(tokens.TryVerifyTravelerKey("mt_", out _));
    }

    [Fact]
    public void Api_keys_verify_against_their_hashed_entry_only()
    {
        var (key, entry) = ApiKeys.Create(Roles.Operator, "op-a");
        var (otherKey, _) = ApiKeys.Create(Roles.Operator, "op-b");
        Assert.True(ApiKeyEntry.TryParse(entry.ToString(), out var parsed, out _));
        var registry = new ApiKeyRegistry([parsed]);

        Assert.True(registry.TryVerify(key, out var found));
        Assert.Equal("op-a", found.Tenant);
        Assert.False(registry.TryVerify(otherKey, out _));
        Assert.False(registry.TryVerify(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), out _));
        Assert.False(registry.TryVerify(null, out _));
        Assert.DoesNotContain(key[12..], entry.ToString(), StringComparison.Ordinal);

        Assert.False(ApiKeyEntry.TryParse("traveler:op-a:0badcafe:" + new string('a', 64), out _, out _));
        Assert.False(ApiKeyEntry.TryParse("operator:OP-A:0badcafe:" + new string('a', 64), out _, out _));
        Assert.False(ApiKeyEntry.TryParse("operator:op-a:0badcafe:abc", out _, out _));
    }
}
