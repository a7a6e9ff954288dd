using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Reports;

namespace Mobility.Actors.Campaigns;

/// <summary>
/// The campaign directory (a cluster singleton, event-sourced): it records every accepted journey and revocation (the
/// "journeys known so far" of a what-if), knows the active campaigns, and feeds each of them. A campaign activated late
/// is first sent every journey known. Journeys arrive twice: at once through <see cref="CampaignFeed.Topic"/> (pub-sub,
/// at most once), and durably from the journal events tagged <see cref="CampaignFeed.Tag"/>, read from the offset the
/// directory stored (<see cref="CampaignEvents.FeedRead"/>), so that a journey acknowledged before a crash is counted
/// after it. On every start the directory sends each active campaign every journey it knows again (campaigns ignore
/// what they hold), which closes the window between the directory's record and a campaign's.
/// </summary>
public sealed class CampaignDirectoryActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>Journeys replayed to a newly registered campaign per message, to keep messages small.</summary>
    public const int ReplayBatch = 500;

    private readonly Dictionary<string, CampaignJourney> _journeys = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _active = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _closed = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _offset;

    /// <summary>How long the journal feed waits before reading again after a failure or the end of its stream.</summary>
    public static readonly TimeSpan FeedRestartDelay = TimeSpan.FromSeconds(2);

    private sealed record Simulated(object Answer, IActorRef ReplyTo);

    private sealed record FeedStart;

    private sealed record FeedInit;

    private sealed record FeedAck;

    private sealed record FeedDone;

    private sealed record FeedFailed(Exception Cause);

    public CampaignDirectoryActor()
    {
        Recover<CampaignEvents.JourneysCounted>(Apply);
        Recover<CampaignEvents.JourneyRevoked>(Apply);
        Recover<CampaignEvents.CampaignRegistered>(Apply);
        Recover<CampaignEvents.CampaignUnregistered>(Apply);
        Recover<CampaignEvents.FeedRead>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var id in _active)
            {
                Replay(id);
            }

            Self.Tell(new FeedStart());
        });

        Command<FeedStart>(_ => StartFeed());
        Command<FeedInit>(_ => Sender.Tell(new FeedAck()));
        Command<IEnumerable<EventEnvelope>>(ReadFromJournal);
        Command<FeedDone>(_ => Timers.StartSingleTimer("feed", new FeedStart(), FeedRestartDelay));
        Command<FeedFailed>(f =>
        {
            _log.Warning("Campaign feed from the journal failed ({0}); reading again from offset {1} in {2}", f.Cause.Message, _offset, FeedRestartDelay);
            Timers.StartSingleTimer("feed", new FeedStart(), FeedRestartDelay);
        });

        Command<SubscribeAck>(_ => { });
        // Pub-sub and the journal feed go through the same decision (CampaignFeed.Record): one way to record a journey.
        Command<CampaignFeed.JourneyAccepted>(a => RecordAndFan(CampaignFeed.Record([a], _journeys)));
        Command<CampaignFeed.JourneyRevoked>(r => RecordAndFan(CampaignFeed.Record([r], _journeys)));
        Command<CampaignDirectoryMessages.Register>(r =>
        {
            if (_active.Contains(r.CampaignId))
            {
                Replay(r.CampaignId);
                return;
            }
            Persist(new CampaignEvents.CampaignRegistered(r.CampaignId), e =>
            {
                Apply(e);
                Replay(r.CampaignId);
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
                Sender.Tell(CampaignRefusals.Invalid(errors));
                return;
            }
            // The engine runs off the actor on a copy of the journeys; the directory keeps recording meanwhile.
            var journeys = s.Territory is not { } territory
                ? _journeys.Values.ToArray()
                : _journeys.Values.Where(j => Mobility.CarpoolProof.Territories.TerritoryMap.Includes(
                    Mobility.CarpoolProof.Territories.TerritoryMap.Split(j.Territories), territory, s.ImplicitTerritory ?? Carpool.CarpoolContext.DefaultTerritory)).ToArray();
            var replyTo = Sender;
            Task.Run(() => CampaignViews.Summary(CampaignSummary.Of(doc, CampaignEngine.Simulate(WhatIf.AsIfAlwaysValid(doc), journeys).Evaluations)))
                .PipeTo(Self, success: a => new Simulated(a, replyTo), failure: e => new Simulated(CampaignRefusals.Unavailable(e.Message), replyTo));
        });
        Command<Simulated>(s => s.ReplyTo.Tell(s.Answer));
    }

    public override string PersistenceId => "campaign-directory";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor() => Props.Create(() => new CampaignDirectoryActor());

    private IActorRef Campaigns => ActorRegistry.For(Context.System).Get<CampaignRegion>();

    protected override void PreStart()
    {
        base.PreStart();
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CampaignFeed.Topic, Self));
    }

    private static string Key(string operatorId, string journeyId) => CampaignFeed.Key(operatorId, journeyId);

    /// <summary>Persists what the directory records and feeds each event to every active campaign once persisted.</summary>
    private void RecordAndFan(List<object> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        PersistAll(events, e =>
        {
            Apply(e);
            switch (e)
            {
                case CampaignEvents.JourneysCounted c:
                    Fan(id => new CampaignCommands.Submit(id, c.Journeys));
                    break;
                case CampaignEvents.JourneyRevoked r:
                    Fan(id => new CampaignCommands.Revoke(id, r.OperatorId, r.JourneyId, r.Status));
                    break;
            }
        });
    }

    /// <summary>Sends a campaign every journey known, in batches.</summary>
    private void Replay(string campaignId)
    {
        foreach (var batch in _journeys.Values.Chunk(ReplayBatch))
        {
            Campaigns.Tell(new CampaignCommands.Submit(campaignId, batch));
        }
    }

    /// <summary>Reads the tagged journal events after the stored offset, in batches, one batch in flight at a time.</summary>
    private void StartFeed()
    {
        try
        {
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>("akka.persistence.query.journal.sql");
            journal.EventsByTag(CampaignFeed.Tag, Offset.Sequence(_offset))
                .GroupedWithin(ReplayBatch, TimeSpan.FromMilliseconds(100))
                .RunWith(Sink.ActorRefWithAck<IEnumerable<EventEnvelope>>(Self, new FeedInit(), new FeedAck(), new FeedDone(), e => new FeedFailed(e)), Context.Materializer());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Akka.Configuration.ConfigurationException)
        {
            _log.Warning("No journal feed for the campaigns ({0}): journeys reach them by pub-sub only", e.Message);
        }
    }

    /// <summary>Records what the batch brings that the directory does not hold, and the offset read, then asks for more.</summary>
    private void ReadFromJournal(IEnumerable<EventEnvelope> batch)
    {
        var stage = Sender;

        var last = _offset;
        var messages = new List<object?>();
        foreach (var envelope in batch)
        {
            if (envelope.Offset is Sequence sequence)
            {
                last = Math.Max(last, sequence.Value);
            }

            messages.Add(CampaignFeed.FromJournal(envelope.Event));
        }

        var events = CampaignFeed.Record(messages, _journeys);
        if (last > _offset)
        {
            events.Add(new CampaignEvents.FeedRead(last));
        }

        if (events.Count == 0)
        {
            stage.Tell(new FeedAck());
            return;
        }

        RecordAndFan(events);
        DeferAsync(stage, s => s.Tell(new FeedAck()));
    }

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
            case CampaignEvents.FeedRead f:
                _offset = Math.Max(_offset, f.Offset);
                break;
        }
    }
}
