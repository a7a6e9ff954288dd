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
/// One declared journey ("operator_id/operator_journey_id"). A declaration runs <see cref="DeclarationWorkflow"/>
/// while other commands wait; an accepted one is persisted (one event carrying its view and attestation), then its
/// identities' reservations are committed. Once recorded, a second declaration is a 409. Flags append a
/// status-change leaf that revokes the attestation.
/// </summary>
public sealed class JourneyActor : ReceivePersistentActor
{
    private readonly CarpoolContext _context;
    private CarpoolEvents.JourneyAccepted? _accepted;
    private JourneyView? _view;

    private sealed record WorkDone(DeclarationWorkflow.Outcome Outcome, IActorRef ReplyTo);

    private sealed record FlagDone(Flag Flag, object LogAnswer, IActorRef ReplyTo);

    public JourneyActor(string entityId, CarpoolContext context)
    {
        _context = context;
        PersistenceId = "journey-" + entityId;
        SnapshotPluginId = CarpoolContext.NoSnapshotStore; // Never saves snapshots (see there).
        Recover<CarpoolEvents.JourneyAccepted>(Apply);
        Recover<CarpoolEvents.JourneyFlagged>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_accepted is not null)
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
        Command<Get>(g => Sender.Tell(_view is null ? new NotFound(g.JourneyKey) : new Found(_view)));
        Command<Declare>(d =>
        {
            if (_view is not null)
            {
                Sender.Tell(new Declared(d.JourneyKey, 409, "Already recorded", $"operator_journey_id {_view.OperatorJourneyId} is already recorded.",
                    [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already recorded")], null));
                return;
            }

            var replyTo = Sender;
            var workflow = new DeclarationWorkflow(_context, Identities, ActorRegistry.For(Context.System).Get<KeyBindingRegion>(), TheLog);
            workflow.RunAsync(d).PipeTo(Self, success: o => new WorkDone(o, replyTo),
                failure: e => new WorkDone(new DeclarationWorkflow.Outcome(new Declared(d.JourneyKey, 500, "Declaration failed", e.Message, [], null), null, []), replyTo));
            Become(Busy);
        });
        Command<Flag>(f =>
        {
            if (_view is null || _accepted is null)
            {
                Sender.Tell(new Flagged(f.JourneyKey, 404, "No such journey.", null));
                return;
            }

            if (_view.Revocation is not null)
            {
                // A journey is revoked once; the same flag again is a harmless retry.
                Sender.Tell(new Flagged(f.JourneyKey, _view.Status == f.Status ? 200 : 409,
                    _view.Status == f.Status ? null : $"Already {_view.Status}.", _view));
                return;
            }

            var replyTo = Sender;
            var leaf = new StatusChange(_view.OperatorId, _view.OperatorJourneyId, StatusChange.LeafHash(Convert.FromBase64String(_accepted.LeafBase64)),
                StatusChange.Revoked, f.Reason, UtcTimestamp.Truncate(_context.Time.GetUtcNow())).LeafBytes();
            TheLog.Ask<object>(new LogMessages.Append([leaf]), _context.AskTimeout)
                .PipeTo(Self, success: a => new FlagDone(f, a, replyTo), failure: e => new FlagDone(f, new LogMessages.Failed(503, e.Message), replyTo));
            Become(Busy);
        });
    }

    private void Busy()
    {
        Command<Get>(g => Sender.Tell(_view is null ? new NotFound(g.JourneyKey) : new Found(_view)));
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
            var e = accepted;
            Apply(e);
            CommitIdentities();
            if (done.Outcome.ForCampaigns is { } forCampaigns)
            {
                PublishToCampaigns(new CampaignFeed.JourneyAccepted(forCampaigns));
            }
            done.ReplyTo.Tell(done.Outcome.Reply);

            // Fraud found now also indicts the earlier journey it collides with: flag it (its own leaf revokes it).
            // Weaker evidence never indicts stronger: IdentityState names the other journey only when it may be flagged.
            foreach (var other in done.Outcome.Violations.Where(v => v.Flags is not null)
                         .Select(v => (v.Flags!, v.Label)).DistinctBy(v => v.Item1))
            {
                Journeys.Tell(new Flag(other.Item1, JourneyStatus.FraudError, other.Label, Withdraw: false));
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
            done.ReplyTo.Tell(new Flagged(done.Flag.JourneyKey, 503, reason, _view));
            Become(Ready);
            Stash.UnstashAll();
            return;
        }

        var flagged = new CarpoolEvents.JourneyFlagged(done.Flag.JourneyKey, done.Flag.Status, done.Flag.Reason, a.Indices[0], _context.Time.GetUtcNow());
        Persist(new Tagged(flagged, [CampaignFeed.Tag]), _ =>
        {
            var e = flagged;
            Apply(e);
            if (done.Flag.Withdraw && _accepted is not null)
            {
                foreach (var identity in new[] { _accepted.DriverKey, _accepted.PassengerKey }.Distinct(StringComparer.Ordinal))
                {
                    Identities.Tell(new IdentityMessages.Withdraw(identity, e.JourneyKey, e.Reason));
                }
            }

            PublishToCampaigns(CampaignFeed.Revoked(_view!.OperatorId, _view.OperatorJourneyId, e.Status));
            done.ReplyTo.Tell(new Flagged(e.JourneyKey, 200, null, _view));
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
        var a = _accepted!;
        var v = a.Journey;
        var key = v.OperatorId + "/" + v.OperatorJourneyId;
        var driverTrip = new TripFacts(key, v.OperatorId, v.OperatorTripId, OccupantRole.Driver, a.PassengerKey, v.Start, v.End, v.ProofClass);
        Identities.Tell(new IdentityMessages.Commit(a.DriverKey, driverTrip, a.Values));
        if (a.PassengerKey != a.DriverKey)
        {
            Identities.Tell(new IdentityMessages.Commit(a.PassengerKey, driverTrip with { Role = OccupantRole.Passenger, Counterpart = a.DriverKey }, a.Values));
        }
    }

    private void Apply(CarpoolEvents.JourneyAccepted e)
    {
        _accepted = e;
        _view = e.Journey;
    }

    private void Apply(CarpoolEvents.JourneyFlagged e) =>
        _view = _view! with { Status = e.Status, Revocation = e.Reason, RevocationLeafIndex = e.LeafIndex };
}
