using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Akka.Hosting;
using Mobility.Actors.Accounts;
using Mobility.Actors.Trips;
using Mobility.Node.Security;
using Mobility.Node.Tickets;

namespace Mobility.Node.Api;

/// <summary>
/// A booked trip's one ticket for all its legs, and the key list validators trust. The trip entity fixes the ticket's
/// id and key on the first ask; the node signs the claims derived from the trip, so every later ask answers the same
/// bytes (Ed25519 signatures are deterministic).
/// </summary>
public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/trips/{id}/ticket", Ticket).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("TripTicket")
            .WithSummary("The signed ticket of one of the caller's confirmed trips (issued on the first ask), with its QR code.")
            .Produces<TicketResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/tickets/keys", Keys).WithTags("Tickets").AllowAnonymous()
            .WithName("TicketKeys")
            .WithSummary("The published list of ticket keys (active, retired, revoked) that validators trust; the file mobility ticket validate --keys reads.")
            .Produces<string>(contentType: "application/json");
        app.MapGet("/tickets/deny-list", DenyList).WithTags("Tickets").AllowAnonymous()
            .WithName("TicketDenyList")
            .WithSummary("Ids (hex) of tickets whose trips were cancelled after issue, one a line: what validators refuse (mobility ticket validate --deny).")
            .Produces<string>(contentType: "text/plain");
        app.MapGet("/tickets/carpool-benefits", CarpoolBenefits).WithTags("Tickets").AllowAnonymous()
            .WithName("CarpoolBenefits")
            .WithSummary("The active campaigns that grant a proven carpool journey a free connecting transit leg, each document as written with its SHA-256: the file mobility ticket validate-carpool --benefits reads.")
            .Produces<CarpoolBenefitsResponse>();
        return app;
    }

    /// <summary>Active campaigns with a <c>transit_benefit</c>; documents as text so that their SHA-256 can be checked.</summary>
    internal static async Task<IResult> CarpoolBenefits(ActiveCampaigns campaigns, HttpContext http, CancellationToken ct)
    {
        var active = await campaigns.FreshAsync(ct);
        http.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(new CarpoolBenefitsResponse([.. active.Where(c => c.Document.TransitBenefit is not null)
            .Select(c => new CarpoolBenefitDto(c.Document.Id.Value, c.Document.Sha256Hex, Encoding.UTF8.GetString(c.Bytes)))]));
    }

    /// <summary>The deny list, read from the journal (revocations are tagged there), so every node answers the same.</summary>
    internal static async Task<IResult> DenyList(Akka.Actor.ActorSystem system, CancellationToken ct)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await TaggedEvents.ReadAsync(system, TripActor.DenyListTag, e =>
        {
            if (e is TripEvents.TicketRevoked revoked)
            {
                ids.Add(revoked.TicketId);
            }
        }, ct);
        return TypedResults.Text(string.Concat(ids.Select(id => id + "\n")), "text/plain");
    }

    internal static IResult Keys(TicketingContext tickets, HttpContext http)
    {
        var json = tickets.Keys.Keys.ToJson();
        var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32] + "\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        return http.Request.Headers.IfNoneMatch.ToString() == tag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Text(json, "application/json");
    }

    internal static async Task<IResult> Ticket(string id, ClaimsPrincipal user, IRequiredActor<TripRegion> trips, IRequiredActor<AccountRegion> accounts,
        TicketingContext tickets, TimeProvider clock, CancellationToken ct)
    {
        if (!TripId.TryParse(id, out var tripId))
        {
            return EntityAsk.Invalid("id", "A trip id: tr- and 24 hex digits.");
        }

        var traveler = TravelerId.Parse(user.Tenant()!);
        TripView trip;
        switch (await trips.AskAsync(new TripQueries.Get(tripId), ct))
        {
            case TripReplies.Found f when f.Trip.TravelerId == traveler:
                trip = f.Trip;
                break;
            case TripReplies.Found:
                return TenantAccess.OtherTenant();
            case TripReplies.NotFound:
                return TypedResults.Problem(statusCode: 404, title: "Trip not found", detail: $"No trip '{tripId}'.");
            default:
                return EntityAsk.UnavailableProblem();
        }

        if (trip.Status == TripStatus.Cancelled)
        {
            return TypedResults.Problem(statusCode: 410, title: "Trip cancelled",
                detail: trip.Ticket is null ? "A cancelled trip has no ticket." : "The trip was cancelled: its ticket is on the deny list (GET /tickets/deny-list).");
        }

        if (trip.Ticket is null)
        {
            var issue = new TripCommands.IssueTicket(tripId, traveler, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), tickets.Keys.Active.Kid, clock.GetUtcNow());
            switch (await trips.AskAsync(issue, ct))
            {
                case TripReplies.Accepted a:
                    trip = a.Trip;
                    break;
                case TripReplies.Rejected r:
                    return TypedResults.Problem(statusCode: r.Kind == TripRejection.Expired ? 410 : 409, title: "No ticket for this trip", detail: r.Reason);
                default:
                    return EntityAsk.UnavailableProblem();
            }
        }

        var issued = trip.Ticket!;
        if (tickets.Keys.IssuerOf(issued.KeyId) is not { } signer)
        {
            return TypedResults.Problem(statusCode: 409, title: "Ticket key withdrawn",
                detail: $"The key '{issued.KeyId}' that signed this trip's ticket is revoked or missing on this node; the ticket can no longer be shown.");
        }

        // The ticket's medium has an account before anyone is shown the ticket, so validators' taps find it.
        if (await AccountEndpoints.OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) is not AccountReplies.Found)
        {
            return EntityAsk.UnavailableProblem();
        }

        var claims = TripTicketClaims.For(trip, tickets.Keys.Keys.Issuer, TravelerMedia.AppMedium(tickets.MediumSecret, traveler));
        return TypedResults.Ok(TicketResponse.From(tripId.Value, issued.KeyId, claims, signer.Issue(claims)));
    }
}

/// <summary>The campaigns granting a transit benefit to proven carpools (see <c>transit_benefit</c> in docs/campaigns.md).</summary>
public sealed record CarpoolBenefitsResponse(IReadOnlyList<CarpoolBenefitDto> Campaigns);

/// <summary>A campaign document as written (UTF-8 text) and its SHA-256 (hex), which a validator checks before use.</summary>
public sealed record CarpoolBenefitDto(string Id, string Sha256, string Document);
