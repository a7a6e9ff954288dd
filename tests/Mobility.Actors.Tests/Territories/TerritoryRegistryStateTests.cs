using System.Text;
using Mobility.Actors.Territories;
using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.Actors.Tests.Territories;

/// <summary>The territory registry's decisions: register, the same again, an edit, a refusal; replies are neutral.</summary>
public sealed class TerritoryRegistryStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static byte[] Doc(string code, double lon0, double lon1, string name = "A territory") => Encoding.UTF8.GetBytes(
        FormattableString.Invariant($"{{\"code\":\"{code}\",\"name\":\"{name}\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{lon0},45.7],[{lon1},45.7],[{lon1},45.8],[{lon0},45.8],[{lon0},45.7]]]}}}}"));

    private static (TerritoryRegistryState State, TerritoryReplies.Registered Reply) Register(TerritoryRegistryState s, byte[] document)
    {
        var (reply, e) = s.Process(new TerritoryCommands.Register(document), T0);
        if (e is null)
        {
            return (s, Assert.IsType<TerritoryReplies.Registered>(reply));
        }

        Assert.Null(reply);
        var next = s.Apply(e);
        return (next, next.Answer(s, e));
    }

    [Fact]
    public void A_new_territory_is_created_then_the_same_again_changes_nothing_and_an_edit_replaces_its_area()
    {
        var (s1, created) = Register(TerritoryRegistryState.Empty, Doc("terr-a", 4.7, 4.9));
        Assert.Equal((true, true, 1L), (created.Created, created.Changed, created.Version));

        var (s2, again) = Register(s1, Doc("terr-a", 4.7, 4.9));
        Assert.Same(s1, s2);
        Assert.Equal((false, false, 1L), (again.Created, again.Changed, again.Version));

        var (s3, edited) = Register(s2, Doc("terr-a", 4.7, 5.0));
        Assert.Equal((false, true, 2L), (edited.Created, edited.Changed, edited.Version));
        var map = TerritoryRegistryState.MapOf(s3.Entries.Values);
        Assert.Equal(["terr-a"], map.Attribute(new GeoPoint(45.75, 4.95), new GeoPoint(0, 0), "local"));
    }

    [Fact]
    public void A_malformed_territory_is_refused_with_its_paths_and_nothing_is_persisted()
    {
        var (reply, e) = TerritoryRegistryState.Empty.Process(new TerritoryCommands.Register("""{"code":"x","name":"X","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}"""u8.ToArray()), T0);
        Assert.Null(e);
        var refused = Assert.IsType<TerritoryReplies.Refused>(reply);
        Assert.Contains(refused.Errors, x => x.Path == "$.code");
        Assert.Contains(refused.Errors, x => x.Path == "$.geometry.coordinates[0]");
    }

    [Fact]
    public void A_node_that_knows_the_current_version_is_sent_no_entries()
    {
        var (s, _) = Register(TerritoryRegistryState.Empty, Doc("terr-a", 4.7, 4.9));
        Assert.Null(s.List(s.Version).Entries);
        Assert.Single(s.List(-1).Entries!);
        Assert.Empty(TerritoryRegistryState.Empty.List(-1).Entries!); // empty, and known to be: nodes attribute to the implicit territory
    }
}
