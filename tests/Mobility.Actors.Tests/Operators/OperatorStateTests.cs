using FsCheck;
using FsCheck.Fluent;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Tests.Operators;

public sealed class OperatorStateTests
{
    private static readonly OperatorId Id = OperatorId.Parse("metro");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Registering_produces_one_event_and_a_registered_state()
    {
        var decision = OperatorState.Empty.Process(new OperatorCommands.Register(Id, "  Metro  ", "ops@metro.example", T0));
        var e = Assert.IsType<OperatorEvents.Registered>(Assert.Single(decision.Events));
        Assert.Equal("Metro", e.Name);
        var state = OperatorState.Empty.Apply(e);
        Assert.True(state.IsRegistered);
        Assert.Equal((Id, "Metro", "ops@metro.example", T0), (state.Id, state.Name, state.ContactEmail, state.RegisteredAt));
    }

    [Fact]
    public void The_same_registration_again_is_accepted_without_event_and_a_different_one_conflicts()
    {
        var state = Fold(OperatorState.Empty, new OperatorCommands.Register(Id, "Metro", null, T0));
        var again = state.Process(new OperatorCommands.Register(Id, "Metro", null, T0.AddHours(1)));
        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);

        var other = state.Process(new OperatorCommands.Register(Id, "Metro 2", null, T0));
        Assert.Equal(RejectionKind.Conflict, other.Rejection?.Kind);
        Assert.Empty(other.Events);
    }

    [Theory]
    [InlineData("", null, "name")]
    [InlineData("   ", null, "name")]
    [InlineData("Bad\u0007name", null, "name")]
    [InlineData("Metro", "no-at-sign", "contactEmail")]
    [InlineData("Metro", "a@b", "contactEmail")]
    [InlineData("Metro", "two@@example.org", "contactEmail")]
    [InlineData("Metro", "sp ace@example.org", "contactEmail")]
    public void Malformed_registrations_are_rejected_naming_the_field(string name, string? email, string field)
    {
        var decision = OperatorState.Empty.Process(new OperatorCommands.Register(Id, name, email, T0));
        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Equal(field, decision.Rejection?.Field);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Name_bounds_are_inclusive()
    {
        Assert.Null(OperatorState.Empty.Process(new OperatorCommands.Register(Id, new string('n', OperatorState.MaxNameLength), null, T0)).Rejection);
        Assert.NotNull(OperatorState.Empty.Process(new OperatorCommands.Register(Id, new string('n', OperatorState.MaxNameLength + 1), null, T0)).Rejection);
    }

    [Fact]
    public void A_feed_version_needs_a_registered_operator()
    {
        var decision = OperatorState.Empty.Process(new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, Sha('a'), null, T0));
        Assert.Equal(RejectionKind.NotRegistered, decision.Rejection?.Kind);
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", "sha256")]
    [InlineData("abc", "sha256")]
    [InlineData("", "sha256")]
    public void Malformed_hashes_are_rejected(string sha, string field)
    {
        var state = Fold(OperatorState.Empty, new OperatorCommands.Register(Id, "Metro", null, T0));
        Assert.Equal(field, state.Process(new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, sha, null, T0)).Rejection?.Field);
    }

    [Fact]
    public void Versions_are_numbered_per_kind_and_an_unchanged_feed_is_not_a_new_version()
    {
        var state = Fold(
            OperatorState.Empty,
            new OperatorCommands.Register(Id, "Metro", null, T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, Sha('a'), null, T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, Sha('a'), null, T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gbfs, Sha('a'), new Uri("https://x.example/gbfs.json"), T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, Sha('b'), null, T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, Sha('a'), null, T0)); // Back to old content: a new version.

        Assert.Equal([(FeedKind.Gtfs, 1), (FeedKind.Gbfs, 1), (FeedKind.Gtfs, 2), (FeedKind.Gtfs, 3)], state.Feeds.Select(f => (f.Kind, f.Number)));
        Assert.Equal(Sha('a'), state.Latest(FeedKind.Gtfs)?.Sha256);
    }

    [Fact]
    public void Only_the_latest_versions_of_a_kind_are_kept_in_the_state()
    {
        var commands = new List<IOperatorCommand> { new OperatorCommands.Register(Id, "Metro", null, T0) };
        commands.AddRange(Enumerable.Range(0, OperatorState.KeptVersionsPerKind + 5).Select(i => new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, $"{i:x64}", null, T0)));
        commands.Add(new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gbfs, Sha('c'), null, T0));
        var state = Fold(OperatorState.Empty, [.. commands]);

        var gtfs = state.Feeds.Where(f => f.Kind == FeedKind.Gtfs).Select(f => f.Number).ToList();
        Assert.Equal(Enumerable.Range(6, OperatorState.KeptVersionsPerKind), gtfs);
        Assert.Single(state.Feeds, f => f.Kind == FeedKind.Gbfs);
    }

    /// <summary>Any command repeated at once changes nothing the second time: a client may retry a lost answer safely.</summary>
    [Fact]
    public void Every_command_is_idempotent_when_repeated()
    {
        var property = Prop.ForAll(Commands().ToArbitrary(), commands =>
        {
            var state = OperatorState.Empty;
            foreach (var command in commands)
            {
                state = Fold(state, command);
                var again = state.Process(command);
                if (again.Events.Count != 0)
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    /// <summary>Per kind, the recorded numbers are 1, 2, 3... whatever the commands.</summary>
    [Fact]
    public void Version_numbers_are_consecutive_per_kind()
    {
        var property = Prop.ForAll(Commands().ToArbitrary(), commands =>
        {
            var events = new List<OperatorEvents.FeedVersionRecorded>();
            var state = OperatorState.Empty;
            foreach (var command in commands)
            {
                var decision = state.Process(command);
                events.AddRange(decision.Events.OfType<OperatorEvents.FeedVersionRecorded>());
                state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
            }

            return events.GroupBy(e => e.Kind).All(g => g.Select(e => e.Number).SequenceEqual(Enumerable.Range(1, g.Count())));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    private static Gen<IOperatorCommand[]> Commands()
    {
        var register = Gen.Elements("Metro", "Tram", "")
            .Select(name => (IOperatorCommand)new OperatorCommands.Register(Id, name, null, T0));
        var record = Gen.Zip(Gen.Elements(FeedKind.Gtfs, FeedKind.Gbfs, FeedKind.GtfsRealtime), Gen.Elements('a', 'b', 'c', 'X'))
            .Select(t => (IOperatorCommand)new OperatorCommands.RecordFeedVersion(Id, t.Item1, Sha(t.Item2), null, T0));
        return Gen.Frequency((1, register), (4, record)).ArrayOf();
    }

    private static string Sha(char c) => new(c, 64);

    private static OperatorState Fold(OperatorState state, params IOperatorCommand[] commands)
    {
        foreach (var command in commands)
        {
            state = state.Process(command).Events.Aggregate(state, (s, e) => s.Apply(e));
        }

        return state;
    }
}
