using Google.Protobuf;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Realtime;
using Mobility.Routing.Tests.Gtfs;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Realtime;

public sealed class RealtimeTests
{
    [Fact]
    public void Septa_trip_updates_parse_with_delays_and_stop_updates()
    {
        var feed = RealtimeParser.ParseFile(SharedData.Path("gtfs-rt", "septa-trip-updates.pbf"));
        Assert.False(string.IsNullOrEmpty(feed.Header.Version));
        Assert.NotEmpty(feed.Entities);
        Assert.All(feed.Entities, e => Assert.False(string.IsNullOrEmpty(e.Id)));
        var updates = feed.Entities.Where(e => e.TripUpdate is not null).Select(e => e.TripUpdate!).ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.False(string.IsNullOrEmpty(u.Trip.TripId)));
        Assert.Contains(updates, u => u.StopTimeUpdates.Any(s => s.Arrival?.Delay is not null || s.Departure?.Delay is not null || s.Arrival?.Time is not null));
    }

    [Fact]
    public void Hand_written_message_round_trips_through_the_parser()
    {
        var bytes = Message(Trip("T1", "20211102", 0, Stu(2, null, delay: 300), Stu(3, "C", delay: null, skipped: true)));
        var feed = RealtimeParser.Parse(bytes);
        Assert.Equal("2.0", feed.Header.Version);
        Assert.Equal(1_635_868_800UL, feed.Header.Timestamp);
        var u = feed.Entities.Single().TripUpdate!;
        Assert.Equal(("T1", "20211102"), (u.Trip.TripId, u.Trip.StartDate));
        Assert.Equal(300, u.StopTimeUpdates[0].Arrival!.Delay);
        Assert.Equal(StopScheduleRelationship.Skipped, u.StopTimeUpdates[1].ScheduleRelationship);
        Assert.Equal("C", u.StopTimeUpdates[1].StopId);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A })]
    [InlineData(new byte[] { 0x12, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Malformed_payloads_are_rejected(byte[] bytes) =>
        Assert.Throws<RealtimeFormatException>(() => RealtimeParser.Parse(bytes));

    [Fact]
    public void A_delay_propagates_downstream_and_the_static_snapshot_is_unchanged()
    {
        var (tt, router) = SmallFeed();
        var result = RealtimeApplier.Apply(tt, RealtimeParser.Parse(Message(Trip("T1", "20211102", 0, Stu(2, null, delay: 300)))), "rt");
        Assert.Equal(1, result.TripsUpdated);
        var request = Request(tt, "rt:A", "rt:C", new DateTime(2021, 11, 2, 7, 55, 0));
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 20, 0)), router.EarliestArrival(request)!.Arrival);
        var live = new RaptorRouter(result.Snapshot).EarliestArrival(request)!;
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 25, 0)), live.Arrival);
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 0, 0)), live.Legs[1].Departure); // upstream keeps its schedule
        // The next day still runs on schedule.
        var tomorrow = Request(tt, "rt:A", "rt:C", new DateTime(2021, 11, 3, 7, 55, 0));
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 3, 8, 20, 0)), new RaptorRouter(result.Snapshot).EarliestArrival(tomorrow)!.Arrival);
    }

    [Fact]
    public void An_absolute_time_sets_the_stop_time()
    {
        var (tt, _) = SmallFeed();
        var arrival = new DateTimeOffset(2021, 11, 2, 8, 22, 0, TimeSpan.FromHours(-7)).ToUnixTimeSeconds();
        var result = RealtimeApplier.Apply(tt, RealtimeParser.Parse(Message(Trip("T1", "20211102", 0, Stu(3, null, null, time: arrival)))), "rt");
        var live = new RaptorRouter(result.Snapshot).EarliestArrival(Request(tt, "rt:A", "rt:C", new DateTime(2021, 11, 2, 7, 55, 0)))!;
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 22, 0)), live.Arrival);
    }

    [Fact]
    public void A_canceled_trip_is_not_offered_that_day()
    {
        var (tt, _) = SmallFeed();
        var result = RealtimeApplier.Apply(tt, RealtimeParser.Parse(Message(Trip("T1", "20211102", 3))), "rt");
        Assert.Equal(1, result.TripsCanceled);
        var live = new RaptorRouter(result.Snapshot).EarliestArrival(Request(tt, "rt:A", "rt:C", new DateTime(2021, 11, 2, 7, 55, 0)))!;
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 3, 8, 20, 0)), live.Arrival); // the next morning's trip
    }

    [Fact]
    public void A_skipped_stop_can_be_neither_boarded_nor_alighted_at()
    {
        var (tt, router) = SmallFeed();
        var result = RealtimeApplier.Apply(tt, RealtimeParser.Parse(Message(Trip("T1", "20211102", 0, Stu(2, "B", null, skipped: true)))), "rt");
        var request = Request(tt, "rt:A", "rt:B", new DateTime(2021, 11, 2, 7, 55, 0));
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 2, 8, 10, 0)), router.EarliestArrival(request)!.Arrival);
        Assert.Equal(tt.FromLocal(new DateTime(2021, 11, 3, 8, 10, 0)), new RaptorRouter(result.Snapshot).EarliestArrival(request)!.Arrival);
    }

    [Fact]
    public void Unknown_trips_are_reported_not_applied()
    {
        var (tt, _) = SmallFeed();
        var result = RealtimeApplier.Apply(tt, RealtimeParser.Parse(Message(Trip("NOPE", "20211102", 3))), "rt");
        Assert.Equal(0, result.TripsCanceled);
        Assert.Single(result.Warnings);
    }

    private static (Timetable, RaptorRouter) SmallFeed()
    {
        using var files = new FeedFiles(FeedFiles.Minimal(), "rt");
        var tt = TimetableBuilder.Build([GtfsReader.Load(files.Folder)]);
        return (tt, new RaptorRouter(tt));
    }

    private static RaptorRequest Request(Timetable tt, string from, string to, DateTime local) =>
        new([new StopOffset(tt.StopIndex(from)!.Value, 0)], [new StopOffset(tt.StopIndex(to)!.Value, 0)], tt.FromLocal(local));

    // --- a minimal protobuf writer for test messages (field numbers from gtfs-realtime.proto) ---

    private static byte[] Message(params byte[][] tripUpdates)
    {
        var header = Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteString("2.0");
            o.WriteTag(3, WireFormat.WireType.Varint); o.WriteUInt64(1_635_868_800);
        });
        return Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(header));
            var i = 0;
            foreach (var tu in tripUpdates)
            {
                var entity = Build(e =>
                {
                    e.WriteTag(1, WireFormat.WireType.LengthDelimited); e.WriteString("e" + i++);
                    e.WriteTag(3, WireFormat.WireType.LengthDelimited); e.WriteBytes(ByteString.CopyFrom(tu));
                });
                o.WriteTag(2, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(entity));
            }
        });
    }

    private static byte[] Trip(string tripId, string startDate, int relationship, params byte[][] stus)
    {
        var descriptor = Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteString(tripId);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited); o.WriteString(startDate);
            o.WriteTag(4, WireFormat.WireType.Varint); o.WriteEnum(relationship);
            o.WriteTag(99, WireFormat.WireType.Varint); o.WriteInt32(7); // an unknown field is skipped
        });
        return Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(descriptor));
            foreach (var s in stus)
            {
                o.WriteTag(2, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(s));
            }
        });
    }

    private static byte[] Stu(uint sequence, string? stopId, int? delay, bool skipped = false, long? time = null) => Build(o =>
    {
        o.WriteTag(1, WireFormat.WireType.Varint); o.WriteUInt32(sequence);
        if (delay is not null || time is not null)
        {
            var ev = Build(e =>
            {
                if (delay is { } d) { e.WriteTag(1, WireFormat.WireType.Varint); e.WriteInt32(d); }
                if (time is { } t) { e.WriteTag(2, WireFormat.WireType.Varint); e.WriteInt64(t); }
            });
            o.WriteTag(2, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(ev));
        }

        if (stopId is not null)
        {
            o.WriteTag(4, WireFormat.WireType.LengthDelimited); o.WriteString(stopId);
        }

        if (skipped)
        {
            o.WriteTag(5, WireFormat.WireType.Varint); o.WriteEnum(1);
        }
    });

    private static byte[] Build(Action<CodedOutputStream> write)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        write(o);
        o.Flush();
        return ms.ToArray();
    }
}
