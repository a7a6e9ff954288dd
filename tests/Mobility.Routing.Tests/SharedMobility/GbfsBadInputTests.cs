using System.Text.Json.Nodes;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

public sealed class GbfsBadInputTests : IDisposable
{
    // spec-v2.3 files are dated 2021-12-30T18:59:23Z (last_updated 1640887163).
    private static readonly DateTimeOffset FixtureTime = DateTimeOffset.FromUnixTimeSeconds(1640887163);
    private readonly string _dir = GbfsFixtures.Copy("spec-v2.3");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<GbfsLoadResult> Read(DateTimeOffset? now = null, GbfsReadOptions? options = null) =>
        GbfsReader.ReadFolderAsync(_dir, new FixedTime(now ?? FixtureTime.AddSeconds(30)), options, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Fresh_copy_of_the_fixture_loads_without_error()
    {
        var result = await Read();
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("4.0")]
    [InlineData("2.9")]
    [InlineData("latest")]
    public async Task Unsupported_version_is_rejected_with_file_and_field(string version)
    {
        GbfsFixtures.Edit(_dir, "station_status", o => o["version"] = version);
        var result = await Read();
        Assert.False(result.Succeeded);
        Assert.Null(result.Snapshot);
        var problem = Assert.Single(result.Errors);
        Assert.Equal(("station_status.json", "version"), (problem.File, problem.Field));
        Assert.Contains(version, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v3_file_in_a_v2_system_is_rejected()
    {
        GbfsFixtures.Edit(_dir, "vehicle_types", o => o["version"] = "3.0");
        var result = await Read();
        Assert.Contains(result.Errors, p => p.File == "vehicle_types.json" && p.Message.Contains("does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_required_field_is_named_with_its_path()
    {
        GbfsFixtures.Edit(_dir, "station_status", o => o["data"]!["stations"]![1]!.AsObject().Remove("num_bikes_available"));
        var result = await Read();
        var problem = Assert.Single(result.Errors);
        Assert.Equal("stations[1].num_bikes_available", problem.Field);
        Assert.Contains("missing required field", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_spec_example_with_errors_is_rejected()
    {
        File.Copy(Path.Combine(_dir, "free_bike_status_with_error.json"), Path.Combine(_dir, "free_bike_status.json"), overwrite: true);
        var result = await Read();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, p => p.File == "free_bike_status.json" && p.Field.StartsWith("bikes[1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timestamps_of_the_other_major_version_are_refused()
    {
        GbfsFixtures.Edit(_dir, "station_status", o => o["last_updated"] = "2021-12-30T18:59:23Z");
        var result = await Read();
        Assert.Contains(result.Errors, p => p is { File: "station_status.json", Field: "last_updated" } && p.Message.Contains("POSIX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_reports_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "vehicle_types.json"), "{\n  \"last_updated\": 1,\n  oops\n}");
        var result = await Read();
        var problem = Assert.Single(result.Errors);
        Assert.Equal("vehicle_types.json", problem.File);
        Assert.Equal("line 3", problem.Field);
    }

    [Theory]
    [InlineData("lat", 91.0)]
    [InlineData("lon", -181.0)]
    public async Task Coordinates_out_of_range_are_rejected(string field, double value)
    {
        GbfsFixtures.Edit(_dir, "station_information", o => o["data"]!["stations"]![0]![field] = value);
        var result = await Read();
        Assert.Contains(result.Errors, p => p.Field == $"stations[0].{field}");
    }

    [Fact]
    public async Task Unknown_vehicle_type_in_vehicle_status_is_rejected()
    {
        GbfsFixtures.Edit(_dir, "free_bike_status", o => o["data"]!["bikes"]![0]!["vehicle_type_id"] = "nope");
        var result = await Read();
        Assert.Contains(result.Errors, p => p.File == "free_bike_status.json" && p.Field == "bikes[0].vehicle_type_id");
    }

    [Fact]
    public async Task Stale_realtime_file_is_rejected_and_stale_static_file_only_warned()
    {
        // 10 minutes after last_updated: station_status (ttl 0) is beyond ttl + tolerance.
        var result = await Read(FixtureTime.AddMinutes(10));
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, p => p is { File: "station_status.json", Field: "last_updated" } && p.Message.StartsWith("stale", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, p => p.File == "station_information.json");
        Assert.Contains(result.Warnings, p => p.File == "station_information.json" && p.Message.StartsWith("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_from_the_future_is_rejected()
    {
        var result = await Read(FixtureTime.AddHours(-1));
        Assert.Contains(result.Errors, p => p.Message.Contains("in the future", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_state_keeps_the_last_good_snapshot_while_updates_are_bad()
    {
        var clock = new FixedTime(FixtureTime.AddSeconds(30));
        var state = new GbfsFeedState(new GbfsFolderSource(_dir), clock);
        Assert.Null(state.Current);
        Assert.True((await state.RefreshAsync(TestContext.Current.CancellationToken)).Succeeded);
        var good = state.Current!;
        Assert.False(state.IsStale());

        GbfsFixtures.Edit(_dir, "station_status", o => o["version"] = "9.9");
        var bad = await state.RefreshAsync(TestContext.Current.CancellationToken);
        Assert.False(bad.Succeeded);
        Assert.Same(good, state.Current);
        Assert.NotEmpty(state.LastErrors);

        clock.Now = FixtureTime.AddMinutes(30);
        Assert.True(state.IsStale());
        Assert.Same(good, state.Current);

        GbfsFixtures.Edit(_dir, "station_status", o =>
        {
            o["version"] = "2.3";
            o["last_updated"] = JsonValue.Create(clock.Now.ToUnixTimeSeconds());
            o["data"]!["stations"]![0]!["num_bikes_available"] = 0;
        });
        foreach (var feed in GbfsReader.KnownFeeds.Where(f => File.Exists(Path.Combine(_dir, f + ".json")) && f != "station_status"))
        {
            GbfsFixtures.Edit(_dir, feed, o => o["last_updated"] = JsonValue.Create(clock.Now.ToUnixTimeSeconds()));
        }

        Assert.True((await state.RefreshAsync(TestContext.Current.CancellationToken)).Succeeded);
        Assert.NotSame(good, state.Current);
        Assert.Equal(0, state.Current!.Stations.Single(s => s.Id.Value == "station1").Status!.VehiclesAvailable);
        Assert.Empty(state.LastErrors);
        Assert.False(state.IsStale());
    }
}
