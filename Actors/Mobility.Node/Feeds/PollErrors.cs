using System.Net.Http;
using System.Security.Authentication;

namespace Mobility.Node.Feeds;

/// <summary>
/// What a failed poll tells the operator who registered the feed (its <c>lastError</c>). Generic on purpose: an
/// operator registers any URL, and a poll error that echoed the network's own words (which host refused, which
/// service answered, which certificate it showed) would turn the node into a scanner of wherever it can reach. The
/// operator learns the kind of failure and the HTTP status of its own feed.
/// </summary>
public static class PollErrors
{
    /// <summary>The operator-facing description of a fetch that threw.</summary>
    public static string Describe(Exception e) => e switch
    {
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code}",
        HttpRequestException h when OurRefusal(h) is { } refusal => refusal,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the feed's host does not resolve",
        HttpRequestException h when h.HttpRequestError == HttpRequestError.SecureConnectionError || h.InnerException is AuthenticationException
            => "TLS handshake failed",
        HttpRequestException => "could not connect to the feed's host",
        OperationCanceledException => "timed out",
        IOException => "connection closed before the whole feed was read",
        UnauthorizedAccessException => "file not readable",
        _ => "fetch failed",
    };

    /// <summary>The node's own refusal of a target (<see cref="FeedTargets"/>), which the operator may read as it is.</summary>
    private static string? OurRefusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x.Message.StartsWith("the feed's host", StringComparison.Ordinal))
            {
                return x.Message;
            }
        }

        return null;
    }
}
