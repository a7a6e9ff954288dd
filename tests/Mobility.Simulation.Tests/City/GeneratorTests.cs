using FsCheck;
using FsCheck.Fluent;
using Mobility.City;

namespace Mobility.Simulation.Tests.City;

public sealed class GeneratorTests
{
    private static readonly CitySpec Tiny = CitySpec.Preset("village", 7) with { Columns = 8, Rows = 8, FreeFloatingVehicles = 5 };

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "mobility-city-tests", Guid.NewGuid().ToString("N"));

    private static Dictionary<string, string> Hashes(GeneratedCity city) =>
        CityManifest.TryLoad(city.Directory)!.Files.ToDictionary(f => f.Path, f => f.Sha256);

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_differs()
    {
        var a = CityGenerator.Generate(Tiny, TempDir());
        var b = CityGenerator.Generate(Tiny, TempDir());
        var c = CityGenerator.Generate(Tiny with { Seed = 8 }, TempDir());
        try
        {
            Assert.Equal(Hashes(a), Hashes(b));
            Assert.Equal(a.Stats, b.Stats);
            var other = Hashes(c);
            Assert.NotEqual(Hashes(a)["city.osm.pbf"], other["city.osm.pbf"]);
            Assert.NotEqual(Hashes(a)["gtfs.zip"], other["gtfs.zip"]);
            Assert.NotEqual(Hashes(a)["gbfs/free_bike_status.json"], other["gbfs/free_bike_status.json"]);
        }
        finally
        {
            foreach (var city in new[] { a, b, c })
            {
                Directory.Delete(city.Directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_second_start_reuses_the_generation_and_a_damaged_one_is_regenerated()
    {
        var dir = TempDir();
        try
        {
            var first = CityGenerator.GenerateOrReuse(Tiny, dir);
            Assert.False(first.Reused);
            var second = CityGenerator.GenerateOrReuse(Tiny, dir, verifyHashes: true);
            Assert.True(second.Reused);
            Assert.Equal(first.Stats, second.Stats);

            File.AppendAllText(first.GtfsPath, "x");
            var third = CityGenerator.GenerateOrReuse(Tiny, dir);
            Assert.False(third.Reused);
            Assert.True(CityGenerator.GenerateOrReuse(Tiny, dir).Reused);

            var other = CityGenerator.GenerateOrReuse(Tiny with { Seed = 9 }, dir);
            Assert.False(other.Reused);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Spec_hash_changes_with_any_knob()
    {
        Assert.Equal(Tiny.Hash(), (Tiny with { }).Hash());
        Assert.NotEqual(Tiny.Hash(), (Tiny with { HeadwayFactor = 1.5 }).Hash());
        Assert.NotEqual(Tiny.Hash(), (Tiny with { GbfsLastUpdated = Tiny.GbfsLastUpdated.AddSeconds(1) }).Hash());
    }

    [Fact]
    public void Invalid_specs_are_refused_with_the_knob_named()
    {
        var errors = (Tiny with { Columns = 2, TimeZone = "Mars/Olympus", PrimaryEvery = 7, SecondaryEvery = 4 }).Validate();
        Assert.Contains(errors, e => e.Contains("Columns", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TimeZone", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PrimaryEvery", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => CityGenerator.Generate(Tiny with { Rows = 100_000 }, TempDir()));
        Assert.Throws<ArgumentException>(() => CitySpec.Preset("megalopolis"));
    }

    [Fact]
    public void Every_preset_is_valid() =>
        Assert.All(CitySpec.PresetNames, name => Assert.Empty(CitySpec.Preset(name).Validate()));

    [Fact]
    public void Removing_segments_never_leaves_an_intersection_with_fewer_than_two_streets()
    {
        // Property: for any seed and grid, every intersection keeps at least two segments (corners have exactly two).
        Prop.ForAll(
            Gen.Choose(6, 30).ToArbitrary(), Gen.Choose(6, 30).ToArbitrary(), ArbMap.Default.ArbFor<long>(),
            (columns, rows, seed) =>
            {
                var grid = new StreetGrid(Tiny with { Columns = columns, Rows = rows, Seed = seed, MissingSegmentShare = 0.3 });
                for (var j = 0; j <= rows; j++)
                {
                    for (var i = 0; i <= columns; i++)
                    {
                        if (grid.Degree(i, j) < 2 && !(j == grid.RiverRow || j == grid.RiverRow + 1))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Transit_lines_only_run_on_existing_segments()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), seed =>
        {
            var grid = new StreetGrid(CitySpec.Preset("town", seed) with { Columns = 30, Rows = 30 });
            var plan = TransitPlan.Build(grid);
            return plan.Lines.Count > 0 && plan.Lines.All(l =>
                Enumerable.Range(l.From, l.To - l.From).All(p => (l.Horizontal ? grid.H[grid.HIndex(p, l.Corridor)] : grid.V[grid.VIndex(l.Corridor, p)]) != StreetClass.None));
        }).QuickCheckThrowOnFailure();
    }
}
