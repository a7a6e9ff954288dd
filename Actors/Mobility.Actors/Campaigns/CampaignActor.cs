using System.Globalization;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Campaigns.Settlement;

namespace Mobility.Actors.Campaigns;

/// <summary>
/// One campaign (sharded by campaign id, event-sourced): created as a draft from its document, activated (the
/// directory then feeds it every accepted journey, past ones first), closed. Journeys and revocations are persisted
/// as they arrive and counted incrementally by the engine; settlements are signed with the platform key and their
/// canonical bytes anchored once in the transparency log (anchored again only if they change).
/// </summary>
public sealed class CampaignActor : ReceivePersistentActor
{
    private readonly CampaignContext _context;
    private readonly string _campaignId;
    private readonly CampaignState _state;

    private sealed record Anchored(MonthlySettlement Settlement, string Format, string Sha256, object LogAnswer, IActorRef ReplyTo);

    public CampaignActor(string entityId, CampaignContext context)
    {
        _context = context;
        _campaignId = entityId;
        _state = new CampaignState(context.ImplicitTerritory);
        PersistenceId = "campaign-" + entityId;

        Recover<Serialization.IPersistedEvent>(e => _state.Apply(e));

        Command<CampaignCommands.Get>(g => Sender.Tell(_state.VisibleTo(g.Territory) ? CampaignViews.Overview(_campaignId, _state) : CampaignRefusals.NotFound()));
        Command<CampaignCommands.Incentives>(i => Sender.Tell(_state.Phase == CampaignPhase.None
            ? CampaignRefusals.NotFound()
            : CampaignViews.Incentives(_campaignId, _state, i.IdentityKey)));
        Command<CampaignCommands.Terms>(_ => Sender.Tell(new CampaignTerms(_campaignId, _state.Phase.ToString().ToLowerInvariant(), _state.Territory,
            _state.Phase == CampaignPhase.None ? [] : _state.Document)));
        Command<CampaignCommands.Statement>(s => Sender.Tell(_state.VisibleTo(s.Territory) ? CampaignViews.Statement(_state, s.DriverKey, s.Year) : CampaignRefusals.NotFound()));
        Command<CampaignCommands.OpenData>(o => Sender.Tell(_state.VisibleTo(o.Territory) ? CampaignViews.OpenData(_state) : CampaignRefusals.NotFound()));
        Command<CampaignCommands.Settlement>(Settle);
        Command<Anchored>(OnAnchored);
        Command<CampaignCommands.Create>(c => Handle(c));
        Command<CampaignCommands.Activate>(c => Handle(c));
        Command<CampaignCommands.Close>(c => Handle(c));
        Command<CampaignCommands.Submit>(c => Handle(c, reply: false));
        Command<CampaignCommands.Revoke>(c => Handle(c, reply: false));
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId, CampaignContext context) => Props.Create(() => new CampaignActor(entityId, context));

    private IActorRef Directory => ActorRegistry.For(Context.System).Get<CampaignDirectory>();

    private void Handle(object command, bool reply = true)
    {
        var (e, refusal) = _state.Decide(command, _context.Time.GetUtcNow());
        var sender = Sender;
        if (refusal is not null || e is null || e is CampaignEvents.JourneysCounted { Journeys.Count: 0 })
        {
            if (reply)
            {
                sender.Tell(refusal is not null ? refusal : CampaignViews.Overview(_campaignId, _state));
            }
            return;
        }

        Persist(e, persisted =>
        {
            _state.Apply(persisted);
            switch (persisted)
            {
                case CampaignEvents.Activated:
                    Directory.Tell(new CampaignDirectoryMessages.Register(_campaignId));
                    break;
                case CampaignEvents.Closed:
                    Directory.Tell(new CampaignDirectoryMessages.Unregister(_campaignId));
                    break;
            }
            if (reply)
            {
                sender.Tell(CampaignViews.Overview(_campaignId, _state));
            }
        });
    }

    private void Settle(CampaignCommands.Settlement s)
    {
        if (!_state.VisibleTo(s.Territory))
        {
            Sender.Tell(CampaignRefusals.NotFound());
            return;
        }
        if (!DateOnly.TryParseExact(s.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            Sender.Tell(CampaignRefusals.BadRequest("month: YYYY-MM expected."));
            return;
        }
        if (CampaignViews.SettlementOf(_state, month, s.OperatorId) is not { } settlement)
        {
            Sender.Tell(CampaignRefusals.NotFoundDetail($"No award to operator {s.OperatorId} in {s.Month}."));
            return;
        }

        var canonical = SettlementCsv.CanonicalBytes(settlement);
        var sha = Convert.ToHexStringLower(SHA256.HashData(canonical));
        // A settled month is locked: the same settlement again gives the same bytes; a changed one (a journey revoked
        // since) is anchored as a correction that names the settlement it replaces and the change of its total.
        var anchor = _state.AnchorOf(s.OperatorId, settlement.Month);
        if (anchor is { } a && a.Latest.Sha256 == sha)
        {
            Sender.Tell(CampaignViews.RenderSettlement(settlement, s.Format, _context.Signer, a.Latest.Index, Correction(a.Previous)));
            return;
        }

        var replyTo = Sender;
        ActorRegistry.For(Context.System).Get<LogSingleton>()
            .Ask<object>(new LogMessages.Append([SettlementVerifier.Leaf(canonical)]), _context.AskTimeout)
            .PipeTo(Self, success: a => new Anchored(settlement, s.Format, sha, a, replyTo),
                failure: e => new Anchored(settlement, s.Format, sha, new LogMessages.Failed(LogFailure.Unavailable, e.Message), replyTo));
    }

    private static SettlementCorrection? Correction((string Sha256, long Index, long TotalCents)? previous) =>
        previous is { } p ? new SettlementCorrection(p.Sha256, p.Index, p.TotalCents) : null;

    private void OnAnchored(Anchored done)
    {
        if (done.LogAnswer is not LogMessages.Appended a)
        {
            done.ReplyTo.Tell(CampaignRefusals.Unavailable("The transparency log did not anchor the settlement; retry later."));
            return;
        }
        var replaced = _state.AnchorOf(done.Settlement.OperatorId, done.Settlement.Month)?.Latest;
        Persist(new CampaignEvents.SettlementAnchored(done.Settlement.OperatorId, done.Settlement.Month, done.Sha256, a.Indices[0], done.Settlement.TotalCents), e =>
        {
            _state.Apply(e);
            done.ReplyTo.Tell(CampaignViews.RenderSettlement(done.Settlement, done.Format, _context.Signer, e.LogIndex, Correction(replaced)));
        });
    }
}
