using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mobility.Routing.Street;
using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Tests.Street;

public sealed class WayRulesProperties
{
    private static readonly string[] Highways = ["motorway", "primary", "residential", "service", "footway", "cycleway", "path", "steps", "track", "living_street"];
    private static readonly string[] AccessValues = ["yes", "no", "private", "designated", "permissive", "destination", "agricultural"];

    private static Func<string, string?> Tags(params (string Key, string? Value)[] tags) =>
        key => tags.FirstOrDefault(t => t.Key == key).Value;

    [Property(MaxTest = 300)]
    public Property Reversing_the_oneway_mirrors_every_profile()
    {
        var gen =
            from highway in Gen.Elements(Highways)
            from access in Gen.Elements(AccessValues.Append(null).ToArray())
            from bicycle in Gen.Elements(AccessValues.Append(null).ToArray())
            from contraflow in Gen.Elements("no", null)
            select (highway, access, bicycle, contraflow);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var forward = OsmWayRules.Evaluate(Tags(("highway", t.highway), ("access", t.access), ("bicycle", t.bicycle), ("oneway:bicycle", t.contraflow), ("oneway", "yes")), StreetBuildOptions.Default);
            var backward = OsmWayRules.Evaluate(Tags(("highway", t.highway), ("access", t.access), ("bicycle", t.bicycle), ("oneway:bicycle", t.contraflow), ("oneway", "-1")), StreetBuildOptions.Default);
            foreach (var profile in StreetProfiles.All)
            {
                var f = forward[profile];
                var b = backward[profile];
                if (f.Forward != b.Backward || f.Backward != b.Forward || f.SpeedMps != b.SpeedMps)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Property(MaxTest = 300)]
    public Property Access_no_without_a_mode_override_closes_the_way_to_everyone()
    {
        return Prop.ForAll(Gen.Elements(Highways).ToArbitrary(), highway =>
            !OsmWayRules.Evaluate(Tags(("highway", highway), ("access", "no")), StreetBuildOptions.Default).Any);
    }

    [Property(MaxTest = 300)]
    public Property A_mode_specific_yes_overrides_access_no_for_that_mode_only()
    {
        return Prop.ForAll(Gen.Elements("residential", "service", "track").ToArbitrary(), highway =>
        {
            var access = OsmWayRules.Evaluate(Tags(("highway", highway), ("access", "no"), ("foot", "yes")), StreetBuildOptions.Default);
            return access.Walk.Any && !access.Bike.Any && !access.Car.Any;
        });
    }
}
