using Mobility.City;

namespace Mobility.Node.Tests.Cli;

public sealed class CityCommandsTests
{
    [Fact]
    public async Task City_generate_writes_a_village_and_a_second_run_with_reuse_keeps_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mobility-cli-tests", Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, await Program.Main(["city", "generate", "--size", "village", "--seed", "5", "--out", dir]));
            Assert.True(File.Exists(Path.Combine(dir, CityGenerator.OsmFileName)));
            Assert.True(File.Exists(Path.Combine(dir, CityGenerator.GtfsFileName)));
            Assert.True(File.Exists(Path.Combine(dir, "gbfs", "gbfs.json")));
            var manifest = CityManifest.TryLoad(dir)!;
            Assert.Equal(CitySpec.Preset("village", 5).Hash(), manifest.SpecHash);
            var written = File.GetLastWriteTimeUtc(Path.Combine(dir, CityGenerator.GtfsFileName));

            Assert.Equal(0, await Program.Main(["city", "generate", "--size", "village", "--seed", "5", "--out", dir, "--reuse"]));
            Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(dir, CityGenerator.GtfsFileName)));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--size", "megalopolis")]
    [InlineData("--columns", "2")]
    public async Task City_generate_refuses_bad_options_without_writing(string option, string value)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mobility-cli-tests", Guid.NewGuid().ToString("N"));
        Assert.NotEqual(0, await Program.Main(["city", "generate", option, value, "--out", dir]));
        Assert.False(Directory.Exists(dir));
    }
}
