using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Tests.Serialization;

public sealed class MobilitySerializerTests : IDisposable
{
    private static readonly OperatorId Id = OperatorId.Parse("metro");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));
    private readonly ActorSystem _system = ActorSystem.Create("serializer-tests");
    private readonly MobilitySerializer _serializer;

    public MobilitySerializerTests() => _serializer = new MobilitySerializer((ExtendedActorSystem)_system);

    public static TheoryData<object> Samples()
    {
        var feed = new FeedVersion(FeedKind.Gbfs, 2, new string('b', 64), new Uri("https://x.example/gbfs.json"), T0);
        var view = new OperatorView(Id, "Metro", "ops@metro.example", T0, [feed]);
        return new TheoryData<object>
        {
            new OperatorEvents.Registered(Id, "Metro", null, T0),
            new OperatorEvents.FeedVersionRecorded(Id, FeedKind.GtfsRealtime, 3, new string('a', 64), null, T0),
            new OperatorState(Id, "Metro", "ops@metro.example", T0, [feed, feed with { Number = 3 }]),
            new OperatorCommands.Register(Id, "Metro", "ops@metro.example", T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, new string('c', 64), new Uri("https://x.example/g.zip"), T0),
            new OperatorQueries.Get(Id),
            new OperatorReplies.Accepted(view, true),
            new OperatorReplies.Rejected(Id, RejectionKind.Conflict, "id", "already"),
            new OperatorReplies.Found(view),
            new OperatorReplies.NotFound(Id),
        };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_contract_round_trips_to_the_same_bytes(object message)
    {
        var bytes = _serializer.ToBinary(message);
        var back = _serializer.FromBinary(bytes, _serializer.Manifest(message));
        Assert.IsType(message.GetType(), back);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(_serializer.ToBinary(back)));
    }

    [Fact]
    public void Every_persisted_or_cluster_type_has_a_manifest_and_every_sample_covers_one()
    {
        var markers = new[] { typeof(IPersistedEvent), typeof(IPersistedSnapshot), typeof(IClusterMessage) };
        var types = typeof(MobilitySerializer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && markers.Any(m => m.IsAssignableFrom(t)))
            .ToList();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.True(MessageContracts.TryGetManifest(t, out _), $"{t.FullName} has no manifest"));
        Assert.Equal(
            MessageContracts.Registered.Select(r => r.Type).OrderBy(t => t.FullName),
            Samples().Select(s => s.Data.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public void A_stored_event_of_version_1_still_reads()
    {
        // Pinned bytes as written to journals: renaming a property or a type must not make them unreadable.
        const string Stored = """{"operatorId":"metro","kind":"Gtfs","number":1,"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","source":"https://x.example/g.zip","at":"2026-03-01T08:00:00+01:00"}""";
        var e = Assert.IsType<OperatorEvents.FeedVersionRecorded>(_serializer.FromBinary(Encoding.UTF8.GetBytes(Stored), "operator.feed-version-recorded.v1"));
        Assert.Equal((Id, FeedKind.Gtfs, 1, new Uri("https://x.example/g.zip"), T0), (e.OperatorId, e.Kind, e.Number, e.Source, e.At));
    }

    [Theory]
    [InlineData("operator.registered.v9", """{"operatorId":"metro","name":"M","at":"2026-03-01T08:00:00Z"}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"metro","name":"M","at":"2026-03-01T08:00:00Z","extra":1}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"Not An Id","name":"M","at":"2026-03-01T08:00:00Z"}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"metro","name":""")]
    [InlineData("operator.registered.v1", "null")]
    public void Unknown_manifests_and_malformed_payloads_fail_loudly(string manifest, string json) =>
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest));

    [Fact]
    public void The_serializer_id_is_outside_the_range_akka_reserves() => Assert.True(MobilitySerializer.Id >= 100);

    public void Dispose() => _system.Dispose();
}
