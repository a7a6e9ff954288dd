using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Mobility.Actors.Carpool;
using Mobility.Actors.Clearing;
using Mobility.Node.Api.Carpool;
using Mobility.Node.Configuration;
using Mobility.Node.Security;
using Mobility.Node.Tickets;
using Mobility.Ticketing.Clearing;

namespace Mobility.Node.Api;

/// <summary>
/// Monthly clearing between operators: the published apportionment policy, the month's statement computed from the
/// ticketing ledger, issued once (signed by the platform key, anchored in the transparency log) by the territory's
/// authority after the month ended, each operator's line, and the clearing input so anyone re-computes it.
/// </summary>
public static partial class ClearingEndpoints
{
    public static IEndpointRouteBuilder MapClearingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tickets/clearing-policy", Policy).WithTags("Tickets").AllowAnonymous().WithName("ClearingPolicy")
            .WithSummary("The published apportionment policy clearing applies, as its bytes (the ETag is their SHA-256).")
            .Produces<string>(contentType: "application/json");

        var authority = app.MapGroup("/authority/clearing").WithTags("Tickets").RequireAuthorization(Roles.Authority)
            .AddEndpointFilter(AuthorityEndpoints.ConfiguredTerritoryCheck);
        authority.MapGet("/{month}", Month).WithName("ClearingMonth")
            .WithSummary("A month's clearing statement as the ledger gives it now, and as issued if it was.")
            .Produces<ClearingMonthResponse>().ProducesValidationProblem();
        authority.MapGet("/{month}/tickets.csv", Tickets).WithName("ClearingInput")
            .WithSummary("The month's clearing input, one row per ride, as mobility ticket clear --tickets reads it.")
            .Produces<string>(contentType: "text/csv").ProducesValidationProblem();
        authority.MapPost("/{month}", Issue).WithName("IssueClearingStatement")
            .WithSummary("Issues a finished month's statement once: signed by the platform key and anchored in the transparency log.")
            .Produces<IssuedStatementResponse>(StatusCodes.Status201Created).Produces<IssuedStatementResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/operators/{operatorId}/statements/{month}", OperatorLine).WithTags("Tickets")
            .RequireAuthorization(Roles.Operator).RequireTenantFromRoute("operatorId").WithName("OperatorClearingStatement")
            .WithSummary("The operator's line of an issued month's clearing statement, with the signed statement.")
            .Produces<OperatorStatementResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/operators/{operatorId}/journal/{month}", OperatorJournal).WithTags("Tickets")
            .RequireAuthorization(Roles.Operator).RequireTenantFromRoute("operatorId").WithName("OperatorJournalEntries")
            .WithSummary("The operator's ledger entries of a month, one per ride, in the TOMP-API 1.6.1 journalEntry shape, as the ledger gives them now.")
            .Produces<string>(contentType: "application/json").ProducesValidationProblem();
        return app;
    }

    /// <summary>
    /// One TOMP journal entry per ride of the operator (<c>journalId</c> the clearing ticket, <c>journalSequenceId</c> the
    /// ride), from the ledger now, with the draft's SHA-256 and whether it is the issued statement's.
    /// </summary>
    internal static async Task<IResult> OperatorJournal(string operatorId, string month, ActorSystem system, NodeSettings settings, IRequiredActor<ClearingRegion> clearing,
        CarpoolContext carpool, CancellationToken ct)
    {
        if (!IsMonth(month))
        {
            return BadMonth();
        }

        var tickets = await ClearingLedger.TicketsOfMonthAsync(system, settings.CapScheme, month, ct);
        var entries = new System.Text.Json.Nodes.JsonArray();
        var draft = ClearingStatement.Clear(settings.ClearingPolicy.Policy, month, tickets, e =>
        {
            if (e.Operator == operatorId)
            {
                entries.Add(ClearingStatement.Tomp(e));
            }
        });
        var issued = await clearing.AskAsync(new ClearingCommands.Get(carpool.Territory, month), ct) as ClearingReplies.Issued;
        var answer = new System.Text.Json.Nodes.JsonObject
        {
            ["operatorId"] = operatorId,
            ["month"] = month,
            ["policy"] = $"{draft.Policy.Id} {draft.Policy.Version} sha256:{draft.Policy.Sha256}",
            ["draftSha256"] = draft.Sha256,
            ["issued"] = issued is not null,
            ["matchesIssued"] = issued?.Statement.Sha256 == draft.Sha256,
            ["journalEntries"] = entries,
        };
        return TypedResults.Text(answer.ToJsonString(), "application/json");
    }

    internal static IResult Policy(NodeSettings settings, HttpContext http)
    {
        var (policy, bytes) = settings.ClearingPolicy;
        http.Response.Headers.ETag = "\"" + policy.Sha256 + "\"";
        return TypedResults.Bytes(bytes, "application/json");
    }

    internal static async Task<IResult> Month(string month, ActorSystem system, NodeSettings settings, IRequiredActor<ClearingRegion> clearing, CarpoolContext carpool, CancellationToken ct)
    {
        if (!IsMonth(month))
        {
            return BadMonth();
        }

        var draft = await DraftAsync(system, settings, month, ct);
        var issued = await clearing.AskAsync(new ClearingCommands.Get(carpool.Territory, month), ct);
        var statement = issued is ClearingReplies.Issued i ? IssuedStatementResponse.Of(i.Statement) : null;
        if (issued is EntityAsk.Unavailable)
        {
            return EntityAsk.UnavailableProblem();
        }

        return TypedResults.Ok(new ClearingMonthResponse(month, JsonDocument.Parse(draft.ToJson()).RootElement.Clone(), draft.Sha256, statement,
            statement is not null && statement.Sha256 != draft.Sha256));
    }

    internal static async Task<IResult> Tickets(string month, ActorSystem system, NodeSettings settings, CancellationToken ct) =>
        IsMonth(month)
            ? TypedResults.Text(ClearingLedger.Csv(await ClearingLedger.TicketsOfMonthAsync(system, settings.CapScheme, month, ct)), "text/csv")
            : BadMonth();

    internal static async Task<IResult> Issue(string month, ActorSystem system, NodeSettings settings, IRequiredActor<ClearingRegion> clearing, CarpoolContext carpool,
        TimeProvider clock, CancellationToken ct)
    {
        if (!IsMonth(month))
        {
            return BadMonth();
        }

        var now = clock.GetUtcNow();
        var firstDay = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (ClearingLedger.TravelDay(settings.CapScheme, now) < firstDay.AddMonths(1))
        {
            return TypedResults.Problem(statusCode: 409, title: "Month not finished",
                detail: $"{month} is not over on the scheme's clock ({settings.CapScheme.TimeZone.Id}); its statement is issued once it is.");
        }

        var draft = await DraftAsync(system, settings, month, ct);
        var json = draft.ToJson();
        var signature = Convert.ToBase64String(ClearingSigning.Sign(carpool.Platform.Key, json));
        return await clearing.AskAsync(new ClearingCommands.Issue(carpool.Territory, month, json, draft.Sha256, signature, now), ct) switch
        {
            ClearingReplies.Issued { Now: true } i => TypedResults.Created($"/authority/clearing/{month}", IssuedStatementResponse.Of(i.Statement)),
            ClearingReplies.Issued i => TypedResults.Ok(IssuedStatementResponse.Of(i.Statement)),
            ClearingReplies.Unanchored u => TypedResults.Problem(statusCode: 503, title: "Not anchored", detail: u.Reason),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    internal static async Task<IResult> OperatorLine(string operatorId, string month, IRequiredActor<ClearingRegion> clearing, CarpoolContext carpool, CancellationToken ct)
    {
        if (!IsMonth(month))
        {
            return BadMonth();
        }

        if (await clearing.AskAsync(new ClearingCommands.Get(carpool.Territory, month), ct) is not ClearingReplies.Issued issued)
        {
            return TypedResults.Problem(statusCode: 404, title: "No statement", detail: $"No clearing statement was issued for {month}.");
        }

        using var doc = JsonDocument.Parse(issued.Statement.Json);
        var currency = doc.RootElement.GetProperty("currency").GetString()!;
        var line = doc.RootElement.GetProperty("operators").EnumerateArray().FirstOrDefault(o => o.GetProperty("operator").GetString() == operatorId);
        return line.ValueKind == JsonValueKind.Undefined
            ? TypedResults.Ok(new OperatorStatementResponse(operatorId, month, 0, 0, 0, currency, IssuedStatementResponse.Of(issued.Statement)))
            : TypedResults.Ok(new OperatorStatementResponse(operatorId, month, line.GetProperty("legs").GetInt64(), line.GetProperty("amount").GetInt64(),
                line.GetProperty("amountExVat").GetInt64(), currency, IssuedStatementResponse.Of(issued.Statement)));
    }

    private static async Task<ClearingStatement> DraftAsync(ActorSystem system, NodeSettings settings, string month, CancellationToken ct)
    {
        var tickets = await ClearingLedger.TicketsOfMonthAsync(system, settings.CapScheme, month, ct);
        return ClearingStatement.Clear(settings.ClearingPolicy.Policy, month, tickets);
    }

    private static bool IsMonth(string month) => MonthPattern().IsMatch(month);

    private static IResult BadMonth() => EntityAsk.Invalid("month", "A month: yyyy-MM (2026-11).");

    [System.Text.RegularExpressions.GeneratedRegex(@"^20\d\d-(0[1-9]|1[0-2])$")]
    private static partial System.Text.RegularExpressions.Regex MonthPattern();
}
