using Mobility.Ticketing.Media;

namespace Mobility.Ticketing.Tests.Media;

public sealed class CardMediumTests
{
    [Fact]
    public void A_cards_id_is_the_prefixed_sha256_of_context_zero_byte_and_token_as_an_independent_implementation_computes_it()
    {
        // Python: 'card-' + hashlib.sha256(b'mobility/medium/card/v1\x00' + b'4970123456789012').hexdigest()[:40]
        Assert.Equal("card-7d1650e12962718c378d237f3392728047f29409", CardMedium.IdOf("4970123456789012"));
        Assert.True(CardMedium.IsCardId(CardMedium.IdOf("4970123456789012")));
    }

    [Fact]
    public void Different_tokens_give_different_ids_and_no_id_contains_its_token()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => CardMedium.IdOf($"tok-{i:D8}")).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(CardMedium.IsCardId(id), id));
        Assert.DoesNotContain(ids, id => id.Contains("tok-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("has a space in it")]
    [InlineData("tab\there-too")]
    [InlineData("caf\u00e9-card-token")]
    public void A_token_a_validator_could_not_have_read_is_refused(string token)
    {
        Assert.False(CardMedium.IsToken(token));
        Assert.Throws<ArgumentException>(() => CardMedium.IdOf(token));
    }

    [Theory]
    [InlineData("app-0123456789abcdef0123456789abcdef")]
    [InlineData("card-7D1650E12962718C378D237F3392728047F29409")]
    [InlineData("card-7d1650e12962718c378d237f3392728047f2940")]
    [InlineData("card-7d1650e12962718c378d237f3392728047f2940g")]
    public void Only_the_exact_derived_shape_is_a_card_id(string medium) => Assert.False(CardMedium.IsCardId(medium));
}
