using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Mobility.Actors.Campaigns;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.Node.Api.Carpool;
using Mobility.Node.Security;
using static Mobility.Node.Api.Carpool.CarpoolAsk;

namespace Mobility.Node.Api.Campaigns;

/// <summary>
/// The authority's campaign endpoints, under its territory (<c>/authority/{territory}/campaigns</c>: role authority,
/// tenant = territory; another territory's campaign is answered 404 and shows nothing), and the traveler's incentives.
/// </summary>
public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/authority/{territory}/campaigns").WithTags("Campaigns (authority)")
            .RequireAuthorization(Roles.Authority).RequireTenantFromRoute("territory");
        group.MapPost("/", Create).WithName("CreateCampaign").WithSummary("Creates a draft campaign from its document (docs/campaigns.md); errors name the JSON path.");
        group.MapPost("/simulate", Simulate).WithName("SimulateCampaign").WithSummary("What-if: a campaign document applied to every journey known so far, as if always in force.");
        group.MapGet("/{id}", (string territory, string id, IRequiredActor<CampaignRegion> r, CancellationToken ct) =>
            Send(r, new CampaignCommands.Get(id, territory), id, ct)).WithName("GetCampaign").WithSummary("A campaign's phase and totals.");
        group.MapPost("/{id}/activate", (string territory, string id, IRequiredActor<CampaignRegion> r, ActiveCampaigns planner, CancellationToken ct) =>
            SendAndReread(r, new CampaignCommands.Activate(id, territory), id, planner, ct)).WithName("ActivateCampaign").WithSummary("Starts counting accepted journeys (past ones first).");
        group.MapPost("/{id}/close", (string territory, string id, IRequiredActor<CampaignRegion> r, ActiveCampaigns planner, CancellationToken ct) =>
            SendAndReread(r, new CampaignCommands.Close(id, territory), id, planner, ct)).WithName("CloseCampaign").WithSummary("Stops counting journeys, for good.");
        group.MapGet("/{id}/settlements/{month}/{operatorId}", Settlement).WithName("CampaignSettlement")
            .WithSummary("Monthly settlement of one operator (format=csv: the canonical signed bytes; json: with signature, key and log index).");
        group.MapGet("/{id}/statements/{driverKey}/{year:int}", (string territory, string id, string driverKey, int year, IRequiredActor<CampaignRegion> r, CancellationToken ct) =>
            year is < 2000 or > 2100 || !Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney.IsToken(driverKey)
                ? Task.FromResult<IResult>(Invalid("driverKey", "An identity key and a year 2000-2100."))
                : Send(r, new CampaignCommands.Statement(id, territory, driverKey, year), id, ct))
            .WithName("CampaignDriverStatement").WithSummary("A driver's yearly statement in this campaign (CSV).");
        group.MapGet("/{id}/open-data", (string territory, string id, IRequiredActor<CampaignRegion> r, CancellationToken ct) =>
            Send(r, new CampaignCommands.OpenData(id, territory), id, ct)).WithName("CampaignOpenData").WithSummary("Origin-destination cells of at least 6 trips, coordinates truncated (CSV).");

        app.MapGet("/v3/me/incentives", MyIncentives).WithTags("Campaigns (traveler)").RequireAuthorization(Roles.Traveler)
            .WithName("MyIncentives").WithSummary("The caller's incentives in every campaign that counted its journeys.");
        return app;
    }

    /// <summary>Campaign ids are lower-case letters, digits and dashes (docs/campaigns.md "id").</summary>
    public static bool IsCampaignId(string id) => Tenant.IsValid(id);

    internal static async Task<IResult> Create(string territory, HttpRequest request, IRequiredActor<CampaignRegion> campaigns, CancellationToken ct)
    {
        if (await ReadDocumentAsync(request, ct) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Document too large", $"At most {CampaignParser.MaxDocumentBytes} bytes.");
        }
        var (doc, errors) = CampaignParser.TryParse(body);
        if (doc is null)
        {
            return CampaignResults.Problem(CampaignRefusals.Invalid(errors));
        }
        var answer = await AskAsync(campaigns.ActorRef, new CampaignCommands.Create(doc.Id.Value, territory, body), ct);
        return answer is null ? Unavailable("Campaign entity") : CampaignResults.ToResult(answer, StatusCodes.Status201Created);
    }

    internal static async Task<IResult> Simulate(string territory, HttpRequest request, IRequiredActor<CampaignDirectory> directory, CarpoolContext carpool, CancellationToken ct)
    {
        if (await ReadDocumentAsync(request, ct) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Document too large", $"At most {CampaignParser.MaxDocumentBytes} bytes.");
        }
        return await AskAsync(directory.ActorRef, new CampaignDirectoryMessages.Simulate(body, territory, carpool.Territory), ct) is { } a ? CampaignResults.ToResult(a) : Unavailable("Campaign directory");
    }

    internal static Task<IResult> Settlement(string territory, string id, string month, string operatorId, string? format, IRequiredActor<CampaignRegion> campaigns, CancellationToken ct) =>
        (format ?? "json") is not ("csv" or "json") ? Task.FromResult<IResult>(Invalid("format", "csv or json."))
        : !Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney.IsToken(operatorId) ? Task.FromResult<IResult>(Invalid("operatorId", "Not an operator id."))
        : Send(campaigns, new CampaignCommands.Settlement(id, territory, month, operatorId, format ?? "json"), id, ct);

    internal static async Task<IResult> MyIncentives(HttpContext http, IRequiredActor<KeyBindingRegion> bindings, IRequiredActor<CampaignDirectory> directory,
        IRequiredActor<CampaignRegion> campaigns, CancellationToken ct)
    {
        if (Caller.Traveler(http) is not { } traveler)
        {
            return Unauthenticated("a traveler");
        }

        return await IncentivesOfAsync(traveler, bindings, directory, campaigns, ct) is { } list
            ? Results.Text("{\"campaigns\":[" + string.Join(',', list) + "]}", CampaignResults.Json, Encoding.UTF8)
            : Unavailable("Campaign entities");
    }

    /// <summary>
    /// The traveler's incentives in every active campaign (one JSON body per campaign: <c>campaign</c>, <c>incentives</c>),
    /// through the carpool identity an operator linked to it; null when an entity did not answer.
    /// </summary>
    internal static async Task<IReadOnlyList<string>?> IncentivesOfAsync(string traveler, IRequiredActor<KeyBindingRegion> bindings, IRequiredActor<CampaignDirectory> directory,
        IRequiredActor<CampaignRegion> campaigns, CancellationToken ct)
    {
        if (await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get("traveler:" + traveler), ct) is not KeyBindingMessages.Binding binding)
        {
            return null;
        }

        var list = new List<string>();
        if (binding.Value is { } identity)
        {
            if (await AskAsync(directory.ActorRef, new CampaignDirectoryMessages.ListActive(), ct) is not CampaignDirectoryMessages.Active active)
            {
                return null;
            }
            var answers = await Task.WhenAll(active.CampaignIds.Select(c => AskAsync(campaigns.ActorRef, new CampaignCommands.Incentives(c, identity), ct)));
            list.AddRange(answers.OfType<CampaignReplies.Document>().Select(a => a.Body));
        }
        return list;
    }

    private static async Task<IResult> Send(IRequiredActor<CampaignRegion> campaigns, ICampaignMessage message, string id, CancellationToken ct)
    {
        if (!IsCampaignId(id))
        {
            return Invalid("id", "Not a campaign id.");
        }
        return await AskAsync(campaigns.ActorRef, message, ct) is { } a ? CampaignResults.ToResult(a) : Unavailable("Campaign entity");
    }

    /// <summary>An activation or closing, after which the planner's incentive estimate reads the active campaigns again.</summary>
    private static async Task<IResult> SendAndReread(IRequiredActor<CampaignRegion> campaigns, ICampaignMessage message, string id, ActiveCampaigns planner, CancellationToken ct)
    {
        var result = await Send(campaigns, message, id, ct);
        await planner.ReadAsync(ct);
        return result;
    }

    /// <summary>The body, or null when it exceeds the campaign document bound.</summary>
    private static async Task<byte[]?> ReadDocumentAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > CampaignParser.MaxDocumentBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > CampaignParser.MaxDocumentBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
