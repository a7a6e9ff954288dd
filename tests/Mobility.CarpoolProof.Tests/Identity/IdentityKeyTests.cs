using Mobility.CarpoolProof.Identity;

namespace Mobility.CarpoolProof.Tests.Identity;

public sealed class IdentityKeyTests
{
    [Theory]
    [InlineData("D'Hérûg-de-l'Hérault", "D HERUG DE L HERAULT")] // the registry's own example (identity_key schema)
    [InlineData("  Tô ", "TO")]
    [InlineData("Müller–Lüdenscheidt", "MULLERLUDENSCHEIDT")]
    [InlineData("O’Brien", "O BRIEN")]
    [InlineData("Strauß", "STRAUSS")]
    public void Last_names_normalize_as_the_registry_says(string input, string expected) =>
        Assert.Equal(expected, LastName.Normalize(input));

    [Theory]
    [InlineData("+33 7 01 02 03 04", "+33701020304")]
    [InlineData("0033701020304", "+33701020304")]
    [InlineData("+33 (0)7-01.02.03.04", "+330701020304")]
    [InlineData("+590690101010", "+590690101010")]
    public void Phone_numbers_normalize_to_E164(string input, string expected) =>
        Assert.Equal(expected, PhoneNumber.NormalizeE164(input));

    [Theory]
    [InlineData("07 01 02 03 04")] // no country code: ambiguous
    [InlineData("+1234567")]        // 7 digits
    [InlineData("+1234567890123456")] // 16 digits
    [InlineData("+33 6 12 AB")]
    [InlineData("+0331234567")]
    public void Phone_numbers_that_are_not_E164_are_refused(string input) =>
        Assert.Throws<FormatException>(() => PhoneNumber.NormalizeE164(input));

    [Fact]
    public void Identity_key_is_HMAC_SHA256_of_phone_dash_name_under_the_secret()
    {
        // Expected values computed independently: hmac.new(bytes(32), b"+33701020304-D HERUG DE L HERAULT", sha256).
        var key = IdentityKey.Derive(new RegistrySecret(new byte[32]), "+33 7 01 02 03 04", "D'Hérûg-de-l'Hérault");
        Assert.Equal("3018908ab375255e848da68e8c0c1339066a27e1b2140d07e73fd2a868c78552", key.Value);
        var other = new byte[32];
        other[0] = 1;
        Assert.Equal("6d6f5125db2a3a38075b90c415b73455439773e46ce805add9648e8271bf21cc",
            IdentityKey.Derive(new RegistrySecret(other), "+33701020304", "d hérug de l hérault").Value);
    }

    [Fact]
    public void Identity_key_is_not_the_registry_bare_hash()
    {
        var key = IdentityKey.Derive(new RegistrySecret(new byte[32]), "+33701020304", "D HERUG DE L HERAULT");
        Assert.NotEqual("f44ff5364363e53da750d8b7b44fa3176ea36228c5f951a9c1e606c915093d30", key.Value); // sha256 alone
        Assert.True(IdentityKey.IsWellFormed(key.Value));
    }

    [Fact]
    public void Short_secrets_are_refused() => Assert.Throws<ArgumentException>(() => new RegistrySecret(new byte[31]));
}
