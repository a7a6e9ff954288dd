using System.Security.Claims;
using Akka.Hosting;
using Mobility.Actors.Accounts;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;
using Mobility.Node.Configuration;
using Mobility.Node.Security;
using Mobility.Node.Tickets;

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

    internal static async Task<IResult> ClaimCredits(ClaimsPrincipal user, IRequiredActor<AccountRegion> accounts, TicketingContext tickets, NodeSettings settings, TimeProvider clock,
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

        return TypedResults.Ok(AccountResponse.Of(account, settings.CapScheme, clock.GetUtcNow()));
    }

    internal static async Task<IResult> Upload(string operatorId, TapUploadRequest request, IRequiredActor<AccountRegion> accounts, TimeProvider clock, CancellationToken ct)
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
                _ => default((string, string)?),
            };
            if (problem is { } p)
            {
                return EntityAsk.Invalid($"taps[{i}].{p.Item1}", p.Item2);
            }
        }

        var now = clock.GetUtcNow();
        var groups = taps.Select((t, i) => (Tap: t, Index: i)).GroupBy(x => x.Tap.Medium!, StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(groups.Select(g => accounts.AskAsync(new AccountCommands.RecordTaps(
            g.Key, op, [.. g.Select(x => new TapInput(x.Tap.Id!, x.Tap.Time!.Value, x.Tap.Fare!.Value, x.Tap.Tier!, x.Tap.Validator))], now), ct)));
        var results = new TapResultDto[taps.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            for (var k = 0; k < members.Count; k++)
            {
                results[members[k].Index] = answers[g] switch
                {
                    AccountReplies.Recorded r => TapResultDto.Of(r.Results[k]),
                    AccountReplies.NotFound => new TapResultDto(members[k].Tap.Id!, "refused", null, "unknown medium"),
                    _ => new TapResultDto(members[k].Tap.Id!, "unavailable", null, "the account did not answer; upload the tap again"),
                };
            }
        }

        return TypedResults.Ok(new TapUploadResponse(results));
    }

    internal static async Task<IResult> Refund(string operatorId, string tapId, TapRefundRequest request, IRequiredActor<AccountRegion> accounts, TimeProvider clock, CancellationToken ct)
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

        return await accounts.AskAsync(new AccountCommands.RefundTap(request.Medium!, op, tapId, request.Reason ?? "refund", clock.GetUtcNow()), ct) switch
        {
            AccountReplies.Refunded r => TypedResults.Ok(new TapRefundResponse(r.TapId, [.. r.Entries.Select(e => new LedgerEntryDto(e.Sequence, e.TapId, e.Kind.ToString().ToLowerInvariant(), e.Amount, e.Reason))])),
            AccountReplies.RefundRefused { Already: true } =>
                TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already refunded", detail: $"Tap '{tapId}' is refunded already."),
            AccountReplies.RefundRefused or AccountReplies.NotFound =>
                TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such tap", detail: $"No tap '{tapId}' of operator {operatorId} on this medium."),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    internal static async Task<IResult> Mine(ClaimsPrincipal user, IRequiredActor<AccountRegion> accounts, TicketingContext tickets, NodeSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        return await OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) switch
        {
            AccountReplies.Found f => TypedResults.Ok(AccountResponse.Of(f.Account, settings.CapScheme, clock.GetUtcNow())),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    /// <summary>Opens (idempotently) the account of the traveler's app medium, the one its tickets carry.</summary>
    internal static Task<object> OpenAppMediumAsync(IRequiredActor<AccountRegion> accounts, TicketingContext tickets, TravelerId traveler, TimeProvider clock, CancellationToken ct) =>
        accounts.AskAsync(new AccountCommands.Open(TravelerMedia.AppMedium(tickets.MediumSecret, traveler), traveler, clock.GetUtcNow()), ct);
}
