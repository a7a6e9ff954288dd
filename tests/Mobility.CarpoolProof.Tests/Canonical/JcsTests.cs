using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Canonical;

namespace Mobility.CarpoolProof.Tests.Canonical;

public sealed class JcsTests
{
    // RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical serialization.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Number_serialization_matches_RFC_8785_appendix_B(ulong bits, string expected)
    {
        Assert.Equal(expected, JcsNumber.Format(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Theory]
    [InlineData(0x7fffffffffffffffUL)]
    [InlineData(0x7ff0000000000000UL)]
    [InlineData(0xfff0000000000000UL)]
    public void NaN_and_infinity_are_refused(ulong bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JcsNumber.Format(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Fact]
    public void RFC_8785_section_3_2_2_example_canonicalizes_exactly()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        var expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void RFC_8785_section_3_2_3_members_sort_by_UTF16_code_units()
    {
        var input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        var node = JsonNode.Parse(Jcs.Canonicalize(Encoding.UTF8.GetBytes(input)))!.AsObject();
        var values = node.Select(p => (string)p.Value!).ToArray();
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            values);
    }

    [Fact]
    public void Nested_arrays_of_objects_get_commas_between_elements()
    {
        var c = Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes("""{"b":[{"y":1,"x":2},{"z":[]}],"a":{}}""")));
        Assert.Equal("""{"a":{},"b":[{"x":2,"y":1},{"z":[]}]}""", c);
    }

    [Property(MaxTest = 2000)]
    public bool Every_finite_double_round_trips_through_its_canonical_text(double d)
    {
        if (!double.IsFinite(d)) return true;
        var text = JcsNumber.Format(d);
        return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) == d;
    }

    [Property(MaxTest = 300)]
    public bool Canonicalization_is_idempotent(string[] keys, int[] values)
    {
        var obj = new JsonObject();
        for (var i = 0; i < Math.Min(keys.Length, values.Length); i++)
        {
            if (keys[i] is null || keys[i].Any(char.IsSurrogate)) continue;
            obj[keys[i]] = values[i];
        }
        var once = Jcs.Canonicalize(obj);
        return once.AsSpan().SequenceEqual(Jcs.Canonicalize(once));
    }
}
