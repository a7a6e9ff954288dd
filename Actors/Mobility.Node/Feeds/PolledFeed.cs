using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Mobility.Actors.Operators;
using Mobility.Node.Api;

namespace Mobility.Node.Feeds;

/// <summary>
/// One polled feed: who it belongs to (an operator id, or <see cref="CityOwner"/> for the feeds of the node's
/// configuration), its kind and its URL (http, https, or a local file for configured feeds).
/// </summary>
public sealed record PolledFeed(string Owner, FeedKind Kind, Uri Url)
{
    /// <summary>The owner of the feeds listed in the node's settings (<c>Mobility:City:GtfsRealtime</c>).</summary>
    public const string CityOwner = "city";

    public static PolledFeed Of(OperatorId op, FeedKind kind, Uri url) => new(op.Value, kind, url);

    /// <summary>The replicated key: owner, kind and URL separated by spaces (neither an owner id nor a URL holds one).</summary>
    public string Key => $"{Owner} {(int)Kind} {Url.AbsoluteUri}";

    /// <summary>A short stable id of <see cref="Key"/> for Distributed Data key names (hex of its SHA-256, 16 chars).</summary>
    public string ShortId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..16];

    public static bool TryParseKey(string key, [NotNullWhen(true)] out PolledFeed? source)
    {
        source = null;
        var parts = key.Split(' ', 3);
        if (parts.Length != 3 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var kind)
            || !Enum.IsDefined((FeedKind)kind) || !Uri.TryCreate(parts[2], UriKind.Absolute, out var url))
        {
            return false;
        }

        source = new PolledFeed(parts[0], (FeedKind)kind, url);
        return true;
    }

    public override string ToString() => $"{Owner} {FeedKinds.Name(Kind)} {Url}";
}
