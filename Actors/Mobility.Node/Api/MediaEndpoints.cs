using System.Security.Claims;
using Akka.Hosting;
using Mobility.Actors.Accounts;
using Mobility.Actors.Carpool;
using Mobility.Actors.Trips;
using Mobility.Node.Security;
using Mobility.Node.Tickets;
using Mobility.Ticketing.Media;

namespace Mobility.Node.Api;

/// <summary>
/// A traveler's further media: cards (or a second app's token) registered on the account, whose taps land on it and
/// count toward the same caps as the app. A card is held by one traveler at a time: the binding
/// <c>medium:CARD -> traveler</c> (the key binding entity: bound once, a conflict for anyone else, ended on removal)
/// decides who, and the account's media index lists what the traveler holds.
/// </summary>
public static class MediaEndpoints
{
    public static string Subject(string card) => "medium:" + card;

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me/media", List).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("MyMedia")
            .WithSummary("The caller's media: its app medium and the cards registered on its account.")
            .Produces<MediaResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/me/media", Register).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("RegisterMedium")
            .WithSummary($"Registers a card (the token a validator reads from it; only its SHA-256-derived id is kept) on the caller's account: its taps are charged there under the same caps. 201, or 200 when registered already; 409 when another traveler holds it or the account holds {AccountState.MaxMedia} cards.")
            .Produces<MediumDto>(StatusCodes.Status201Created).Produces<MediumDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapDelete("/me/media/{mediumId}", Remove).WithTags("Tickets").RequireAuthorization(Roles.Traveler)
            .WithName("RemoveMedium")
            .WithSummary("Removes one of the caller's cards: taps uploaded after this are refused, and another traveler may register the card. 404 for a card the caller does not hold; 409 for the app medium.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<IResult> List(ClaimsPrincipal user, IRequiredActor<AccountRegion> accounts, TicketingContext tickets, TimeProvider clock, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        return await AccountEndpoints.OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) switch
        {
            AccountReplies.Found f => TypedResults.Ok(Of(f.Account)),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    internal static async Task<IResult> Register(ClaimsPrincipal user, MediumRegistrationRequest request, IRequiredActor<AccountRegion> accounts,
        IRequiredActor<KeyBindingRegion> bindings, TicketingContext tickets, TimeProvider clock, CancellationToken ct)
    {
        if (!CardMedium.IsToken(request.Token))
        {
            return EntityAsk.Invalid("token", $"the token a validator reads from the card: {CardMedium.MinTokenLength}-{CardMedium.MaxTokenLength} printable ASCII characters");
        }

        if (request.Label is { } l && (l.Length > AccountState.MaxLabelLength || l.Any(char.IsControl)))
        {
            return EntityAsk.Invalid("label", $"at most {AccountState.MaxLabelLength} printable characters");
        }

        var traveler = TravelerId.Parse(user.Tenant()!);
        var card = CardMedium.IdOf(request.Token!);
        if (await AccountEndpoints.OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) is not AccountReplies.Found found)
        {
            return EntityAsk.UnavailableProblem();
        }

        if (found.Account.Media?.FirstOrDefault(m => m.Medium == card) is { } held)
        {
            return TypedResults.Ok(new MediumDto(held.Medium, "card", held.Label, held.LinkedAt));
        }

        if (found.Account.Media?.Count >= AccountState.MaxMedia)
        {
            return TooMany();
        }

        // The binding first: it decides who holds the card. A crash before the index is written leaves the card bound
        // (its taps land on this account) but unlisted; registering again lists it.
        switch (await bindings.AskAsync(new KeyBindingMessages.Bind(Subject(card), traveler.Value), ct))
        {
            case KeyBindingMessages.Binding { Conflict: true }:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Medium held by another traveler",
                    detail: "This card is registered on another account; it must be removed there first.");
            case KeyBindingMessages.Binding:
                break;
            default:
                return EntityAsk.UnavailableProblem();
        }

        var now = clock.GetUtcNow();
        switch (await accounts.AskAsync(new AccountCommands.LinkMedium(found.Account.Medium, traveler, card, request.Label ?? "card", now), ct))
        {
            case AccountReplies.Found linked when linked.Account.Media?.FirstOrDefault(m => m.Medium == card) is { } link:
                return TypedResults.Created($"/me/media/{card}", new MediumDto(card, "card", link.Label, link.LinkedAt));
            case AccountReplies.MediaFull:
                // Another registration filled the index meanwhile: this card's binding is let go again.
                await bindings.AskAsync(new KeyBindingMessages.Unbind(Subject(card), traveler.Value), ct);
                return TooMany();
            default:
                return EntityAsk.UnavailableProblem();
        }
    }

    internal static async Task<IResult> Remove(ClaimsPrincipal user, string mediumId, IRequiredActor<AccountRegion> accounts,
        IRequiredActor<KeyBindingRegion> bindings, TicketingContext tickets, TimeProvider clock, CancellationToken ct)
    {
        var traveler = TravelerId.Parse(user.Tenant()!);
        if (mediumId == TravelerMedia.AppMedium(tickets.MediumSecret, traveler))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The app medium stays",
                detail: "The app medium is the one the account's tickets carry; only registered cards can be removed.");
        }

        // Another traveler's card, an unknown one and a malformed id are answered alike: nothing says who holds what.
        if (!CardMedium.IsCardId(mediumId)
            || await AccountEndpoints.OpenAppMediumAsync(accounts, tickets, traveler, clock, ct) is not AccountReplies.Found found)
        {
            return CardMedium.IsCardId(mediumId) ? EntityAsk.UnavailableProblem() : NotHeld();
        }

        if (found.Account.Media?.Any(m => m.Medium == mediumId) != true)
        {
            return NotHeld();
        }

        // The binding ends first (later taps are refused at once), then the index; a retry after a crash between them
        // finds the card still listed and completes. Only a binding to this traveler is ended.
        if (await bindings.AskAsync(new KeyBindingMessages.Unbind(Subject(mediumId), traveler.Value), ct) is not KeyBindingMessages.Binding)
        {
            return EntityAsk.UnavailableProblem();
        }

        return await accounts.AskAsync(new AccountCommands.UnlinkMedium(found.Account.Medium, traveler, mediumId, clock.GetUtcNow()), ct) switch
        {
            AccountReplies.Found => TypedResults.NoContent(),
            AccountReplies.NotFound => NotHeld(),
            _ => EntityAsk.UnavailableProblem(),
        };
    }

    /// <summary>The traveler who holds a card now (null: no one), from its binding.</summary>
    public static async Task<(bool Answered, TravelerId? Holder)> HolderAsync(IRequiredActor<KeyBindingRegion> bindings, string card, CancellationToken ct) =>
        await bindings.AskAsync(new KeyBindingMessages.Get(Subject(card)), ct) switch
        {
            KeyBindingMessages.Binding { Value: { } v } => (true, TravelerId.TryParse(v, out var t) ? t : null),
            KeyBindingMessages.Binding => (true, null),
            _ => (false, null),
        };

    private static MediaResponse Of(AccountView account) => new(
        [new MediumDto(account.Medium, "app", null, account.OpenedAt), .. (account.Media ?? []).Select(m => new MediumDto(m.Medium, "card", m.Label, m.LinkedAt))]);

    private static IResult TooMany() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many media",
        detail: $"An account holds at most {AccountState.MaxMedia} cards; remove one first.");

    private static IResult NotHeld() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such medium",
        detail: "The account holds no card with this id.");
}
