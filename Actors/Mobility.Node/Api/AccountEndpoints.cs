using System.Security.Claims;
using Akka.Hosting;
using Mobility.Actors.Accounts;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;
using Mobility.Node.Configuration;
using Mobility.Node.Security;
using Mobility.Node.Tickets;
using Mobility.Ticketing.Capping;
using Mobility.Ticketing.Media;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Api;

/// <summary>
/// Account-based ticketing over HTTP: operators upload the taps their validators recorded (on time or late), each
/// medium's account charges them under the node's capping scheme; travelers read their account.
/// </summary>
public static class AccountEndpoints
{
    public const int MaxTapsPerUpload = 1000;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/operators/{operatorId}/taps", Upload).WithTags("Tickets")
            .RequireAuthorization(Roles.Operator).RequireTenantFromRoute("operatorId")
            .WithName("UploadTaps")
            .WithSummary($"Records 1-{MaxTapsPerUpload} taps of the operator's validators and charges them under the caps; answers each tap's outcome in order.")
            .Produces<TapUploadResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/operators/{operatorId}/taps/{tapId}/refund", Refund).WithTags("Tickets")
            .RequireAuthorization(Roles.Operator).RequireTenantFromRoute("operatorId")
            .WithName("RefundTap")
            .WithSummary("Refunds one of the operator's taps: a reversing entry (never an edit), and the tap's cap period charged again without it; clearing leaves the ride out.")
            .Produces<TapRefundResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/me/account", Mine).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("MyAccount")
            .WithSummary("The caller's account: its medium, taps with their capped charges, totals and the ledger.")
            .Produces<AccountResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/me/account/credits", ClaimCredits).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("ClaimIncentiveCredits")
            .WithSummary("Credits the caller's account with the carpool incentives its campaigns owe it (each campaign's total, once; a revoked journey lowers it); they pay fares.")
            .Produces<AccountResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<IResult> ClaimCredits(ClaimsPrincipal user, IRequiredActor<AccountRegion> accounts, TicketingContext tickets, CappingEngine engine, TimeProvider clock,
        IRequiredActor<Mobility.Actors.Carpool.KeyBindingRegion> bindings, IRequiredActor<Mobility.Actors.Campaigns.CampaignDirectory> directory,
        IRequiredActor<Mobility.Actors.Campaigns.CampaignRegion> campaigns, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        if (await OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) is not AccountReplies.Found found
            || await Campaigns.CampaignEndpoints.IncentivesOfAsync(traveler.Value, bindings, directory, campaigns, ct) is not { } bodies)
        {
            return EntityAsk.UnavailableProblem();
        }

