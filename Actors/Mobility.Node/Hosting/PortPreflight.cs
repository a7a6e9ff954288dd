using System.Net;
using System.Net.Sockets;
using Mobility.Node.Configuration;

namespace Mobility.Node.Hosting;

/// <summary>Binds and releases each listening port before start, so "port in use" is one line naming the setting.</summary>
public static class PortPreflight
{
    public static void Check(NodeSettings settings)
    {
        CheckFree(NodeSettingsReader.Section + ":Http:Url", settings.HttpUrl.Host, settings.HttpUrl.Port);
        CheckFree(NodeSettingsReader.Section + ":Cluster:Port", settings.Cluster.Host, settings.Cluster.Port);
    }

    private static void CheckFree(string setting, string host, int port)
    {
        if (port == 0)
        {
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = host is "localhost" ? [IPAddress.Loopback] : IPAddress.TryParse(host, out var ip) ? [ip] : Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new StartupException(setting, $"host '{host}' does not resolve ({e.Message}).");
        }

        foreach (var address in addresses.Take(1))
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new StartupException(setting, $"port {port} on {host} is already in use (another node running?); choose another port.");
            }
            catch (SocketException e)
            {
                throw new StartupException(setting, $"cannot listen on {host}:{port} ({e.Message}).");
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
