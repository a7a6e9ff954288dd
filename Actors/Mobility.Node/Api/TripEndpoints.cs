using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Akka.Hosting;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;
using Mobility.Node.Security;

namespace Mobility.Node.Api;

/// <summary>
/// Traveler booking endpoints over the trip entity. A booking first holds each leg at its operator entity (seats of a
/// carpool offer, a shared vehicle) until the trip's expiry, then books the trip; commit confirms the holds, cancel,
/// end and denial release them. Holds lapse by themselves at the expiry, so a lost release never strands a seat.
/// </summary>
public static class TripEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 128;
    public const int MyTripsShown = 50;

    public static IEndpointRouteBuilder MapTripEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/trips").WithTags("Trips").RequireAuthorization(Roles.Traveler);
        group.MapPost("/", Book).WithName("BookTrip").WithSummary("Books and holds the legs (Idempotency-Key header required); the trip is offered until committed or expired.")
            .Produces<TripResponse>(StatusCodes.Status201Created)
            .Produces<TripResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = IdempotencyHeader,
                    In = Microsoft.OpenApi.ParameterLocation.Header,
                    Required = true,
                    Description = $"1-{MaxIdempotencyKeyLength} printable characters (a UUID): the same key and body again answer 200 with the first booking, nothing held twice; the same key with another body answers 422.",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MinLength = 1, MaxLength = MaxIdempotencyKeyLength },
                });
                return Task.CompletedTask;
            });
        group.MapGet("/", Mine).WithName("MyTrips").WithSummary($"The caller's {MyTripsShown} most recent trips.").Produces<IReadOnlyList<TripResponse>>();
        group.MapGet("/{id}", Status).WithName("TripStatus").WithSummary("One of the caller's trips.").Produces<TripResponse>();
        group.MapPost("/{id}/commit", (string id, ClaimsPrincipal user, IServiceProvider sp, CancellationToken ct) =>
            Command(id, user, sp, (t, tr, at) => new TripCommands.Commit(t, tr, at), ct)).WithName("CommitTrip").WithSummary("TOMP COMMIT: confirmed, or pending a carpool operator's answer.");
        group.MapPost("/{id}/cancel", (string id, ClaimsPrincipal user, IServiceProvider sp, CancellationToken ct) =>
            Command(id, user, sp, (t, tr, at) => new TripCommands.Cancel(t, tr, at), ct)).WithName("CancelTrip").WithSummary("TOMP CANCEL: releases the holds.");
        group.MapPost("/{id}/start", (string id, ClaimsPrincipal user, IServiceProvider sp, CancellationToken ct) =>
            Command(id, user, sp, (t, tr, at) => new TripCommands.Start(t, tr, at), ct)).WithName("StartTrip");
        group.MapPost("/{id}/end", (string id, ClaimsPrincipal user, IServiceProvider sp, CancellationToken ct) =>
            Command(id, user, sp, (t, tr, at) => new TripCommands.End(t, tr, at), ct)).WithName("EndTrip");

        var answers = app.MapGroup("/operators/{operatorId}/trips").WithTags("Trips").RequireAuthorization(Roles.Operator).RequireTenantFromRoute("operatorId");
        answers.MapGet("/", Awaiting).WithName("TripsAwaitingAcceptance")
            .WithSummary("The trips committed by their travelers that wait for this carpool operator's answer (accept or deny), showing only the operator's own legs.")
            .Produces<IReadOnlyList<TripResponse>>();
        answers.MapPost("/{id}/accept", (string operatorId, string id, IServiceProvider sp, CancellationToken ct) => Answer(operatorId, id, true, sp, ct))
            .WithName("AcceptTrip").WithSummary("A carpool operator of the trip accepts the rider for its driver.");
        answers.MapPost("/{id}/deny", (string operatorId, string id, IServiceProvider sp, CancellationToken ct) => Answer(operatorId, id, false, sp, ct))
            .WithName("DenyTrip").WithSummary("A carpool operator of the trip denies it: the trip is cancelled and its holds released.");
        return app;
    }

    internal static async Task<IResult> Book(BookTripRequest request, HttpContext http, ClaimsPrincipal user, IRequiredActor<TripRegion> trips,
        IRequiredActor<OperatorRegion> operators, IRequiredActor<TravelerTripsRegion> index, TimeProvider clock, Feeds.ReplicatedGbfs gbfs, PlanMobility mobility, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl))
        {
            return EntityAsk.Invalid(IdempotencyHeader, $"Send an {IdempotencyHeader} header (1-{MaxIdempotencyKeyLength} printable characters, e.g. a UUID) so a retried booking is not booked twice.");
        }

        if (request.Legs is not { Count: > 0 and <= TripState.MaxLegs })
        {
            return EntityAsk.Invalid("legs", $"A booking holds 1 to {TripState.MaxLegs} legs.");
        }

        var legs = new List<TripLeg>();
        for (var i = 0; i < request.Legs.Count; i++)
        {
            var l = request.Legs[i];
            if (LegKinds.Parse(l.Kind) is not { } kind)
            {
                return EntityAsk.Invalid($"legs[{i}].kind", "carpool, shared-vehicle or transit.");
            }

            if (!OperatorId.TryParse(l.OperatorId, out var op))
            {
                return EntityAsk.Invalid($"legs[{i}].operatorId", "An operator id (2-63 of a-z, 0-9 and inner '-').");
            }

            if (string.IsNullOrWhiteSpace(l.ResourceId) || l.ResourceId.Length > TripLeg.MaxResourceIdLength || l.ResourceId.Any(char.IsControl))
            {
                return EntityAsk.Invalid($"legs[{i}].resourceId", $"The offer, vehicle or route id, 1-{TripLeg.MaxResourceIdLength} printable characters.");
            }

            var seats = l.Seats ?? 1;
            if (seats is < 1 or > TripLeg.MaxSeats || (kind == LegKind.SharedVehicle && seats != 1))
            {
                return EntityAsk.Invalid($"legs[{i}].seats", $"1-{TripLeg.MaxSeats} seats for carpool, 1 for a shared vehicle.");
            }

            if (kind == LegKind.SharedVehicle && SharedVehicleProblem(op, l.ResourceId, gbfs, mobility, clock.GetUtcNow()) is { } problem)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Leg not available", detail: problem);
            }

            // A GBFS system the node reads from its own folders is an operator of its own, registered on its first booking.
            if (kind == LegKind.SharedVehicle && mobility.IsLocalSystem(op.Value)
                && await operators.AskAsync(new OperatorCommands.Register(op, op.Value, null, clock.GetUtcNow()), ct) is EntityAsk.Unavailable)
            {
                return EntityAsk.UnavailableProblem();
            }

            var leg = new TripLeg(kind, op, l.ResourceId, seats, l.FromStop, l.ToStop, l.Departs, l.Arrives);
            if ((l.FromStop ?? l.ToStop) is { } stop && stop.Any(char.IsControl))
            {
                return EntityAsk.Invalid($"legs[{i}].fromStop", "Stop ids are printable.");
            }

            if (leg.Problem() is { } legProblem)
            {
                return EntityAsk.Invalid($"legs[{i}]", legProblem);
            }

            legs.Add(leg);
        }

        var holdMinutes = request.HoldMinutes ?? 10;
        if (holdMinutes is < 1 or > 60)
        {
            return EntityAsk.Invalid("holdMinutes", "1 to 60 minutes.");
        }

        var tripId = TripId.For(traveler, key);
        var fingerprint = Fingerprint(legs, holdMinutes);

        // The trip entity runs the booking (its intent recorded, each hold placed at its operator, the outcome
        // recorded, holds released on a refusal) and answers once it is done; a retry with the same key and body gets
        // the first answer again, and nothing is held twice (holds are keyed by trip and resource).
        var now = clock.GetUtcNow();
        var booked = await trips.AskAsync(new TripCommands.Book(tripId, traveler, legs, fingerprint, now, now.AddMinutes(holdMinutes)), ct);
        if (booked is TripReplies.Accepted accepted)
        {
            // Indexing is idempotent: a first attempt that lost its answer before indexing is indexed by the retry.
            await index.AskAsync(new TravelerTripsMessages.Add(traveler, tripId, accepted.Trip.BookedAt), ct);
        }

        return Reply(booked, created: true);
    }

    internal static async Task<IResult> Mine(ClaimsPrincipal user, IRequiredActor<TripRegion> trips, IRequiredActor<TravelerTripsRegion> index, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        if (await index.AskAsync(new TravelerTripsMessages.Get(traveler), ct) is not TravelerTripsMessages.List list)
        {
            return EntityAsk.UnavailableProblem();
        }

        var result = new List<TripResponse>();
        foreach (var id in list.Trips.Reverse().Take(MyTripsShown))
        {
            if (await trips.AskAsync(new TripQueries.Get(id), ct) is TripReplies.Found f && f.Trip.TravelerId == traveler)
            {
                result.Add(TripResponse.From(f.Trip));
            }
        }

        return TypedResults.Ok(result);
    }

    internal static async Task<IResult> Status(string id, ClaimsPrincipal user, IRequiredActor<TripRegion> trips, CancellationToken ct)
    {
        if (!TripId.TryParse(id, out var tripId))
        {
            return EntityAsk.Invalid("id", "A trip id: tr- and 24 hex digits.");
        }

        return await trips.AskAsync(new TripQueries.Get(tripId), ct) switch
        {
            TripReplies.Found f when f.Trip.TravelerId.Value == user.Tenant() => TypedResults.Ok(TripResponse.From(f.Trip)),
            TripReplies.Found => TenantAccess.OtherTenant(),
            TripReplies.NotFound => TypedResults.Problem(statusCode: 404, title: "Trip not found", detail: $"No trip '{tripId}'."),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    private static async Task<IResult> Command(string id, ClaimsPrincipal user, IServiceProvider sp, Func<TripId, TravelerId, DateTimeOffset, ITripCommand> make, CancellationToken ct)
    {
        if (!TripId.TryParse(id, out var tripId))
        {
            return EntityAsk.Invalid("id", "A trip id: tr- and 24 hex digits.");
        }

        var clock = sp.GetRequiredService<TimeProvider>();
        var trips = sp.GetRequiredService<IRequiredActor<TripRegion>>();
        var reply = await trips.AskAsync(make(tripId, TravelerId.Parse(user.Tenant()!), clock.GetUtcNow()), ct);
        return Reply(reply, created: false);
    }

    private static async Task<IResult> Answer(string operatorId, string id, bool accept, IServiceProvider sp, CancellationToken ct)
    {
        if (!TripId.TryParse(id, out var tripId) || !OperatorId.TryParse(operatorId, out var op))
        {
            return EntityAsk.Invalid("id", "A trip id: tr- and 24 hex digits.");
        }

        var clock = sp.GetRequiredService<TimeProvider>();
        var reply = await sp.GetRequiredService<IRequiredActor<TripRegion>>().AskAsync(new TripCommands.Answer(tripId, op, accept, clock.GetUtcNow()), ct);
        return reply is TripReplies.NotFound or TripReplies.Rejected { Kind: TripRejection.NotFound }
            ? TenantAccess.OtherTenant() // An operator learns nothing about trips that are not its own, not even that they exist.
            : Reply(reply, created: false);
    }

    /// <summary>
    /// Why a shared vehicle cannot be held, or null. Its id must look like a GBFS identifier (letters, digits and
    /// <c>. _ - : @</c>, at most 64 characters: no spaces, slashes or other path characters); when the operator publishes GBFS systems (polled feeds it registered),
    /// it must name one of their vehicles available now, or a station renting now with a vehicle available. An
    /// operator without a GBFS feed holds well-formed ids it manages itself.
    /// </summary>
    internal static string? SharedVehicleProblem(OperatorId op, string resourceId, Feeds.ReplicatedGbfs gbfs, PlanMobility mobility, DateTimeOffset now)
    {
        if (resourceId.Length > 64 || !resourceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@'))
        {
            return "A shared vehicle or station id is a GBFS identifier: 1-64 letters, digits, '.', '_', '-', ':' or '@'.";
        }

        // The operator's polled systems, or the node's own system of that id.
        var systems = gbfs.SystemsOf(op.Value).Concat(mobility.IsLocalSystem(op.Value)
            ? mobility.Current(now).SharedSystems.Where(f => f.SystemId == op.Value).Select(f => f.Snapshot) : []).ToList();
        if (systems.Count == 0)
        {
            return null;
        }

        var available = systems.Any(s =>
            s.Vehicles.Any(v => v.Id == resourceId && v.IsAvailable) ||
            s.Stations.Any(st => st.Id.Value == resourceId && st.Status is { IsRenting: true, IsInstalled: true, VehiclesAvailable: > 0 }));
        return available ? null : $"Operator '{op}' has no vehicle or station '{resourceId}' available now.";
    }

    /// <summary>
    /// The trips waiting for an operator's answer: among the trips holding seats of its offers, those pending whose
    /// acceptance by this operator is missing. Each shows only the operator's own legs: another operator's part of
    /// the same trip is not its business.
    /// </summary>
    internal static async Task<IResult> Awaiting(string operatorId, IRequiredActor<OperatorRegion> operators, IRequiredActor<TripRegion> trips, CancellationToken ct)
    {
        var op = OperatorId.Parse(operatorId);
        if (await operators.AskAsync(new OperatorQueries.Get(op), ct) is not OperatorReplies.Found found)
        {
            return TypedResults.Ok(new List<TripResponse>());
        }

        // The trip entities answer in parallel (at most OperatorState.MaxTripsShown), most recent hold first.
        var replies = await Task.WhenAll(found.Operator.CarpoolTrips.Reverse().Select(id => trips.AskAsync(new TripQueries.Get(id), ct)));
        var result = replies.OfType<TripReplies.Found>()
            .Where(f => f.Trip.Status == TripStatus.Pending && !f.Trip.AcceptedBy.Contains(op))
            .Select(f => TripResponse.From(f.Trip))
            .Select(own => own with { Legs = [.. own.Legs.Where(l => l.OperatorId == op.Value)] })
            .ToList();
        return TypedResults.Ok(result);
    }

    private static IResult Reply(object reply, bool created) => reply switch
    {
        TripReplies.Accepted { Changed: true } a when created => TypedResults.Created($"/trips/{a.Trip.Id}", TripResponse.From(a.Trip)),
        TripReplies.Accepted a => TypedResults.Ok(TripResponse.From(a.Trip)),
        TripReplies.Rejected { Kind: TripRejection.NotYours } => TenantAccess.OtherTenant(),
        TripReplies.Rejected { Kind: TripRejection.NotFound } r => TypedResults.Problem(statusCode: 404, title: "Trip not found", detail: r.Reason),
        TripReplies.Rejected { Kind: TripRejection.Invalid } r => EntityAsk.Invalid("legs", r.Reason),
        TripReplies.Rejected { Kind: TripRejection.KeyReused } r => TypedResults.Problem(statusCode: 422, title: "Idempotency key reused", detail: r.Reason),
        TripReplies.Rejected { Kind: TripRejection.Expired } r => TypedResults.Problem(statusCode: 410, title: "Trip expired", detail: r.Reason),
        TripReplies.Rejected { Kind: TripRejection.UnknownOperator } r => TypedResults.Problem(statusCode: 404, title: "Operator not found", detail: r.Reason),
        TripReplies.Rejected { Kind: TripRejection.Unavailable } r => TypedResults.Problem(statusCode: 409, title: "Leg not available", detail: r.Reason),
        TripReplies.Rejected { Kind: TripRejection.Interrupted } r => TypedResults.Problem(statusCode: 503, title: "Booking interrupted", detail: r.Reason),
        TripReplies.Rejected r => TypedResults.Problem(statusCode: 409, title: "Not in this state", detail: r.Reason),
        _ => EntityAsk.UnavailableProblem(),
    };

    /// <summary>The request's meaning, hashed: a retry with the same key and body is the same request.</summary>
    private static string Fingerprint(IEnumerable<TripLeg> legs, int holdMinutes)
    {
        var text = new StringBuilder().Append(holdMinutes);
        foreach (var l in legs)
        {
            text.Append('\n').Append((int)l.Kind).Append('|').Append(l.OperatorId.Value).Append('|').Append(l.ResourceId).Append('|').Append(l.Seats);
            if (l.FromStop is not null || l.ToStop is not null || l.Departs is not null)
            {
                // Only legs with a place or time add to the text, so the fingerprints of earlier bookings stay the same.
                text.Append('|').Append(l.FromStop).Append('|').Append(l.ToStop).Append('|').Append(l.Departs?.ToUnixTimeSeconds()).Append('|').Append(l.Arrives?.ToUnixTimeSeconds());
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
