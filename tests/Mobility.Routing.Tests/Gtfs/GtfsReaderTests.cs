using Mobility.Routing.Gtfs;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Gtfs;

public sealed class GtfsReaderTests
{
    [Fact]
    public void Portland_fixture_loads_with_namespaced_ids_and_its_timezone()
    {
        var feed = GtfsReader.Load(SharedData.Path("portland", "trimet-2routes.gtfs.zip"));
        Assert.Equal("trimet-2routes", feed.FeedId);
        Assert.Equal("America/Los_Angeles", feed.TimeZone.Id);
        Assert.Equal(2, feed.Agencies.Count);
        Assert.Equal(103, feed.Stops.Count);
        Assert.All(feed.Stops, s => Assert.StartsWith("trimet-2routes:", s.Id, StringComparison.Ordinal));
        Assert.True(feed.Trips.Count > 1000);
        Assert.NotEmpty(feed.Transfers);
        Assert.NotEmpty(feed.Shapes);
        Assert.Equal("20211017-20211027-1500", feed.FeedInfo?.Version);
    }

    [Fact]
    public void Cobb_county_feeds_of_two_operators_load_side_by_side_with_times_past_midnight()
    {
        var marta = GtfsReader.Load(SharedData.Path("cobb-county", "marta-bus-856-only.gtfs.zip"), "marta");
        var cobb = GtfsReader.Load(SharedData.Path("cobb-county", "cobblinc-bus-30-only.gtfs.zip"), "cobblinc");
        Assert.Equal("America/New_York", marta.TimeZone.Id);
        Assert.Empty(marta.Stops.Select(s => s.Id).Intersect(cobb.Stops.Select(s => s.Id)));
        Assert.Contains(marta.Trips, t => t.StopTimes.Length > 0 && t.StopTimes[0].Departure >= 24 * 3600);
    }

    [Fact]
    public void Sample_feed_loads_frequencies_and_calendar_date_removal()
    {
        var feed = GtfsReader.Load(SharedData.Path("gtfs-sample", "sample-feed-1.zip"), "sample");
        Assert.Equal(11, feed.Frequencies.Count);
        var fullw = feed.Services.Single(s => s.Id == "sample:FULLW");
        Assert.DoesNotContain(new DateOnly(2007, 6, 4), fullw.Dates);
        Assert.Contains(new DateOnly(2007, 6, 5), fullw.Dates);
    }

    [Fact]
    public void A_truncated_zip_is_rejected()
    {
        using var files = new FeedFiles(FeedFiles.Minimal());
        var zip = files.Zip();
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(zip));
        Assert.Contains("zip", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_zip_feed_loads_like_the_folder()
    {
        using var files = new FeedFiles(FeedFiles.Minimal());
        var feed = GtfsReader.Load(files.Zip(), "z");
        Assert.Single(feed.Trips);
        Assert.Equal("z:T1", feed.Trips[0].Id);
    }

    [Fact]
    public void A_missing_required_file_is_named()
    {
        var minimal = FeedFiles.Minimal();
        minimal.Remove("stops.txt");
        using var files = new FeedFiles(minimal);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        Assert.Contains(ex.Errors, e => e.File == "stops.txt" && e.Message.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_time_is_reported_with_file_line_and_field()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stop_times.txt"] = minimal["stop_times.txt"].Replace("08:10:00,08:11:00", "08:70:00,08:71:00", StringComparison.Ordinal);
        using var files = new FeedFiles(minimal);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        var e = ex.Errors[0];
        Assert.Equal(("stop_times.txt", 3, "arrival_time"), (e.File, e.Line, e.Field));
    }

    [Theory]
    [InlineData("stop_times.txt", "T1,08:20:00,08:20:00,C,3", "T1,08:20:00,08:20:00,Z,3", 4, "stop_id")]
    [InlineData("stop_times.txt", "T1,08:00:00,08:00:00,A,1", "T9,08:00:00,08:00:00,A,1", 2, "trip_id")]
    [InlineData("trips.txt", "R1,WK,T1,", "R9,WK,T1,", 2, "route_id")]
    [InlineData("trips.txt", "R1,WK,T1,", "R1,XX,T1,", 2, "service_id")]
    [InlineData("routes.txt", "R1,AG,", "R1,ZZ,", 2, "agency_id")]
    public void Dangling_references_are_rejected_with_file_line_and_field(string file, string from, string to, int line, string field)
    {
        var minimal = FeedFiles.Minimal();
        minimal[file] = minimal[file].Replace(from, to, StringComparison.Ordinal);
        using var files = new FeedFiles(minimal);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        Assert.Contains(ex.Errors, e => e.File == file && e.Line == line && e.Field == field);
    }

    [Fact]
    public void A_dangling_parent_station_is_rejected()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon,parent_station\nA,Stop A,45.50,-122.60,STATION\nB,Stop B,45.51,-122.60,\nC,Stop C,45.52,-122.60,\n";
        using var files = new FeedFiles(minimal);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        Assert.Contains(ex.Errors, e => e.File == "stops.txt" && e.Field == "parent_station");
    }

    [Fact]
    public void An_unknown_timezone_is_rejected()
    {
        using var files = new FeedFiles(FeedFiles.Minimal("Mars/Olympus_Mons"));
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        Assert.Equal(("agency.txt", 2, "agency_timezone"), (ex.Errors[0].File, ex.Errors[0].Line, ex.Errors[0].Field));
    }

    [Fact]
    public void Unused_stops_and_trips_without_service_are_warnings_and_the_feed_loads()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stops.txt"] += "D,Lonely,45.6,-122.6\n";
        minimal["calendar.txt"] += "NEVER,0,0,0,0,0,0,0,20211101,20211130\n";
        minimal["trips.txt"] += "R1,NEVER,T2,\n";
        minimal["stop_times.txt"] += "T2,09:00:00,09:00:00,A,1\nT2,09:10:00,09:10:00,B,2\n";
        using var files = new FeedFiles(minimal);
        var feed = GtfsReader.Load(files.Folder);
        Assert.Contains(feed.Warnings, w => w.Message.Contains("'test:D'", StringComparison.Ordinal));
        Assert.Contains(feed.Warnings, w => w.File == "trips.txt" && w.Message.Contains("no date", StringComparison.Ordinal));
        Assert.Equal(2, feed.Trips.Count);
    }

