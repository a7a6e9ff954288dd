using Mobility.Routing.Gtfs;
using Mobility.Routing.Tests.Gtfs;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

public sealed class TimetableTests
{
    private static Timetable Build(Dictionary<string, string> files, string name = "t")
    {
        using var feed = new FeedFiles(files, name);
        return TimetableBuilder.Build([GtfsReader.Load(feed.Folder)]);
    }

    private static RaptorRequest Request(Timetable tt, string from, string to, DateTime local) =>
        new([new StopOffset(tt.StopIndex(from)!.Value, 0)], [new StopOffset(tt.StopIndex(to)!.Value, 0)], tt.FromLocal(local));

    [Fact]
    public void Frequencies_expand_into_trips_every_headway_in_each_window_end_excluded()
    {
        var tt = TransitFixtures.Sample;
        Assert.Equal(4 + 12 + 12 + 18 + 6, tt.Trips.Count(t => t.Id.StartsWith("sample:CITY1@", StringComparison.Ordinal)));
        Assert.NotNull(tt.TripIndex("sample:CITY1@08:10:00"));
        Assert.Null(tt.TripIndex("sample:CITY1@22:00:00"));
        var journey = new RaptorRouter(tt).EarliestArrival(Request(tt, "sample:STAGECOACH", "sample:NANAA", new DateTime(2008, 6, 3, 8, 1, 0)))!;
        Assert.Equal(tt.FromLocal(new DateTime(2008, 6, 3, 8, 15, 0)), journey.Arrival);
    }

    [Fact]
    public void Calendar_date_removal_stops_the_service_that_day()
    {
        var tt = TransitFixtures.Sample;
        var router = new RaptorRouter(tt);
        // FULLW is removed on 2007-06-04: the first AB1 after 07:50 that day is the next morning's.
        var removed = router.EarliestArrival(Request(tt, "sample:BEATTY_AIRPORT", "sample:BULLFROG", new DateTime(2007, 6, 4, 7, 50, 0)))!;
        Assert.Equal(tt.FromLocal(new DateTime(2007, 6, 5, 8, 10, 0)), removed.Arrival);
    }

    [Fact]
    public void Service_day_starts_at_noon_minus_twelve_hours_local_across_a_dst_change()
    {
        var tt = TransitFixtures.Portland;
        var normal = tt.DayIndex(new DateOnly(2021, 11, 2));
        var fallBack = tt.DayIndex(new DateOnly(2021, 11, 7));
        Assert.Equal(tt.FromUtc(new DateTime(2021, 11, 2, 7, 0, 0, DateTimeKind.Utc)), tt.ServiceDayStart(0, normal));
        // Noon PST is 20:00 UTC, so the day starts at 08:00 UTC, one hour after local midnight (07:00 UTC, PDT).
        Assert.Equal(tt.FromUtc(new DateTime(2021, 11, 7, 8, 0, 0, DateTimeKind.Utc)), tt.ServiceDayStart(0, fallBack));
        Assert.Equal(tt.FromUtc(new DateTime(2021, 11, 2, 15, 0, 0, DateTimeKind.Utc)), tt.FromLocal(new DateTime(2021, 11, 2, 8, 0, 0)));
    }

    [Fact]
    public void A_trip_after_midnight_is_found_on_its_previous_service_day()
    {
        var tt = TransitFixtures.Cobb;
        var router = new RaptorRouter(tt);
        var (trip, day) = Enumerable.Range(0, tt.Trips.Count).Where(t => tt.Trips[t].Departures[0] >= 86400)
            .SelectMany(t => Enumerable.Range(0, tt.DayCount).Where(d => tt.Trips[t].RunsOn(d)).Select(d => (t, d))).First();
        var s = tt.Trips[trip];
        var departure = tt.ServiceDayStart(s.TimeZone, day) + s.Departures[0];
        var request = new RaptorRequest([new StopOffset(s.Stops[0], 0)], [new StopOffset(s.Stops[^1], 0)], departure - 300);
        var journey = router.EarliestArrival(request)!;
        var ride = journey.Legs.First(l => l.Kind == JourneyLegKind.Ride);
        Assert.Equal(departure, ride.Departure);
        Assert.True(tt.ToLocal(ride.Departure).Date > tt.FirstDate.AddDays(ride.ServiceDay).ToDateTime(TimeOnly.MinValue), "departs on the next calendar day");
    }

    [Fact]
    public void Several_feeds_keep_their_ids_apart_and_connect_through_footpaths()
    {
        var tt = TransitFixtures.Cobb;
        Assert.Equal(tt.StopCount, tt.Stops.Select(s => s.Id).Distinct().Count());
        Assert.Contains(tt.Stops, s => s.Id.StartsWith("marta:", StringComparison.Ordinal));
        Assert.Contains(tt.Stops, s => s.Id.StartsWith("cobblinc:", StringComparison.Ordinal));
        Assert.Equal(2, tt.Lines.Select(l => l.AgencyName).Distinct().Count());
        var crossing = tt.Footpaths.Count(f => tt.Stops[f.FromStop].Feed != tt.Stops[f.ToStop].Feed);
        Assert.True(crossing > 0, "stops of the two operators are linked by footpaths");
    }

