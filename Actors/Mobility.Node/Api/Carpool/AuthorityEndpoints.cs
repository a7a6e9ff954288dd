using Akka.Hosting;
using Mobility.Actors.Carpool;
using Mobility.Actors.Operators;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using static Mobility.Node.Api.Carpool.CarpoolAsk;
using static Mobility.Node.Api.Carpool.JourneyContracts;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// The authority's carpool endpoints, each scoped to the caller's territory: it lists, reads and flags only the
/// journeys attributed to its territory at their acceptance (docs/proofs.md "Territories"); and the traveler's attestations.
/// </summary>
public static class AuthorityEndpoints
{
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapAuthorityCarpoolEndpoints(this IEndpointRouteBuilder app)
    {
        var authority = app.MapGroup("/authority").WithTags("Carpool (authority)").RequireAuthorization(Roles.Authority)
            .AddEndpointFilter(TerritoryCheck);
        authority.MapGet("/journeys", List).Produces<ListResponse>().WithName("AuthorityListJourneys").WithSummary("Journeys of the territory in log order; filter by operator and status.");
        authority.MapGet("/journeys/{operatorId}/{id}", Get).Produces<JourneyResponse>().WithName("AuthorityGetJourney").WithSummary("One journey with its rules and attestation.");
        // The openings open every journey of every territory the node serves: the configured territory's
        // authority only (another territory's authority reads its own journeys through the listing).
        authority.MapGet("/log/openings", LogEndpoints.Openings).AddEndpointFilter(ConfiguredTerritoryCheck).Produces<OpeningsResponse>().WithName("AuthorityLogOpenings")
            .WithSummary($"The openings (salt, committed body) of the sealed leaves in [start, end), at most {LogSingletonActor.MaxLeavesPerRead} leaves a request: the log's private half, for the territory's authority (audit export --url).");
        authority.MapPost("/journeys/{operatorId}/{id}/fraud", FlagFraud).Produces<JourneyResponse>().WithName("FlagFraud")
            .WithSummary("Flags a journey as fraud: a status-change leaf revokes its attestation and withdraws it from its identities' counts.");

        var traveler = app.MapGroup("/v3/me").WithTags("Carpool (traveler)").RequireAuthorization(Roles.Traveler);
        traveler.MapPost("/devices", LinkDevice).WithName("LinkTravelerDevice")
            .WithSummary("Links the caller's account to the identity of a device it holds: the device signs the traveler id.");
        traveler.MapDelete("/devices", UnlinkDevice).WithName("UnlinkTravelerDevice")
            .WithSummary("Unlinks the caller's account from the identity its device proved (the device is lost, or the account changes hands); link again with POST /v3/me/devices.");
        traveler.MapGet("/attestations", MyAttestations).Produces<AttestationsResponse>().WithName("MyAttestations").WithSummary("The caller's carpool attestations, revoked ones flagged.");
        return app;
    }

    /// <summary>
    /// The caller is the authority of a territory of this platform: a registered one, or the configured one
    /// (<c>Mobility:Carpool:Territory</c>: the implicit territory while none is registered, and the owner of the journeys
    /// recorded before attribution existed). Any other authority is refused (403) before the handler runs.
    /// </summary>
    internal static async ValueTask<object?> TerritoryCheck(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var carpool = context.HttpContext.RequestServices.GetRequiredService<CarpoolContext>();
        if (Caller.Territory(context.HttpContext) is not { } caller)
        {
            return TenantAccess.OtherTenant();
        }

        if (caller == carpool.Territory)
        {
            return await next(context);
        }

        try
        {
            return (await carpool.Territories.MapAsync(context.HttpContext.RequestAborted)).Contains(caller) ? await next(context) : TenantAccess.OtherTenant();
        }
        catch (Mobility.Actors.Territories.TerritoriesUnavailableException)
        {
            return Unavailable("Territory registry");
        }
    }

    /// <summary>Only the configured territory's authority (ticket clearing is not attributed to territories yet).</summary>
    internal static async ValueTask<object?> ConfiguredTerritoryCheck(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var territory = context.HttpContext.RequestServices.GetRequiredService<CarpoolContext>().Territory;
        return Caller.Territory(context.HttpContext) is { } caller && caller == territory ? await next(context) : TenantAccess.OtherTenant();
    }

    internal static Task<IResult> List(HttpContext http, IRequiredActor<LogSingleton> log, string? @operator, string? status, long? after, int? limit, CancellationToken ct) =>
        @operator is not null && !OperatorId.TryParse(@operator, out _)
            ? Task.FromResult<IResult>(Invalid("operator", "Not an operator id."))
            : JourneyEndpoints.ListAsync(log, @operator, status, after, limit, ct, Caller.Territory(http));

    internal static async Task<IResult> Get(string operatorId, string id, HttpContext http, CarpoolContext carpool, IRequiredActor<JourneyRegion> journeys, CancellationToken ct) =>
        !OperatorId.TryParse(operatorId, out _) || !JourneyEndpoints.IsJourneyId(id)
            ? Invalid("id", "Not an operator id and operator_journey_id.")
            : await OfCallerAsync(operatorId, id, http, carpool, journeys, $"No journey '{id}' of operator '{operatorId}'.", ct)
              ?? await JourneyEndpoints.GetJourneyAsync(journeys, operatorId, id, ct);