    [Fact]
    public void Blank_intermediate_times_are_interpolated_by_shape_distance()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stop_times.txt"] =
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n" +
            "T1,08:00:00,08:00:00,A,1,0\nT1,,,B,2,300\nT1,08:20:00,08:20:00,C,3,400\n";
        using var files = new FeedFiles(minimal);
        var st = GtfsReader.Load(files.Folder).Trips[0].StopTimes;
        Assert.Equal((8 * 3600) + 900, st[1].Arrival);
        Assert.False(st[1].Timepoint);
    }

    [Fact]
    public void Blank_intermediate_times_without_shape_distance_are_interpolated_by_stop_distance()
    {
        var minimal = FeedFiles.Minimal();
        // B lies a quarter of the way from A to C.
        minimal["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,A,45.50,-122.60\nB,B,45.505,-122.60\nC,C,45.52,-122.60\n";
        minimal["stop_times.txt"] = minimal["stop_times.txt"].Replace("08:10:00,08:11:00", ",", StringComparison.Ordinal);
        using var files = new FeedFiles(minimal);
        var st = GtfsReader.Load(files.Folder).Trips[0].StopTimes;
        Assert.InRange(st[1].Arrival, (8 * 3600) + 295, (8 * 3600) + 305);
    }

    [Fact]
    public void Stop_times_are_ordered_by_stop_sequence_not_by_file_order()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stop_times.txt"] = "stop_sequence,stop_id,trip_id,departure_time,arrival_time\n30,C,T1,08:20:00,08:20:00\n1,A,T1,08:00:00,08:00:00\n7,B,T1,08:11:00,08:10:00\n";
        using var files = new FeedFiles(minimal);
        var st = GtfsReader.Load(files.Folder).Trips[0].StopTimes;
        Assert.Equal([8 * 3600, (8 * 3600) + 600, (8 * 3600) + 1200], st.Select(s => s.Arrival));
    }

    [Fact]
    public void Decreasing_times_are_rejected()
    {
        var minimal = FeedFiles.Minimal();
        minimal["stop_times.txt"] = minimal["stop_times.txt"].Replace("08:20:00,08:20:00", "08:05:00,08:05:00", StringComparison.Ordinal);
        using var files = new FeedFiles(minimal);
        var ex = Assert.Throws<GtfsFeedException>(() => GtfsReader.Load(files.Folder));
        Assert.Equal(("stop_times.txt", 4), (ex.Errors[0].File, ex.Errors[0].Line));
    }
}
