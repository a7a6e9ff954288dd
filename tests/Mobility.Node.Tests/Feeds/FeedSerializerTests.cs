using System.Runtime.Serialization;
using Mobility.Actors.Operators;
using Mobility.Node.Feeds;

namespace Mobility.Node.Tests.Feeds;

/// <summary>The replicated feed values survive the wire; a source key survives its text form.</summary>
public sealed class FeedSerializerTests
{
    private static readonly FeedSerializer Serializer = new(null!);

    [Fact]
    public void Poll_states_and_contents_round_trip_and_a_malformed_payload_is_refused()
    {
        var at = new DateTimeOffset(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);
        var status = new FeedStatusEntry("op-a 2 https://example.org/rt.pb", new PollStatus(at, at.AddSeconds(30), at.AddSeconds(60), 2, "HTTP 503", true, null));
        Assert.Equal(status, RoundTrip(status));

        var bytes = Enumerable.Range(0, 50_000).Select(i => (byte)(i % 7)).ToArray();
        var content = FeedContent.Of(new PolledFeed("city", FeedKind.GtfsRealtime, new Uri("file:///tmp/rt.pb")), bytes, "ab12", at);
        Assert.True(content.Compressed.Length < bytes.Length / 10); // Brotli on repetitive protobuf.
        var back = (FeedContent)RoundTrip(content);
        Assert.Equal((content.SourceKey, content.Length, content.Sha256, content.FetchedAt), (back.SourceKey, back.Length, back.Sha256, back.FetchedAt));
        Assert.Equal(bytes, back.Decompress());

        Assert.Throws<SerializationException>(() => Serializer.FromBinary([0x0a, 0xff], "feed-status"));
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "feed-content")); // No key, bytes or sha.
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "something-else"));
    }

    [Theory]
    [InlineData("op-a", FeedKind.GtfsRealtime, "https://example.org/rt.pb?key=a b")]
    [InlineData("city", FeedKind.Gbfs, "http://127.0.0.1:8080/gbfs.json")]
    [InlineData("city", FeedKind.GtfsRealtime, "file:///data/trip updates.pb")]
    public void A_source_key_parses_back_to_the_same_source(string owner, FeedKind kind, string url)
    {
        var source = new PolledFeed(owner, kind, new Uri(url));
        Assert.True(PolledFeed.TryParseKey(source.Key, out var back));
        Assert.Equal(source, back);
        Assert.Equal(16, source.ShortId.Length);
        Assert.False(PolledFeed.TryParseKey("op-a 9 https://example.org", out _));
        Assert.False(PolledFeed.TryParseKey("op-a 2", out _));
    }

    private static object RoundTrip(object value) => Serializer.FromBinary(Serializer.ToBinary(value), Serializer.Manifest(value));
}
