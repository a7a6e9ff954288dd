using System.Text.Json.Serialization;

namespace Mobility.Node.Api;

/// <summary>
/// Body of <c>POST /me/media</c>: the token a validator reads from the card (or from a second app), as read, and a label
/// for the traveler. The node keeps only the medium id derived from it (<c>Mobility.Ticketing.Media.CardMedium</c>).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MediumRegistrationRequest(string? Token, string? Label);

/// <summary>
/// A medium of the caller's account: <c>app</c> (the one its tickets carry, always there) or <c>card</c> (registered,
/// with its label and since when). Validators report taps against <c>id</c>.
/// </summary>
public sealed record MediumDto(string Id, string Kind, string? Label, DateTimeOffset? RegisteredAt);

/// <summary>The caller's media: the app medium first, then its cards in the order registered.</summary>
public sealed record MediaResponse(IReadOnlyList<MediumDto> Media);
