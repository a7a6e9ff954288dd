using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Persistence;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Reports;

namespace Mobility.Actors.Campaigns;

/// <summary>
/// The campaign directory (a cluster singleton, event-sourced): subscribed to <see cref="CampaignFeed.Topic"/>, it
/// records every accepted journey and revocation (the "journeys known so far" of a what-if), knows the active
/// campaigns, and feeds each of them. A campaign activated late is first sent every journey known.
/// </summary>
public sealed class CampaignDirectoryActor : ReceivePersistentActor
{
    /// <summary>Journeys replayed to a newly registered campaign per message, to keep messages small.</summary>
    public const int ReplayBatch = 500;

    private readonly Dictionary<string, CampaignJourney> _journeys = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _active = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _closed = new(StringComparer.Ordinal);

    private sealed record Simulated(CampaignAnswer Answer, IActorRef ReplyTo);

    public CampaignDirectoryActor()
    {
        Recover<CampaignEvents.JourneysCounted>(Apply);
        Recover<CampaignEvents.JourneyRevoked>(Apply);
        Recover<CampaignEvents.CampaignRegistered>(Apply);
        Recover<CampaignEvents.CampaignUnregistered>(Apply);

        Command<SubscribeAck>(_ => { });
        Command<CampaignFeed.JourneyAccepted>(a =>
        {
            if (a.Journey.Problem() is not null || (_journeys.TryGetValue(Key(a.Journey.OperatorId, a.Journey.JourneyId), out var known) && known == a.Journey))
            {
                return; // Malformed, or a retried publication: nothing new.
            }
            Persist(new CampaignEvents.JourneysCounted([a.Journey]), e =>
            {
                Apply(e);
                Fan(id => new CampaignCommands.Submit(id, e.Journeys));
            });
        });
        Command<CampaignFeed.JourneyRevoked>(r =>
        {
            if (!_journeys.TryGetValue(Key(r.OperatorId, r.JourneyId), out var known) || known.Status == r.Status)
            {
                return;
            }
            Persist(new CampaignEvents.JourneyRevoked(r.OperatorId, r.JourneyId, r.Status), e =>
            {
                Apply(e);
                Fan(id => new CampaignCommands.Revoke(id, e.OperatorId, e.JourneyId, e.Status));
            });
        });
        Command<CampaignDirectoryMessages.Register>(r =>
        {
            void Replay()
            {
                foreach (var batch in _journeys.Values.Chunk(ReplayBatch))
                {
                    Campaigns.Tell(new CampaignCommands.Submit(r.CampaignId, batch));
                }
            }
            if (_active.Contains(r.CampaignId))
            {
                Replay();
                return;
            }
            Persist(new CampaignEvents.CampaignRegistered(r.CampaignId), e =>
            {
                Apply(e);
                Replay();
            });
        });
        Command<CampaignDirectoryMessages.Unregister>(u =>
        {
            if (_active.Contains(u.CampaignId))
            {
                Persist(new CampaignEvents.CampaignUnregistered(u.CampaignId), Apply);
            }
        });
        Command<CampaignDirectoryMessages.ListActive>(_ => Sender.Tell(new CampaignDirectoryMessages.Active([.. _active.Union(_closed).Order(StringComparer.Ordinal)])));
        Command<CampaignDirectoryMessages.Simulate>(s =>
        {
            var (doc, errors) = CampaignParser.TryParse(s.Document);
            if (doc is null)
            {
                Sender.Tell(Problems.Invalid(errors));
                return;
            }
            // The engine runs off the actor on a copy of the journeys; the directory keeps recording meanwhile.
            var journeys = _journeys.Values.ToArray();
            var replyTo = Sender;
            Task.Run(() => CampaignViews.Summary(CampaignSummary.Of(doc, CampaignEngine.Simulate(WhatIf.AsIfAlwaysValid(doc), journeys).Evaluations)))
                .PipeTo(Self, success: a => new Simulated(a, replyTo), failure: e => new Simulated(Problems.Unavailable(e.Message), replyTo));
        });
        Command<Simulated>(s => s.ReplyTo.Tell(s.Answer));
    }

    public override string PersistenceId => "campaign-directory";

    public static Props PropsFor() => Props.Create(() => new CampaignDirectoryActor());

    private IActorRef Campaigns => ActorRegistry.For(Context.System).Get<CampaignRegion>();

    protected override void PreStart()
    {
        base.PreStart();
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CampaignFeed.Topic, Self));
    }

    private static string Key(string operatorId, string journeyId) => operatorId + "/" + journeyId;

    private void Fan(Func<string, object> message)
    {
        foreach (var id in _active)
        {
            Campaigns.Tell(message(id));
        }
    }

    private void Apply(object e)
    {
        switch (e)
        {
            case CampaignEvents.JourneysCounted c:
                foreach (var j in c.Journeys)
                {
                    _journeys[Key(j.OperatorId, j.JourneyId)] = j;
                }
                break;
            case CampaignEvents.JourneyRevoked r when _journeys.TryGetValue(Key(r.OperatorId, r.JourneyId), out var j):
                _journeys[Key(r.OperatorId, r.JourneyId)] = j with { Status = r.Status };
                break;
            case CampaignEvents.CampaignRegistered r:
                _active.Add(r.CampaignId);
                break;
            case CampaignEvents.CampaignUnregistered u:
                _active.Remove(u.CampaignId);
                _closed.Add(u.CampaignId);
                break;
        }
    }
}
