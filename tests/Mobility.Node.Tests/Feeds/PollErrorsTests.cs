using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Mobility.Node.Feeds;

namespace Mobility.Node.Tests.Feeds;

/// <summary>
/// Issue 13: a feed's <c>lastError</c> reported what answered (a scanning oracle for whoever registers a URL). The
/// operator now reads the kind of failure only: never a host, an address, a port or a certificate.
/// </summary>
public sealed class PollErrorsTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "refused", "could not connect to the feed's host" },
        { "status", "HTTP 404" },
        { "tls", "TLS handshake failed" },
        { "dns", "the feed's host does not resolve" },
        { "policy", "the feed's host is not a public address (Mobility:Feeds:AllowPrivateTargets is off)" },
        { "timeout", "timed out" },
        { "io", "connection closed before the whole feed was read" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_failed_poll_tells_the_kind_of_failure_and_nothing_of_the_network(string kind, string expected)
    {
        Exception e = kind switch
        {
            "refused" => new HttpRequestException("Connection refused (10.20.30.40:5432)", new SocketException((int)SocketError.ConnectionRefused)),
            "status" => new HttpRequestException("Response status code does not indicate success: 404 (Not Found) from internal-admin.corp", null, HttpStatusCode.NotFound),
            "tls" => new HttpRequestException(HttpRequestError.SecureConnectionError, "The remote certificate CN=vault.internal.corp is invalid", new AuthenticationException("CN=vault.internal.corp")),
            "dns" => new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (db.internal.corp:5432)"),
            "policy" => new HttpRequestException("An error occurred", new HttpRequestException("the feed's host is not a public address (Mobility:Feeds:AllowPrivateTargets is off)")),
            "timeout" => new TaskCanceledException("The request to 10.20.30.40 was canceled due to the configured HttpClient.Timeout of 100 seconds"),
            _ => new IOException("Unable to read data from 10.20.30.40:5432: connection reset by peer"),
        };

        var text = PollErrors.Describe(e);
        Assert.Equal(expected, text);
        foreach (var secret in new[] { "10.20.30.40", "5432", "corp", "CN=" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
