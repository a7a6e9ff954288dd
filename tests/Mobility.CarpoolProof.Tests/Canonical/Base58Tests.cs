using FsCheck.Xunit;
using Mobility.CarpoolProof.Canonical;

namespace Mobility.CarpoolProof.Tests.Canonical;

public sealed class Base58Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("636363", "aPEr")]
    [InlineData("00000000000000000000", "1111111111")]
    [InlineData("000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")]
    public void Encodes_the_bitcoin_test_vectors(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(expected, Base58.Encode(bytes));
        Assert.True(Base58.TryDecode(expected, out var back));
        Assert.Equal(bytes, back);
    }

    [Property(MaxTest = 500)]
    public bool Decode_inverts_encode(byte[] data) =>
        Base58.TryDecode(Base58.Encode(data), out var back) && back.AsSpan().SequenceEqual(data);

    /// <summary>The plain digit-by-digit conversion the limb-wise encoder must agree with.</summary>
    private static string SlowEncode(byte[] data)
    {
        const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        var n = new System.Numerics.BigInteger(data, isUnsigned: true, isBigEndian: true);
        var text = new System.Text.StringBuilder();
        while (n > 0)
        {
            text.Insert(0, Alphabet[(int)(n % 58)]);
            n /= 58;
        }
        return new string('1', data.TakeWhile(b => b == 0).Count()) + text;
    }

    [Property(MaxTest = 1000)]
    public bool Encode_agrees_with_big_integer_conversion(byte[] data) => Base58.Encode(data) == SlowEncode(data);

    [Fact]
    public void Encode_agrees_with_big_integer_conversion_at_every_length_up_to_80()
    {
        var rng = new Random(5);
        for (var length = 0; length <= 80; length++)
        {
            foreach (var fill in new Func<int, byte>[] { _ => 0xFF, _ => (byte)rng.Next(256), i => i == 0 ? (byte)1 : (byte)0 })
            {
                var data = Enumerable.Range(0, length).Select(fill).ToArray();
                Assert.Equal(SlowEncode(data), Base58.Encode(data));
            }
        }
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("abc!")]
    public void Characters_outside_the_alphabet_are_refused(string text) => Assert.False(Base58.TryDecode(text, out _));
}