        var account = found.Account;
        foreach (var body in bodies)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            var campaign = doc.RootElement.GetProperty("campaign").GetString()!;
            var total = doc.RootElement.GetProperty("incentives").EnumerateArray().Sum(i => i.GetProperty("amount_cents").GetInt64());
            switch (await accounts.AskAsync(new AccountCommands.Credit(account.Medium, traveler, "campaign:" + campaign, total, clock.GetUtcNow()), ct))
            {
                case AccountReplies.Found credited:
                    account = credited.Account;
                    break;
                default:
                    return EntityAsk.UnavailableProblem();
            }
        }

        return TypedResults.Ok(AccountResponse.Of(account, engine, clock.GetUtcNow()));
    }

    internal static async Task<IResult> Upload(string operatorId, TapUploadRequest request, IRequiredActor<AccountRegion> accounts,
        IRequiredActor<Mobility.Actors.Carpool.KeyBindingRegion> bindings, TicketingContext tickets, CappingEngine engine,
        Mobility.Actors.Carpool.CarpoolContext carpool, ActiveCampaigns campaigns, TimeProvider clock, CancellationToken ct)
    {
        var op = OperatorId.Parse(operatorId);
        if (request.Taps is not { Count: > 0 and <= MaxTapsPerUpload } taps)
        {
            return EntityAsk.Invalid("taps", $"1 to {MaxTapsPerUpload} taps (an upload of more is split).");
        }

        // The shape of every tap first: a malformed upload records nothing.
        for (var i = 0; i < taps.Count; i++)
        {
            var t = taps[i];
            var problem = t switch
            {
                { Id: null or "" } => ("id", "the operator's id for the tap"),
                { Time: null } => ("time", "when, with its offset"),
                { Medium: var m } when !AccountActorsSetup.IsMediumId(m) => ("medium", "the medium shown: 8-64 of a-z, A-Z, 0-9, '-' and '_'"),
                { Fare: null } => ("fare", "the uncapped fare in minor units"),
                { Tier: null or "" } => ("tier", "the cap tier the tap counts toward"),
                { Validator.Length: > 64 } => ("validator", "at most 64 characters"),
                { Carpool.Length: 0 or > MaxAttestationLength } => ("carpool", $"the carpool journey's attestation (JSON), 1-{MaxAttestationLength} characters"),
                _ => default((string, string)?),
            };
            if (problem is { } p)
            {
                return EntityAsk.Invalid($"taps[{i}].{p.Item1}", p.Item2);
            }
        }

        var now = clock.GetUtcNow();
        var results = new TapResultDto?[taps.Count];
        var routes = await RouteAsync(taps, bindings, tickets, results, ct);
        var legs = await CarpoolLegsAsync(op, taps, routes, bindings, engine, carpool, campaigns, results, now, ct);

        var groups = Enumerable.Range(0, taps.Count).Where(i => results[i] is null)
            .GroupBy(i => routes[i]!.Value.Account, StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(groups.Select(g => accounts.AskAsync(new AccountCommands.RecordTaps(
            g.Key, op, [.. g.Select(i => new TapInput(taps[i].Id!, taps[i].Time!.Value, taps[i].Fare!.Value, taps[i].Tier!, taps[i].Validator, routes[i]!.Value.Via, legs[i].Leg))], now), ct)));
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            for (var k = 0; k < members.Count; k++)
            {
                var i = members[k];
                results[i] = answers[g] switch
                {
                    AccountReplies.Recorded r => TapResultDto.Of(r.Results[k], legs[i].Note),
                    AccountReplies.NotFound => new TapResultDto(taps[i].Id!, "refused", null, "unknown medium"),
                    _ => new TapResultDto(taps[i].Id!, "unavailable", null, "the account did not answer; upload the tap again"),
                };
            }
        }

        return TypedResults.Ok(new TapUploadResponse(results!));
    }

    /// <summary>A carpool attestation is a few kilobytes (a Data Integrity proof, a checkpoint and an inclusion proof).</summary>
    public const int MaxAttestationLength = 16_384;

    /// <summary>
    /// The account each tap lands on: its medium's own (a traveler's app medium), or for a card the account of the
    /// traveler who holds it now. A card no one holds (never registered, or removed) is refused.
    /// </summary>
    private static async Task<(string Account, string? Via)?[]> RouteAsync(IReadOnlyList<TapUploadItem> taps, IRequiredActor<Mobility.Actors.Carpool.KeyBindingRegion> bindings,
        TicketingContext tickets, TapResultDto?[] results, CancellationToken ct)
    {
        var cards = taps.Select(t => t.Medium!).Where(CardMedium.IsCardId).Distinct(StringComparer.Ordinal).ToList();
        var holders = await Task.WhenAll(cards.Select(c => MediaEndpoints.HolderAsync(bindings, c, ct)));
        var holderOf = cards.Select((c, k) => (c, holders[k])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
        var routes = new (string Account, string? Via)?[taps.Count];
        for (var i = 0; i < taps.Count; i++)
        {
            var medium = taps[i].Medium!;
            if (!holderOf.TryGetValue(medium, out var holder))
            {
                routes[i] = (medium, null);
            }
            else if (!holder.Answered)
            {
                results[i] = new TapResultDto(taps[i].Id!, "unavailable", null, "the card's holder could not be read; upload the tap again");
            }
            else if (holder.Holder is null)
            {
                results[i] = new TapResultDto(taps[i].Id!, "refused", null, "unknown medium: the card is registered on no account");
            }
            else
            {
                routes[i] = (TravelerMedia.AppMedium(tickets.MediumSecret, holder.Holder), medium);
            }
        }

        return routes;
    }

    /// <summary>
    /// Taps that carry a carpool journey's attestation: the node decides each as the validator does at the tap's time
    /// (<see cref="CarpoolConnectionValidator"/> over the active campaigns' benefits and the platform's key), then claims
    /// the journey's one leg (binding <c>carpool-leg:LEAF -> ACCOUNT/H(operator:tap)</c>, so that a journey pays one leg across every
    /// account and upload). A granted leg is charged 0 and paid by its campaign in clearing; a refused one is charged as
    /// any tap, its note saying why.
    /// </summary>
    private static async Task<(CarpoolLeg? Leg, string? Note)[]> CarpoolLegsAsync(OperatorId op, IReadOnlyList<TapUploadItem> taps, (string Account, string? Via)?[] routes,
        IRequiredActor<Mobility.Actors.Carpool.KeyBindingRegion> bindings, CappingEngine engine, Mobility.Actors.Carpool.CarpoolContext carpool,
        ActiveCampaigns campaigns, TapResultDto?[] results, DateTimeOffset now, CancellationToken ct)
    {
        var legs = new (CarpoolLeg? Leg, string? Note)[taps.Count];
        if (!taps.Any(t => t.Carpool is not null))
        {
            return legs;
        }

        var documents = (await campaigns.FreshAsync(ct)).Select(c => c.Document).ToList();
        for (var i = 0; i < taps.Count; i++)
        {
            var t = taps[i];
            // A tap the account would refuse claims nothing: the journey's leg stays free for a tap that lands.
            if (t.Carpool is null || results[i] is not null
                || AccountState.TapProblem(new TapInput(t.Id!, t.Time!.Value, t.Fare!.Value, t.Tier!, t.Validator), now, engine) is not null)
            {
                continue;
            }

            // A fresh replay store: the one leg per journey is the binding's to decide, across nodes and uploads.
            var validator = new CarpoolConnectionValidator(carpool.Data.Vkey, documents, TimeProvider.System, ValidatorOptions.Default, new ReplayStore(4));
            var decision = validator.Validate(t.Carpool, new ValidationPoint(op.Value, null, t.Validator ?? "upload"), t.Time!.Value);
            if (!decision.Valid)
            {
                legs[i] = (null, "carpool connection not granted: " + decision.Reason);
                continue;
            }

            var journey = CarpoolConnectionValidator.JourneyKey(decision.Journey!);
            // The claimant, the same on a retried upload: the account and a digest of the operator's tap id (bounded length).
            var claim = routes[i]!.Value.Account + "/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(op.Value + ":" + t.Id)))[..32];
            switch (await bindings.AskAsync(new Mobility.Actors.Carpool.KeyBindingMessages.Bind("carpool-leg:" + journey, claim), ct))
            {
                case Mobility.Actors.Carpool.KeyBindingMessages.Binding { Conflict: true }:
                    legs[i] = (null, "carpool connection not granted: this journey's connecting leg was used by another tap");
                    break;
                case Mobility.Actors.Carpool.KeyBindingMessages.Binding:
                    legs[i] = (new CarpoolLeg(decision.CampaignId!, journey), decision.Reason);
                    break;
                default:
                    results[i] = new TapResultDto(t.Id!, "unavailable", null, "the journey's leg could not be claimed; upload the tap again");
                    break;
            }
        }

        return legs;
    }

    internal static async Task<IResult> Refund(string operatorId, string tapId, TapRefundRequest request, IRequiredActor<AccountRegion> accounts,
        IRequiredActor<Mobility.Actors.Carpool.KeyBindingRegion> bindings, TicketingContext tickets, TimeProvider clock, CancellationToken ct)
    {
        var op = OperatorId.Parse(operatorId);
        if (tapId.Length is 0 or > AccountState.MaxTapIdLength || tapId.Any(char.IsControl))
        {
            return EntityAsk.Invalid("tapId", $"the operator's id for the tap (1-{AccountState.MaxTapIdLength} printable characters)");
        }

        if (!AccountActorsSetup.IsMediumId(request.Medium))
        {
            return EntityAsk.Invalid("medium", "the medium the tap was recorded on: 8-64 of a-z, A-Z, 0-9, '-' and '_'");
        }

        if (request.Reason is { Length: > 200 })
        {
            return EntityAsk.Invalid("reason", "at most 200 characters");
        }

        // A card's tap is on its holder's account (a card removed since: no holder, so no such tap here).
        var account = request.Medium!;
        if (CardMedium.IsCardId(account))
        {
            var holder = await MediaEndpoints.HolderAsync(bindings, account, ct);
            if (!holder.Answered)
            {
                return EntityAsk.UnavailableProblem();
            }

            account = holder.Holder is null ? account : TravelerMedia.AppMedium(tickets.MediumSecret, holder.Holder);
        }

        return await accounts.AskAsync(new AccountCommands.RefundTap(account, op, tapId, request.Reason ?? "refund", clock.GetUtcNow()), ct) switch
        {
            AccountReplies.Refunded r => TypedResults.Ok(new TapRefundResponse(r.TapId, [.. r.Entries.Select(e => new LedgerEntryDto(e.Sequence, e.TapId, e.Kind.ToString().ToLowerInvariant(), e.Amount, e.Reason))])),
            AccountReplies.RefundRefused { Already: true } =>
                TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already refunded", detail: $"Tap '{tapId}' is refunded already."),
            AccountReplies.RefundRefused or AccountReplies.NotFound =>
                TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tap", detail: $"No tap '{tapId}' of operator {operatorId} on this medium."),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    internal static async Task<IResult> Mine(ClaimsPrincipal user, IRequiredActor<AccountRegion> accounts, TicketingContext tickets, CappingEngine engine, TimeProvider clock, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        return await OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) switch
        {
            AccountReplies.Found f => TypedResults.Ok(AccountResponse.Of(f.Account, engine, clock.GetUtcNow())),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    /// <summary>Opens (idempotently) the account of the traveler's app medium, the one its tickets carry.</summary>
    internal static Task<object> OpenAppMediumAsync(IRequiredActor<AccountRegion> accounts, TicketingContext tickets, TravelerId traveler, TimeProvider clock, CancellationToken ct) =>
        accounts.AskAsync(new AccountCommands.Open(TravelerMedia.AppMedium(tickets.MediumSecret, traveler), traveler, clock.GetUtcNow()), ct);
}
