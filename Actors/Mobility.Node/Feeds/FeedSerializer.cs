using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace Mobility.Node.Feeds;

/// <summary>
/// Writes the replicated feed values (<see cref="IFeedReplicated"/>) as small protobuf messages under a stable string
/// manifest: content bytes stay binary (JSON would inflate them by a third), times are Unix milliseconds.
/// </summary>
public sealed class FeedSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves ids 0-99; <c>MobilitySerializer</c> is 4242.</summary>
    public const int Id = 4243;

    private const string StatusManifest = "feed-status";
    private const string ContentManifest = "feed-content";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        FeedStatusEntry => StatusManifest,
        FeedContent => ContentManifest,
        _ => throw new SerializationException($"{o.GetType().FullName} is not a replicated feed value."),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        switch (obj)
        {
            case FeedStatusEntry e:
                WriteString(output, 1, e.SourceKey);
                WriteTime(output, 2, e.Status.LastSuccessAt);
                WriteTime(output, 3, e.Status.LastAttemptAt);
                WriteTime(output, 4, e.Status.NextDueAt);
                output.WriteTag(5, WireFormat.WireType.Varint);
                output.WriteInt32(e.Status.ConsecutiveFailures);
                WriteString(output, 6, e.Status.LastError);
                output.WriteTag(7, WireFormat.WireType.Varint);
                output.WriteBool(e.Status.Stale);
                WriteString(output, 8, e.Status.Summary);
                break;
            case FeedContent c:
                WriteString(output, 1, c.SourceKey);
                output.WriteTag(2, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(c.Compressed));
                output.WriteTag(3, WireFormat.WireType.Varint);
                output.WriteInt32(c.Length);
                WriteString(output, 4, c.Sha256);
                WriteTime(output, 5, c.FetchedAt);
                break;
            default:
                throw new SerializationException($"{obj.GetType().FullName} is not a replicated feed value.");
        }

        output.Flush();
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return manifest switch
            {
                StatusManifest => ReadStatus(new CodedInputStream(bytes)),
                ContentManifest => ReadContent(new CodedInputStream(bytes)),
                _ => throw new SerializationException($"Unknown manifest '{manifest}': this node is older than the data it reads."),
            };
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SerializationException($"Malformed payload for manifest '{manifest}': {e.Message}", e);
        }
    }

    private static FeedStatusEntry ReadStatus(CodedInputStream input)
    {
        string? key = null, error = null, summary = null;
        DateTimeOffset? success = null, attempt = null, due = null;
        int failures = 0;
        var stale = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: success = ReadTime(input); break;
                case 3: attempt = ReadTime(input); break;
                case 4: due = ReadTime(input); break;
                case 5: failures = input.ReadInt32(); break;
                case 6: error = input.ReadString(); break;
                case 7: stale = input.ReadBool(); break;
                case 8: summary = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new FeedStatusEntry(
            key ?? throw new SerializationException("feed-status without a source key"),
            new PollStatus(success, attempt, due ?? DateTimeOffset.UnixEpoch, failures, error, stale, summary));
    }

    private static FeedContent ReadContent(CodedInputStream input)
    {
        string? key = null, sha = null;
        byte[]? compressed = null;
        var length = 0;
        DateTimeOffset? at = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: compressed = input.ReadBytes().ToByteArray(); break;
                case 3: length = input.ReadInt32(); break;
                case 4: sha = input.ReadString(); break;
                case 5: at = ReadTime(input); break;
                default: input.SkipLastField(); break;
            }
        }

        if (key is null || compressed is null || sha is null || at is null || length is < 0 or > GtfsRealtimePoller.MaxBytes)
        {
            throw new SerializationException("feed-content without key, bytes, a valid length, sha256 or time");
        }

        return new FeedContent(key, compressed, length, sha, at.Value);
    }

    private static void WriteString(CodedOutputStream output, int field, string? value)
    {
        if (value is not null)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }
    }

    private static void WriteTime(CodedOutputStream output, int field, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(v.ToUnixTimeMilliseconds());
        }
    }

    private static DateTimeOffset ReadTime(CodedInputStream input) => DateTimeOffset.FromUnixTimeMilliseconds(input.ReadInt64());
}
