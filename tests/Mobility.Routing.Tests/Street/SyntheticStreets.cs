using Mobility.Routing.Street;

namespace Mobility.Routing.Tests.Street;

/// <summary>Small hand-made street networks on a 0.001-degree lattice (about 111 m by 78 m at 45° N).</summary>
internal sealed class SyntheticStreets
{
    public const double Step = 0.001;
    public const double BaseLat = 45.0;
    public const double BaseLon = -122.0;

    private readonly StreetNetworkBuilder _builder;

    /// <summary>A builder with every profile contracted, and otherwise the given options (default ones by default).</summary>
    public SyntheticStreets(StreetBuildOptions? options = null) =>
        _builder = new((options ?? StreetBuildOptions.Default) with { ContractedProfiles = StreetProfiles.All });

    public static GeoCoordinate At(double x, double y) => new(BaseLat + (y * Step), BaseLon + (x * Step));

    /// <summary>Adds node <paramref name="id"/> at lattice point (x, y).</summary>
    public SyntheticStreets Node(long id, double x, double y)
    {
        var p = At(x, y);
        _builder.AddNode(id, p.Lat, p.Lon);
        return this;
    }

    public SyntheticStreets Way(long id, string tags, params long[] nodes)
    {
        var dictionary = tags.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Split('='))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        _builder.AddWay(id, nodes, key => dictionary.GetValueOrDefault(key));
        return this;
    }

    public SyntheticStreets Restriction(long fromWay, long via, long toWay, TurnRestrictionKind kind)
    {
        _builder.AddTurnRestriction(new TurnRestriction(1, fromWay, via, toWay, kind));
        return this;
    }

    public StreetNetwork Build() => _builder.Build("synthetic");

    /// <summary>
    /// A plus-shaped junction X(0,0) with arms W(-1,0), E(1,0), N(0,1), S(0,-1) (ways 1 W-X, 2 X-E, 3 X-N, 4 X-S),
    /// and a detour N-NE(1,1)-E (way 5), all residential.
    /// </summary>
    public static SyntheticStreets Cross(StreetBuildOptions? options = null) => new SyntheticStreets(options)
        .Node(10, 0, 0).Node(11, -1, 0).Node(12, 1, 0).Node(13, 0, 1).Node(14, 0, -1).Node(15, 1, 1)
        .Way(1, "highway=residential", 11, 10)
        .Way(2, "highway=residential", 10, 12)
        .Way(3, "highway=residential", 10, 13)
        .Way(4, "highway=residential", 10, 14)
        .Way(5, "highway=residential", 13, 15, 12);
}
