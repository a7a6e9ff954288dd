using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Territories;

namespace Mobility.CarpoolProof.Tests.Territories;

public sealed class TerritoryParserTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[4.7,45.7],[4.9,45.7],[4.9,45.8],[4.7,45.8],[4.7,45.7]]]}""";

    private static (Territory? Territory, IReadOnlyList<Mobility.CarpoolProof.Campaigns.Language.CampaignError> Errors) Parse(string json) =>
        TerritoryParser.TryParse(Encoding.UTF8.GetBytes(json));

    private static string Doc(string geometry, string code = "lyon", string name = "Lyon") =>
        $$"""{"code":"{{code}}","name":"{{name}}","geometry":{{geometry}}}""";

    [Fact]
    public void A_valid_polygon_is_read_with_its_code_name_and_geometry_as_written()
    {
        var (t, errors) = Parse(Doc(Square));
        Assert.Empty(errors);
        Assert.Equal(("lyon", "Lyon", Square), (t!.Code, t.Name, t.Geometry));
        Assert.True(t.Area.Contains(new(45.75, 4.8)));
        Assert.False(t.Area.Contains(new(45.75, 5.0)));
    }

    [Fact]
    public void A_multipolygon_with_a_hole_contains_neither_the_hole_nor_the_outside()
    {
        const string Geometry = """
            {"type":"MultiPolygon","coordinates":[
              [[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]],
              [[[20,0],[22,0],[22,2],[20,2],[20,0]]]]}
            """;
        var (t, errors) = Parse(Doc(Geometry));
        Assert.Empty(errors);
        Assert.True(t!.Area.Contains(new(1, 1)));
        Assert.False(t.Area.Contains(new(5, 5))); // the hole
        Assert.True(t.Area.Contains(new(1, 21)));
        Assert.False(t.Area.Contains(new(1, 15)));
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { Doc("""{"type":"Polygon","coordinates":[[[4.7,45.7],[4.9,45.7],[4.9,45.8],[4.7,45.8]]]}"""), "$.geometry.coordinates[0]", "not closed" },
        { Doc("""{"type":"Polygon","coordinates":[[[4.7,45.7],[4.9,45.7],[4.7,45.7]]]}"""), "$.geometry.coordinates[0]", "at least 4 positions" },
        { Doc("""{"type":"Polygon","coordinates":[[[4.7,45.7],[190,45.7],[4.9,45.8],[4.7,45.7]]]}"""), "$.geometry.coordinates[0]", "outside [-180, 180]" },
        { Doc("""{"type":"Polygon","coordinates":[[[4.7,45.7],[4.9,91],[4.9,45.8],[4.7,45.7]]]}"""), "$.geometry.coordinates[0]", "outside" },
        { Doc("""{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"""), "$.geometry.coordinates[0]", "intersects itself" },
        { Doc("""{"type":"Polygon","coordinates":[[[4.7,45.7],["x",45.7],[4.9,45.8],[4.7,45.7]]]}"""), "$.geometry.coordinates[0][1]", "[longitude, latitude]" },
        { Doc("""{"type":"Point","coordinates":[4.7,45.7]}"""), "$.geometry.type", "not Polygon or MultiPolygon" },
        { Doc("""{"type":"MultiPolygon","coordinates":[]}"""), "$.geometry.coordinates", "non-empty array" },
        { Doc(Square, code: "Lyon Métropole"), "$.code", "not a territory code" },
        { Doc(Square, code: "-lyon"), "$.code", "not a territory code" },
        { Doc(Square, name: " "), "$.name", "printable" },
        { """{"code":"lyon","name":"Lyon"}""", "$.geometry", "required" },
        { """{"code":"lyon","name":"Lyon","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"owner":"me"}""", "$.owner", "unknown field" },
        { "[1,2]", "$", "expected an object" },
        { "{\"code\":", "$", "not JSON" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_territory_is_refused_at_its_json_path(string json, string path, string message)
    {
        var (t, errors) = Parse(json);
        Assert.Null(t);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_boundary_with_more_positions_than_the_bound_is_refused_before_any_ring_is_checked()
    {
        // Four rings of 5,001 positions: each over the ring bound too, but the territory bound is what is reported.
        var ring = string.Join(',', Enumerable.Range(0, 5000).Select(i =>
        {
            var a = 2 * Math.PI * i / 5000;
            return string.Create(CultureInfo.InvariantCulture, $"[{Math.Cos(a):R},{Math.Sin(a):R}]");
        })) + ",[1,0]";
        var polygons = string.Join(',', Enumerable.Range(0, 5).Select(_ => $"[[{ring}]]"));
        var (t, errors) = Parse(Doc($$"""{"type":"MultiPolygon","coordinates":[{{polygons}}]}"""));
        Assert.Null(t);
        var error = Assert.Single(errors);
        Assert.Equal("$.geometry.coordinates", error.Path);
        Assert.Contains($"at most {TerritoryParser.MaxPositions}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_over_the_byte_bound_is_refused_unread()
    {
        var (t, errors) = TerritoryParser.TryParse(new byte[TerritoryParser.MaxDocumentBytes + 1]);
        Assert.Null(t);
        Assert.Equal("$", Assert.Single(errors).Path);
    }
}
