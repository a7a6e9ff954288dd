using Google.Protobuf;

namespace Mobility.Routing.Realtime;

/// <summary>
/// Parses GTFS-Realtime protobuf by hand with <see cref="CodedInputStream"/>: each nested message is read as a
/// length-delimited byte string and decoded by its own method; unknown and unused fields are skipped, so newer feeds
/// with extensions still parse. Required fields missing (header, gtfs_realtime_version, entity id, trip) are errors.
/// </summary>
public static class RealtimeParser
{
    /// <summary>Upper bound on a feed message, against unbounded input.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    public static FeedMessage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxBytes)
        {
            throw new RealtimeFormatException($"feed larger than {MaxBytes} bytes");
        }

        try
        {
            return ParseFeed(data.ToArray());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RealtimeFormatException("malformed protobuf: " + ex.Message, ex);
        }
    }

    public static FeedMessage ParseFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new RealtimeFormatException($"{path}: larger than {MaxBytes} bytes");
        }

        return Parse(File.ReadAllBytes(path));
    }

    private static FeedMessage ParseFeed(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        FeedHeader? header = null;
        var entities = new List<FeedEntity>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2:
                    header = ParseHeader(input.ReadBytes());
                    break;
                case (2 << 3) | 2:
                    entities.Add(ParseEntity(input.ReadBytes()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new FeedMessage(header ?? throw new RealtimeFormatException("FeedMessage.header (1) is required"), entities);
    }

    private static FeedHeader ParseHeader(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string? version = null, feedVersion = null;
        var incrementality = Incrementality.FullDataset;
        ulong? timestamp = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2: version = input.ReadString(); break;
                case (2 << 3) | 0: incrementality = (Incrementality)input.ReadEnum(); break;
                case (3 << 3) | 0: timestamp = input.ReadUInt64(); break;
                case (4 << 3) | 2: feedVersion = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new FeedHeader(version ?? throw new RealtimeFormatException("FeedHeader.gtfs_realtime_version (1) is required"),
            incrementality, timestamp, feedVersion);
    }

    private static FeedEntity ParseEntity(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string? id = null;
        var deleted = false;
        TripUpdate? update = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2: id = input.ReadString(); break;
                case (2 << 3) | 0: deleted = input.ReadBool(); break;
                case (3 << 3) | 2: update = ParseTripUpdate(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        return new FeedEntity(id ?? throw new RealtimeFormatException("FeedEntity.id (1) is required"), deleted, update);
    }

    private static TripUpdate ParseTripUpdate(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        TripDescriptor? trip = null;
        VehicleDescriptor? vehicle = null;
        var updates = new List<StopTimeUpdate>();
        ulong? timestamp = null;
        int? delay = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2: trip = ParseTrip(input.ReadBytes()); break;
                case (2 << 3) | 2: updates.Add(ParseStopTimeUpdate(input.ReadBytes())); break;
                case (3 << 3) | 2: vehicle = ParseVehicle(input.ReadBytes()); break;
                case (4 << 3) | 0: timestamp = input.ReadUInt64(); break;
                case (5 << 3) | 0: delay = input.ReadInt32(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new TripUpdate(trip ?? throw new RealtimeFormatException("TripUpdate.trip (1) is required"), vehicle, updates, timestamp, delay);
    }

    private static TripDescriptor ParseTrip(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string? tripId = null, routeId = null, startTime = null, startDate = null;
        uint? direction = null;
        var relationship = TripScheduleRelationship.Scheduled;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2: tripId = input.ReadString(); break;
                case (2 << 3) | 2: startTime = input.ReadString(); break;
                case (3 << 3) | 2: startDate = input.ReadString(); break;
                case (4 << 3) | 0: relationship = (TripScheduleRelationship)input.ReadEnum(); break;
                case (5 << 3) | 2: routeId = input.ReadString(); break;
                case (6 << 3) | 0: direction = input.ReadUInt32(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new TripDescriptor(tripId, routeId, direction, startTime, startDate, relationship);
    }

    private static VehicleDescriptor ParseVehicle(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string? id = null, label = null, plate = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2: id = input.ReadString(); break;
                case (2 << 3) | 2: label = input.ReadString(); break;
                case (3 << 3) | 2: plate = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new VehicleDescriptor(id, label, plate);
    }

    private static StopTimeUpdate ParseStopTimeUpdate(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        uint? sequence = null;
        string? stopId = null;
        StopTimeEvent? arrival = null, departure = null;
        var relationship = StopScheduleRelationship.Scheduled;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 0: sequence = input.ReadUInt32(); break;
                case (2 << 3) | 2: arrival = ParseEvent(input.ReadBytes()); break;
                case (3 << 3) | 2: departure = ParseEvent(input.ReadBytes()); break;
                case (4 << 3) | 2: stopId = input.ReadString(); break;
                case (5 << 3) | 0: relationship = (StopScheduleRelationship)input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new StopTimeUpdate(sequence, stopId, arrival, departure, relationship);
    }

    private static StopTimeEvent ParseEvent(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        int? delay = null, uncertainty = null;
        long? time = null, scheduled = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 0: delay = input.ReadInt32(); break;
                case (2 << 3) | 0: time = input.ReadInt64(); break;
                case (3 << 3) | 0: uncertainty = input.ReadInt32(); break;
                case (4 << 3) | 0: scheduled = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new StopTimeEvent(delay, time, uncertainty, scheduled);
    }
}
