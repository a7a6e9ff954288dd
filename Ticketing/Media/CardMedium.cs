using System.Security.Cryptography;
using System.Text;

namespace Mobility.Ticketing.Media;

/// <summary>
/// The medium id of a card (or of a second app token): what a validator derives from the token it reads, so that the
/// platform never stores the card's own number. <c>card-</c> followed by the first 40 hex digits (160 bits) of
/// SHA-256 over the UTF-8 bytes of <c>mobility/medium/card/v1</c>, a zero byte, and the token as read. The context
/// string keeps these hashes apart from any other SHA-256 of the same token; a validator and the node compute the same
/// id with no shared secret, and the id alone does not give the token back.
/// </summary>
public static class CardMedium
{
    public const string Prefix = "card-";
    public const string Context = "mobility/medium/card/v1";
    public const int MinTokenLength = 8;
    public const int MaxTokenLength = 256;

    /// <summary>A token as a validator reads it: 8-256 printable ASCII characters (a PAN token, a UID, an app's random token).</summary>
    public static bool IsToken(string? token) =>
        token is { Length: >= MinTokenLength and <= MaxTokenLength } && token.All(c => c is > ' ' and <= '~');

    public static string IdOf(string token)
    {
        if (!IsToken(token))
        {
            throw new ArgumentException($"a card token is {MinTokenLength}-{MaxTokenLength} printable ASCII characters", nameof(token));
        }

        var bytes = Encoding.UTF8.GetBytes(Context + "\0" + token);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(bytes))[..40];
    }

    /// <summary>Whether a medium id names a card (as opposed to a traveler's app medium).</summary>
    public static bool IsCardId(string? medium) =>
        medium is { Length: 45 } && medium.StartsWith(Prefix, StringComparison.Ordinal) && medium.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;
}
