using Akka.Hosting;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using static Mobility.Node.Api.Carpool.CarpoolAsk;
using static Mobility.Node.Api.Carpool.JourneyContracts;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// Operator endpoints of carpool journeys (registry API v3.3 shape plus signed evidence): declare, read one, list,
/// cancel; and the keys the evidence is checked against. Errors are RFC 9457 problem details.
/// </summary>
public static class JourneyEndpoints
{
    public const int MaxListLimit = LogSingletonActor.MaxListLimit;

    public static IEndpointRouteBuilder MapJourneyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3").WithTags("Carpool (operator)").RequireAuthorization(Roles.Operator);
        group.MapPost("/journeys", Declare).WithName("DeclareJourney")
            .WithSummary("Declares a carpool journey (registry v3.3 body plus evidence); 201 with the attestation, 409 if already recorded.");
        group.MapPost("/journeys/batch", JourneyBatchEndpoint.DeclareBatch).WithName("DeclareJourneyBatch")
            .WithSummary("Declares up to 1,000 journeys signed once by the operator (docs/proofs.md); 200 with one answer per declaration.");
        group.MapGet("/journeys", List).Produces<ListResponse>().WithName("ListJourneys").WithSummary("The operator's journeys in log order, with status and rule labels.");
        group.MapGet("/journeys/{id}", Get).Produces<JourneyResponse>().WithName("GetJourney").WithSummary("One of the operator's journeys with its status, rules and attestation.");
        group.MapPost("/journeys/{id}/cancel", Cancel).WithName("CancelJourney").WithSummary("Cancels a journey: a status-change leaf revokes its attestation.");
        group.MapPut("/operator/key", BindOperatorKey).WithName("BindOperatorKey").WithSummary("Registers the operator's Ed25519 signing key (once, for ever).");
        group.MapPost("/devices", BindDevice).WithName("BindDevice").WithSummary("Registers a traveler's device key to its pseudonymous identity (until revoked).");
        group.MapDelete("/devices/{deviceKey}", RevokeDevice).WithName("RevokeDevice")
            .WithSummary("Revokes one of the operator's device keys (a lost phone, a rotated key): declarations signed by it are refused from now on; the key may be registered again.");
        return app;
    }

    internal static async Task<IResult> Declare(HttpContext http, IRequiredActor<JourneyRegion> journeys, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        if (http.Request.ContentLength > DeclarationJson.MaxBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A declaration is at most {DeclarationJson.MaxBytes} bytes.");
        }

        var body = await ReadBoundedAsync(http.Request.Body, DeclarationJson.MaxBytes, ct);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A declaration is at most {DeclarationJson.MaxBytes} bytes.");
        }

        SignedDeclaration d;
        try
        {
            d = DeclarationJson.Parse(body);
        }
        catch (DeclarationFormatException e)
        {
            return Invalid(e.JsonPath, e.Reason);
        }

        if (d.OperatorId != caller.Value)
        {
            return Problem(StatusCodes.Status403Forbidden, "Another operator's declaration", $"The body is declared by '{d.OperatorId}', not by '{caller}'.");
        }

        if (d.Journey?.OperatorJourneyId is not { } journeyId || !IsJourneyId(journeyId))
        {
            return Invalid("operator_journey_id", $"1 to {DeclarationValidator.MaxIdLength} printable characters.");
        }

        var reply = await AskAsync(journeys.ActorRef, new JourneyMessages.Declare(caller.Value + "/" + journeyId, body), ct);
        return reply switch
        {
            JourneyMessages.Declared { Verdict: DeclarationVerdict.Recorded, Journey: { } j } => Results.Json(
                new Created(new CreatedData(j.OperatorJourneyId, j.AcceptedAt), JourneyResponse.From(j)), Json, statusCode: 201),
            JourneyMessages.Declared r => Problem(VerdictStatus.Of(r.Verdict), VerdictStatus.TitleOf(r.Verdict), r.Detail, new Dictionary<string, object?>
            {
                ["labels"] = r.Violations.Select(v => v.Label).Distinct().ToArray(),
                ["terms_violation_labels"] = r.Verdict == DeclarationVerdict.TermsViolation ? r.Violations.Select(v => v.Label).Distinct().ToArray() : null,
            }),
            null => Unavailable("Journey entity"),
            _ => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static async Task<IResult> Get(string id, HttpContext http, IRequiredActor<JourneyRegion> journeys, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        return !IsJourneyId(id) ? Invalid("id", "Not an operator_journey_id.") : await GetJourneyAsync(journeys, caller.Value, id, ct);
    }

    internal static async Task<IResult> GetJourneyAsync(IRequiredActor<JourneyRegion> journeys, string operatorId, string id, CancellationToken ct)
    {
        var reply = await AskAsync(journeys.ActorRef, new JourneyMessages.Get(operatorId + "/" + id), ct);
        return reply switch
        {
            JourneyMessages.Found f => Ok(JourneyResponse.From(f.Journey)),
            JourneyMessages.NotFound => Problem(StatusCodes.Status404NotFound, "Journey not found", $"No journey '{id}' of operator '{operatorId}'."),
            null => Unavailable("Journey entity"),
            _ => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static async Task<IResult> List(HttpContext http, IRequiredActor<LogSingleton> log, string? status, long? after, int? limit, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        return await ListAsync(log, caller.Value, status, after, limit, ct);
    }

    /// <param name="territory">An authority's territory: only the journeys attributed to it.</param>
    internal static async Task<IResult> ListAsync(IRequiredActor<LogSingleton> log, string? operatorId, string? status, long? after, int? limit, CancellationToken ct,
        string? territory = null)
    {
        if (!IsStatus(status))
        {
            return Invalid("status", "ok, fraud_error, anomaly_error or canceled.");
        }

        if (limit is < 1 or > MaxListLimit)
        {
            return Invalid("limit", $"1 to {MaxListLimit}.");
        }

        var reply = await AskAsync(log.ActorRef, new LogMessages.ListJourneys(operatorId, status, after ?? -1, limit ?? 100, territory), ct);
        return reply switch
        {
            LogMessages.JourneyList l => Ok(new ListResponse([.. l.Journeys.Select(SummaryResponse.From)], l.Next)),
            LogMessages.Failed { Kind: LogFailure.Unavailable } f => Problem(StatusCodes.Status503ServiceUnavailable, "Transparency log unavailable", f.Reason),
            null => Unavailable("Transparency log"),
            _ => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static async Task<IResult> Cancel(string id, HttpContext http, IRequiredActor<JourneyRegion> journeys, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        if (!IsJourneyId(id))
        {
            return Invalid("id", "Not an operator_journey_id.");
        }

        return await FlagAsync(journeys, caller.Value + "/" + id, JourneyStatus.Canceled, JourneyStatus.Canceled, withdraw: true, ct);
    }

    internal static async Task<IResult> FlagAsync(IRequiredActor<JourneyRegion> journeys, string key, string status, string reason, bool withdraw, CancellationToken ct)
    {
        var reply = await AskAsync(journeys.ActorRef, new JourneyMessages.Flag(key, status, reason, withdraw), ct);
        return reply switch
        {
            JourneyMessages.Flagged { Result: FlagResult.Flagged, Journey: { } j } => Ok(JourneyResponse.From(j)),
            JourneyMessages.Flagged { Result: FlagResult.NotFound } => Problem(StatusCodes.Status404NotFound, "Journey not found", $"No journey '{key}'."),
            JourneyMessages.Flagged f => Problem(VerdictStatus.Of(f.Result), f.Result == FlagResult.Conflict ? "Conflict" : "Flag not recorded", f.Detail),
            null => Unavailable("Journey entity"),
            _ => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static async Task<IResult> BindOperatorKey(OperatorKeyRequest request, HttpContext http, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        if (!Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(request.PublicKey, 32, out var raw) || !Mobility.CarpoolProof.Evidence.Ed25519Keys.TryImportPublicKey(raw, out _))
        {
            return Invalid("public_key", "An Ed25519 public key: 32 bytes, unpadded base64url.");
        }

        return await BindAsync(bindings, "operator:" + caller.Value, request.PublicKey!, ct);
    }

    internal static async Task<IResult> BindDevice(DeviceRequest request, HttpContext http, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        if (!Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(request.DeviceKey, 32, out var raw) || !Mobility.CarpoolProof.Evidence.Ed25519Keys.TryImportPublicKey(raw, out _))
        {
            return Invalid("device_key", "An Ed25519 public key: 32 bytes, unpadded base64url.");
        }

        if (!Mobility.CarpoolProof.Identity.IdentityKey.IsWellFormed(request.IdentityKey))
        {
            return Invalid("identity_key", "64 lower-case hexadecimal digits (HMAC-SHA-256).");
        }

        if (request.TravelerId is not null)
        {
            // An operator linking an account would let it read (or squat) another operator's users' journeys.
            return Invalid("traveler_id", "A traveler account is linked by the traveler itself: POST /v3/me/devices with a signature by its device.");
        }

        return await BindAsync(bindings, KeyBindingSubjects.Device(caller.Value, request.DeviceKey!), request.IdentityKey!, ct);
    }

    /// <summary>Ends the binding of a device key the calling operator registered; another operator's keys are out of its reach (its own namespace).</summary>
    internal static async Task<IResult> RevokeDevice(string deviceKey, HttpContext http, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        if (!Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(deviceKey, 32, out _))
        {
            return Invalid("deviceKey", "An Ed25519 public key: 32 bytes, unpadded base64url.");
        }

        return await UnbindAsync(bindings, KeyBindingSubjects.Device(caller.Value, deviceKey), "This operator has no device registered under this key.", ct);
    }

    internal static async Task<IResult> UnbindAsync(IRequiredActor<KeyBindingRegion> bindings, string subject, string notBound, CancellationToken ct)
    {
        var before = await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get(subject), ct);
        if (before is KeyBindingMessages.Binding { Value: null })
        {
            return Problem(StatusCodes.Status404NotFound, "Not bound", notBound);
        }

        return await AskAsync(bindings.ActorRef, new KeyBindingMessages.Unbind(subject), ct) switch
        {
            KeyBindingMessages.Binding { Value: null } b => Ok(new UnbindingResponse(b.Subject, true), 200),
            null => Unavailable("Key binding"),
            var reply => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static async Task<IResult> BindAsync(IRequiredActor<KeyBindingRegion> bindings, string subject, string value, CancellationToken ct)
    {
        var reply = await AskAsync(bindings.ActorRef, new KeyBindingMessages.Bind(subject, value), ct);
        return reply switch
        {
            KeyBindingMessages.Binding { Conflict: true } => Problem(StatusCodes.Status409Conflict, "Already bound", $"{subject} is bound to another value for ever."),
            KeyBindingMessages.Binding b => Ok(new BindingResponse(b.Subject, b.Value!, b.Created), b.Created ? 201 : 200),
            null => Unavailable("Key binding"),
            _ => Problem(500, "Unexpected reply", reply.GetType().Name),
        };
    }

    internal static bool IsJourneyId(string id) => id.Length is > 0 and <= DeclarationValidator.MaxIdLength && !id.Any(char.IsControl) && !id.Contains('/');

    internal static async Task<byte[]?> ReadBoundedAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
