using Google.Protobuf;

namespace Mobility.Node.Tests.Feeds;

/// <summary>Writes real GTFS-Realtime protobuf (field numbers of gtfs-realtime.proto) for the tests' feeds.</summary>
internal static class TripUpdates
{
    /// <summary>A FULL_DATASET FeedMessage with one entity per trip update.</summary>
    public static byte[] Message(ulong timestamp, params byte[][] tripUpdates) => Message(timestamp, 0, tripUpdates);

    /// <summary>A FeedMessage with this incrementality (0 FULL_DATASET, 1 DIFFERENTIAL).</summary>
    public static byte[] Message(ulong timestamp, int incrementality, params byte[][] tripUpdates)
    {
        var header = Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("2.0");
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteEnum(incrementality);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteUInt64(timestamp);
        });
        return Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(header));
            for (var i = 0; i < tripUpdates.Length; i++)
            {
                var tu = tripUpdates[i];
                var entity = Build(e =>
                {
                    e.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    e.WriteString("e" + i);
                    e.WriteTag(3, WireFormat.WireType.LengthDelimited);
                    e.WriteBytes(ByteString.CopyFrom(tu));
                });
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(entity));
            }
        });
    }

    /// <summary>A TripUpdate of <paramref name="tripId"/> on <paramref name="startDate"/> (yyyyMMdd): delayed from a stop sequence on, or canceled.</summary>
    public static byte[] Trip(string tripId, string startDate, bool canceled = false, (uint Sequence, int Delay)? delayFrom = null, uint? skippedSequence = null)
    {
        var descriptor = Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(tripId);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString(startDate);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteEnum(canceled ? 3 : 0);
        });
        return Build(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(descriptor));
            if (delayFrom is { } d)
            {
                var ev = Build(e =>
                {
                    e.WriteTag(1, WireFormat.WireType.Varint);
                    e.WriteInt32(d.Delay);
                });
                var stu = Build(s =>
                {
                    s.WriteTag(1, WireFormat.WireType.Varint);
                    s.WriteUInt32(d.Sequence);
                    s.WriteTag(3, WireFormat.WireType.LengthDelimited);
                    s.WriteBytes(ByteString.CopyFrom(ev));
                });
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(stu));
            }

            if (skippedSequence is { } k)
            {
                var stu = Build(s =>
                {
                    s.WriteTag(1, WireFormat.WireType.Varint);
                    s.WriteUInt32(k);
                    s.WriteTag(5, WireFormat.WireType.Varint);
                    s.WriteEnum(1);
                });
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(stu));
            }
        });
    }

    private static byte[] Build(Action<CodedOutputStream> write)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        write(o);
        o.Flush();
        return ms.ToArray();
    }
}
