using System.Net;
using System.Net.Sockets;

namespace Mobility.Node.Feeds;

/// <summary>
/// Where the node may fetch feeds from. An operator registers a URL and the node fetches it: without a guard that is
/// a request forgery tool (the node's loopback services, the cloud metadata address, the private network) and, through
/// the poll errors, a scanner. Unless <c>Mobility:Feeds:AllowPrivateTargets</c> is set (a local demo or test setup),
/// only public unicast addresses are contacted, checked on the addresses actually connected to, after DNS resolution,
/// so a name that resolves (or rebinds) to a private address is refused as well.
/// </summary>
public static class FeedTargets
{
    /// <summary>True for an address a feed may live at: not loopback, private, link-local, unique-local, CGNAT, multicast or unspecified.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10                                  // RFC 1918
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)     // RFC 1918
                || (b[0] == 192 && b[1] == 168)                  // RFC 1918
                || (b[0] == 169 && b[1] == 254)                  // RFC 3927 link-local (cloud metadata)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // RFC 6598 shared address space
                || b[0] == 0 || b[0] == 127 || b[0] >= 224);     // "this network", loopback, multicast and reserved
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && !address.IsIPv6Multicast && !address.IsIPv6UniqueLocal;
    }

    /// <summary>A URL whose host is an address literal (or <c>localhost</c>) that is not public; null when it may be registered.</summary>
    public static string? RefusedAtRegistration(Uri url)
    {
        if (url.IsLoopback)
        {
            return "a loopback address";
        }

        return IPAddress.TryParse(url.DnsSafeHost, out var address) && !IsPublic(address) ? "a private, link-local or reserved address" : null;
    }

    /// <summary>The HTTP handler of the polls: connects only to public addresses unless <paramref name="allowPrivate"/>.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false, // a redirect to a private address would pass the check of the first host otherwise
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = allowPrivate ? addresses : [.. addresses.Where(IsPublic)];
            if (allowed.Length == 0)
            {
                throw new HttpRequestException(addresses.Length == 0
                    ? "the feed's host does not resolve"
                    : "the feed's host is not a public address (Mobility:Feeds:AllowPrivateTargets is off)");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