    internal static async Task<IResult> FlagFraud(string operatorId, string id, FraudRequest request, HttpContext http, CarpoolContext carpool, IRequiredActor<JourneyRegion> journeys, CancellationToken ct)
    {
        if (!OperatorId.TryParse(operatorId, out _) || !JourneyEndpoints.IsJourneyId(id))
        {
            return Invalid("id", "Not an operator id and operator_journey_id.");
        }

        var reason = request.Reason?.Trim() ?? string.Empty;
        if (reason.Length is 0 or > MaxReasonLength || reason.Any(char.IsControl) || reason == JourneyStatus.Canceled)
        {
            return Invalid("reason", $"1 to {MaxReasonLength} printable characters (not \"canceled\").");
        }

        // Another territory's journey is answered as missing, as another territory's campaign is: nothing about it shows.
        return await OfCallerAsync(operatorId, id, http, carpool, journeys, $"No journey '{operatorId}/{id}'.", ct)
            ?? await JourneyEndpoints.FlagAsync(journeys, operatorId + "/" + id, JourneyStatus.FraudError, reason, withdraw: true, ct);
    }

    /// <summary>Null when the journey is attributed to the caller's territory (or does not exist: the handler says so);
    /// else the 404 the handler gives a journey that does not exist.</summary>
    /// <param name="notFound">The handler's own words for a missing journey: the two answers cannot be told apart.</param>
    private static async Task<IResult?> OfCallerAsync(string operatorId, string id, HttpContext http, CarpoolContext carpool, IRequiredActor<JourneyRegion> journeys,
        string notFound, CancellationToken ct)
    {
        var reply = await AskAsync(journeys.ActorRef, new JourneyMessages.Get(operatorId + "/" + id), ct);
        return reply switch
        {
            JourneyMessages.Found f when !Mobility.CarpoolProof.Territories.TerritoryMap.Includes(f.Journey.Territories, Caller.Territory(http) ?? string.Empty, carpool.Territory) =>
                Problem(StatusCodes.Status404NotFound, "Journey not found", notFound),
            null => Unavailable("Journey entity"),
            _ => null,
        };
    }

    /// <summary>
    /// The traveler's consent: its device (bound to an identity by an operator) signs the traveler id
    /// (<see cref="Mobility.CarpoolProof.Identity.TravelerLink"/>); the account then reads that identity's journeys.
    /// </summary>
    internal static async Task<IResult> LinkDevice(TravelerDeviceRequest request, HttpContext http, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct)
    {
        if (Caller.Traveler(http) is not { } traveler)
        {
            return Unauthenticated("a traveler");
        }

        if (!OperatorId.TryParse(request.OperatorId, out _))
        {
            return Invalid("operator_id", "The operator whose app registered the device.");
        }

        if (!Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(request.DeviceKey, 32, out _))
        {
            return Invalid("device_key", "An Ed25519 public key: 32 bytes, unpadded base64url.");
        }

        if (!Mobility.CarpoolProof.Identity.TravelerLink.Verify(request.DeviceKey!, traveler, request.Signature))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Signature not valid",
                $"signature: the device's Ed25519 signature of \"{Mobility.CarpoolProof.Identity.TravelerLink.Context}\\n{traveler}\" (unpadded base64url).");
        }

        var device = await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get(KeyBindingSubjects.Device(request.OperatorId!, request.DeviceKey!)), ct);
        if (device is KeyBindingMessages.Binding { Value: null })
        {
            device = await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get(KeyBindingSubjects.LegacyDevice(request.DeviceKey!)), ct);
        }

        if (device is not KeyBindingMessages.Binding found)
        {
            return Unavailable("Key binding");
        }

        return found.Value is not { } identity
            ? Problem(StatusCodes.Status404NotFound, "Unknown device", "This operator has not registered this device key (POST /v3/devices).")
            : await JourneyEndpoints.BindAsync(bindings, "traveler:" + traveler, identity, ct);
    }

    internal static async Task<IResult> UnlinkDevice(HttpContext http, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct) =>
        Caller.Traveler(http) is not { } traveler
            ? Unauthenticated("a traveler")
            : await JourneyEndpoints.UnbindAsync(bindings, "traveler:" + traveler, "This account is linked to no identity.", ct);

    internal static async Task<IResult> MyAttestations(HttpContext http, IRequiredActor<KeyBindingRegion> bindings, IRequiredActor<IdentityRegion> identities,
        IRequiredActor<JourneyRegion> journeys, CancellationToken ct)
    {
        if (Caller.Traveler(http) is not { } traveler)
        {
            return Unauthenticated("a traveler");
        }

        var link = await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get("traveler:" + traveler), ct);
        if (link is not KeyBindingMessages.Binding binding)
        {
            return Unavailable("Key binding");
        }

        if (binding.Value is not { } identity)
        {
            return Ok(new AttestationsResponse([])); // No operator has linked a device of this traveler yet.
        }

        var reply = await AskAsync(identities.ActorRef, new IdentityMessages.GetJourneys(identity), ct);
        if (reply is not IdentityMessages.Journeys found)
        {
            return Unavailable("Identity entity");
        }

        // The most recent first, at most 100: a traveler's page, not an export.
        var views = await Task.WhenAll(found.JourneyKeys.TakeLast(100).Reverse()
            .Select(key => AskAsync(journeys.ActorRef, new JourneyMessages.Get(key), ct)));
        return Ok(new AttestationsResponse([.. views.OfType<JourneyMessages.Found>().Select(f => JourneyResponse.From(f.Journey))]));
    }
}
