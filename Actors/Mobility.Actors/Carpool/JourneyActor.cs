using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using static Mobility.Actors.Carpool.JourneyMessages;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One declared journey ("operator_id/operator_journey_id"), a thin shell around <see cref="JourneyState"/>: what a
/// command means is the state's. A declaration runs <see cref="DeclarationWorkflow"/> while other commands wait; an
/// accepted one is persisted (one event carrying its view and attestation), then its identities' reservations are
/// committed. Once recorded, a second declaration is answered already recorded. Flags append a status-change leaf
/// that revokes the attestation.
/// </summary>
public sealed class JourneyActor : ReceivePersistentActor
{
    private readonly CarpoolContext _context;
    private JourneyState _state = JourneyState.Empty;

    private sealed record WorkDone(DeclarationWorkflow.Outcome Outcome, IActorRef ReplyTo);

    private sealed record FlagDone(Flag Flag, object LogAnswer, IActorRef ReplyTo);

    public JourneyActor(string entityId, CarpoolContext context)
    {
        _context = context;
        PersistenceId = "journey-" + entityId;
        SnapshotPluginId = CarpoolContext.NoSnapshotStore; // Never saves snapshots (see there).
        Recover<CarpoolEvents.JourneyAccepted>(e => _state = _state.Apply(e));
        Recover<CarpoolEvents.JourneyFlagged>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_state.IsRecorded)
            {
                CommitIdentities(); // Idempotent: finishes a commit cut short by a crash after persisting.
            }
        });
        Ready();
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId, CarpoolContext context) => Props.Create(() => new JourneyActor(entityId, context));

    private IActorRef Identities => ActorRegistry.For(Context.System).Get<IdentityRegion>();

    private IActorRef Journeys => ActorRegistry.For(Context.System).Get<JourneyRegion>();

    private IActorRef TheLog => ActorRegistry.For(Context.System).Get<LogSingleton>();

    private void Ready()
    {
        Command<IJourneyMessage>(command =>
        {
            var step = _state.Process(command, _context.Time.GetUtcNow());
            var replyTo = Sender;
            if (step.Reply is { } reply)
            {
                replyTo.Tell(reply);
            }
            else if (step.Decides && command is Declare d)
            {
                var workflow = new DeclarationWorkflow(_context, Identities, ActorRegistry.For(Context.System).Get<KeyBindingRegion>(), TheLog);
                workflow.RunAsync(d).PipeTo(Self, success: o => new WorkDone(o, replyTo),
                    failure: e => new WorkDone(new DeclarationWorkflow.Outcome(new Declared(d.JourneyKey, Mobility.CarpoolProof.Decision.DeclarationVerdict.Unavailable,
                        "The declaration failed: " + e.Message, [], null), null, []), replyTo));
                Become(Busy);
            }
            else if (step.Persist is { } accepted)
            {
                // Decided and logged by a batch (DeclarationBatchWorkflow), which commits the identities itself.
                Persist(new Tagged(accepted, [CampaignFeed.Tag]), _ =>
                {
                    _state = _state.Apply(accepted);
                    if (accepted.ForCampaigns is { } forCampaigns)
                    {
                        PublishToCampaigns(new CampaignFeed.JourneyAccepted(forCampaigns));
                    }

                    replyTo.Tell(new Declared(command.JourneyKey, Mobility.CarpoolProof.Decision.DeclarationVerdict.Recorded, null, [], _state.View));
                });
            }
            else if (step.Leaf is { } leaf && command is Flag f)
            {
                TheLog.Ask<object>(new LogMessages.Append([leaf], null, step.Opening is { } opening ? [opening.ToBytes()] : null), _context.AskTimeout)
                    .PipeTo(Self, success: a => new FlagDone(f, a, replyTo), failure: e => new FlagDone(f, new LogMessages.Failed(LogFailure.Unavailable, e.Message), replyTo));
                Become(Busy);
            }
        });
    }

    private void Busy()
    {
        Command<Get>(g => Sender.Tell(_state.Process(g, _context.Time.GetUtcNow()).Reply));
        Command<WorkDone>(OnWorkDone);
        Command<FlagDone>(OnFlagDone);
        CommandAny(_ => Stash.Stash());
    }

    private void OnWorkDone(WorkDone done)
    {
        if (done.Outcome.Accepted is not { } accepted)
        {
            done.ReplyTo.Tell(done.Outcome.Reply);
            Become(Ready);
            Stash.UnstashAll();
            return;
        }

        // Tagged for the campaign feed: the directory reads acceptances from the journal, not only from pub-sub.
        Persist(new Tagged(accepted, [CampaignFeed.Tag]), _ =>
        {
            _state = _state.Apply(accepted);
            CommitIdentities();
            if (done.Outcome.ForCampaigns is { } forCampaigns)
            {
                PublishToCampaigns(new CampaignFeed.JourneyAccepted(forCampaigns));
            }
            done.ReplyTo.Tell(done.Outcome.Reply);

            // Fraud found now also indicts the earlier journey it collides with: flag it (its own leaf revokes it).
            // Weaker evidence never indicts stronger: IdentityState names the other journey only when it may be flagged.
            foreach (var (other, label) in done.Outcome.Indicted ?? [])
            {
                Journeys.Tell(new Flag(other, JourneyStatus.FraudError, label, Withdraw: false));
            }

            Become(Ready);
            Stash.UnstashAll();
        });
    }

    private void OnFlagDone(FlagDone done)
    {
        if (done.LogAnswer is not LogMessages.Appended a)
        {
            var reason = done.LogAnswer is LogMessages.Failed f ? f.Reason : "unexpected log answer";
            done.ReplyTo.Tell(new Flagged(done.Flag.JourneyKey, FlagResult.Unavailable, reason, _state.View));
            Become(Ready);
            Stash.UnstashAll();
            return;
        }

        var flagged = new CarpoolEvents.JourneyFlagged(done.Flag.JourneyKey, done.Flag.Status, done.Flag.Reason, a.Indices[0], _context.Time.GetUtcNow());
        Persist(new Tagged(flagged, [CampaignFeed.Tag]), _ =>
        {
            var e = flagged;
            _state = _state.Apply(e);
            if (done.Flag.Withdraw)
            {
                foreach (var (identity, _) in _state.Trips())
                {
                    Identities.Tell(new IdentityMessages.Withdraw(identity, e.JourneyKey, e.Reason));
                }
            }

            var view = _state.View!;
            PublishToCampaigns(CampaignFeed.Revoked(view.OperatorId, view.OperatorJourneyId, e.Status));
            done.ReplyTo.Tell(new Flagged(e.JourneyKey, FlagResult.Flagged, null, view));
            Become(Ready);
            Stash.UnstashAll();
        });
    }

    /// <summary>Campaigns learn of an acceptance or revocation at once through pub-sub (at most once), and in any case
    /// from the tagged journal events (<see cref="CampaignDirectoryActor"/> reads them with a stored offset).</summary>
    private void PublishToCampaigns(object message) =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(CampaignFeed.Topic, message));

    private void CommitIdentities()
    {
        var values = _state.Accepted!.Values;
        foreach (var (identity, trip) in _state.Trips())
        {
            Identities.Tell(new IdentityMessages.Commit(identity, trip, values));
        }
    }
}
