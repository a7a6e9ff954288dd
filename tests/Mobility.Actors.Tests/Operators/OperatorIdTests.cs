using FsCheck;
using FsCheck.Fluent;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Tests.Operators;

public sealed class OperatorIdTests
{
    [Theory]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("metro-bus-2", true)]
    [InlineData("-metro", false)]
    [InlineData("metro-", false)]
    [InlineData("Metro", false)]
    [InlineData("métro", false)]
    [InlineData("metro bus", false)]
    [InlineData("metro/bus", false)]
    public void Ids_are_dns_labels(string? text, bool valid) => Assert.Equal(valid, OperatorId.TryParse(text, out _));

    [Fact]
    public void Length_bounds_are_inclusive()
    {
        Assert.True(OperatorId.TryParse(new string('a', OperatorId.MaxLength), out _));
        Assert.False(OperatorId.TryParse(new string('a', OperatorId.MaxLength + 1), out _));
    }

    [Fact]
    public void A_parsed_id_is_its_text_and_equal_ids_are_equal()
    {
        var alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray();
        var property = Prop.ForAll(Gen.Elements(alphabet).ArrayOf().Select(cs => new string(cs)).ToArbitrary(), text =>
            !OperatorId.TryParse(text, out var id) || (id.Value == text && id == OperatorId.Parse(text) && id.GetHashCode() == OperatorId.Parse(text).GetHashCode()));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
