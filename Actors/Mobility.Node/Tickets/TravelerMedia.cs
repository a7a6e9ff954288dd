using System.Security.Cryptography;
using System.Text;
using Mobility.Actors.Trips;

namespace Mobility.Node.Tickets;

/// <summary>
/// The traveler's app medium: the id a ticket carries as its subject, and the one validators report taps against. It
/// is an HMAC of the traveler id under the node secret, so it names no traveler to whoever reads a ticket, stays the
/// same on every node of a cluster that shares the secret, and cannot be guessed from a traveler id.
/// </summary>
public static class TravelerMedia
{
    public const string AppPrefix = "app-";

    public static string AppMedium(byte[] nodeSecret, TravelerId traveler) =>
        AppPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(nodeSecret, Encoding.UTF8.GetBytes("medium:app:" + traveler.Value)))[..32];
}
