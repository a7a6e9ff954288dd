using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence;
using Mobility.Actors.Carpool;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Clearing;

namespace Mobility.Actors.Clearing;

/// <summary>
/// The issued clearing statements of one territory, one per month. Issuing appends the statement's leaf to the
/// transparency log, then records it; other messages wait (stashed) meanwhile, so a month is never anchored twice.
/// A crash between the append and the record leaves an anchored leaf with no record: the next issue anchors again
/// (the log then holds two leaves of the same statement, both verifiable), and records the second.
/// </summary>
public sealed class ClearingActor : ReceivePersistentActor
{
    private readonly TimeSpan _askTimeout;
    private ImmutableDictionary<string, IssuedStatement> _issued = ImmutableDictionary<string, IssuedStatement>.Empty;

    public ClearingActor(string territory, TimeSpan askTimeout)
    {
        _askTimeout = askTimeout;
        PersistenceId = "clearing-" + territory;
        Recover<ClearingEvents.StatementIssued>(e => _issued = _issued.SetItem(e.Statement.Month, e.Statement));
        Command<ClearingCommands.Get>(g => Sender.Tell(_issued.TryGetValue(g.Month, out var s) ? new ClearingReplies.Issued(s, false) : new ClearingReplies.NotIssued(g.Month)));
        Command<ClearingCommands.Issue>(Issue);
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string territory, TimeSpan askTimeout) => Props.Create(() => new ClearingActor(territory, askTimeout));

    private void Issue(ClearingCommands.Issue issue)
    {
        if (_issued.TryGetValue(issue.Month, out var existing))
        {
            Sender.Tell(new ClearingReplies.Issued(existing, false));
            return;
        }

        var replyTo = Sender;
        ActorRegistry.For(Context.System).Get<LogSingleton>()
            .Ask<object>(new LogMessages.Append([ClearingSigning.Leaf(issue.Json)]), _askTimeout)
            .PipeTo(Self, success: a => new Anchored(issue, a, replyTo), failure: e => new Anchored(issue, new LogMessages.Failed(LogFailure.Unavailable, e.Message), replyTo));
        BecomeStacked(() =>
        {
            Command<Anchored>(Done);
            CommandAny(_ => Stash.Stash());
        });
    }

    private void Done(Anchored done)
    {
        UnbecomeStacked();
        Stash.UnstashAll();
        if (done.Answer is not LogMessages.Appended appended)
        {
            done.ReplyTo.Tell(new ClearingReplies.Unanchored(done.Issue.Month, "the transparency log did not anchor the statement; issue it again later"));
            return;
        }

        var i = done.Issue;
        var statement = new IssuedStatement(i.Month, i.Json, i.Sha256, i.Signature, appended.Indices[0], i.At);
        Persist(new ClearingEvents.StatementIssued(i.Territory, statement), e =>
        {
            _issued = _issued.SetItem(statement.Month, statement);
            done.ReplyTo.Tell(new ClearingReplies.Issued(statement, true));
        });
    }

    private sealed record Anchored(ClearingCommands.Issue Issue, object Answer, IActorRef ReplyTo);
}

/// <summary>Registry key of the clearing shard region.</summary>
public sealed class ClearingRegion;

public sealed class ClearingMessageExtractor() : HashCodeMessageExtractor(TripMessageExtractor.ShardCount)
{
    public override string? EntityId(object message) => message is IClearingMessage m ? m.Territory : null;
}

public static class ClearingActorsSetup
{
    public const string TypeName = "clearing";

    public static AkkaConfigurationBuilder AddClearingActors(this AkkaConfigurationBuilder builder, TimeSpan askTimeout, string? role = null) =>
        builder.WithShardRegion<ClearingRegion>(TypeName, id => ClearingActor.PropsFor(id, askTimeout), new ClearingMessageExtractor(), new ShardOptions
        {
            Role = role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = TimeSpan.FromMinutes(5),
        });
}