    [Fact]
    public void Overtaking_trips_are_split_into_separate_routes_and_the_faster_one_is_used()
    {
        var files = FeedFiles.Minimal();
        // T2 leaves later than T1 but arrives earlier: an express.
        files["trips.txt"] += "R1,WK,T2,\nR1,WK,T3,\n";
        files["stop_times.txt"] += "T2,08:05:00,08:05:00,A,1\nT2,08:08:00,08:08:00,B,2\nT2,08:12:00,08:12:00,C,3\n" +
                                   "T3,09:00:00,09:00:00,A,1\nT3,09:10:00,09:11:00,B,2\nT3,09:20:00,09:20:00,C,3\n";
        var tt = Build(files);
        Assert.Equal(2, tt.RouteCount);
        Assert.Equal(3, tt.Trips.Count);
        var journey = new RaptorRouter(tt).EarliestArrival(Request(tt, "t:A", "t:C", new DateTime(2021, 11, 2, 7, 55, 0)))!;
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 12, 0)), journey.Arrival);
    }

    [Fact]
    public void Minimum_transfer_time_comes_from_transfers_txt_else_the_default()
    {
        var files = FeedFiles.Minimal();
        // Route 2 leaves B 4 minutes after route 1 arrives; transfers.txt asks for 5 at B.
        files["stops.txt"] += "D,Stop D,45.53,-122.60\n";
        files["routes.txt"] += "R2,AG,2,Line two,3\n";
        files["trips.txt"] += "R2,WK,U1,\nR2,WK,U2,\n";
        files["stop_times.txt"] += "U1,08:14:00,08:14:00,B,1\nU1,08:24:00,08:24:00,D,2\nU2,08:30:00,08:30:00,B,1\nU2,08:40:00,08:40:00,D,2\n";
        var without = Build(files);
        Assert.Equal(60, without.ChangeSeconds(without.StopIndex("t:B")!.Value));
        Assert.Equal(without.FromLocal(new DateTime(2021, 11, 2, 8, 24, 0)),
            new RaptorRouter(without).EarliestArrival(Request(without, "t:A", "t:D", new DateTime(2021, 11, 2, 7, 55, 0)))!.Arrival);

        files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nB,B,2,300\n";
        var with = Build(files);
        Assert.Equal(300, with.ChangeSeconds(with.StopIndex("t:B")!.Value));
        Assert.Equal(60, with.ChangeSeconds(with.StopIndex("t:A")!.Value));
        Assert.Equal(with.FromLocal(new DateTime(2021, 11, 2, 8, 40, 0)),
            new RaptorRouter(with).EarliestArrival(Request(with, "t:A", "t:D", new DateTime(2021, 11, 2, 7, 55, 0)))!.Arrival);
    }

    [Fact]
    public void Pickup_and_drop_off_none_are_respected()
    {
        var files = FeedFiles.Minimal();
        files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n" +
                                  "T1,08:00:00,08:00:00,A,1,0,0\nT1,08:10:00,08:11:00,B,2,1,1\nT1,08:20:00,08:20:00,C,3,0,0\n";
        var tt = Build(files);
        var router = new RaptorRouter(tt);
        Assert.Null(router.EarliestArrival(Request(tt, "t:A", "t:B", new DateTime(2021, 11, 2, 7, 55, 0))));
        Assert.Null(router.EarliestArrival(Request(tt, "t:B", "t:C", new DateTime(2021, 11, 2, 7, 55, 0))));
        Assert.NotNull(router.EarliestArrival(Request(tt, "t:A", "t:C", new DateTime(2021, 11, 2, 7, 55, 0))));
    }

    [Fact]
    public async Task Snapshot_holder_swaps_atomically_while_many_threads_query()
    {
        var files = FeedFiles.Minimal();
        var a = Build(files);
        files["stop_times.txt"] = files["stop_times.txt"].Replace("08:20:00,08:20:00", "08:30:00,08:30:00", StringComparison.Ordinal);
        var b = Build(files);
        var holder = new SnapshotHolder<RaptorRouter>(new RaptorRouter(a));
        var routers = new[] { holder.Current, new RaptorRouter(b) };
        var expected = new[] { a.FromLocal(new DateTime(2021, 11, 2, 8, 20, 0)), b.FromLocal(new DateTime(2021, 11, 2, 8, 30, 0)) };
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var router = holder.Current;
                var k = ReferenceEquals(router, routers[0]) ? 0 : 1;
                var j = router.EarliestArrival(Request(router.Timetable, "t:A", "t:C", new DateTime(2021, 11, 2, 7, 55, 0)));
                if (j?.Arrival != expected[k])
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        for (var i = 0; i < 200; i++)
        {
            holder.Swap(routers[(i + 1) % 2]);
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
        Assert.Equal(200, holder.Version);
        Assert.False(holder.TrySwap(routers[1], routers[1]) && holder.Version != 201);
    }
}
