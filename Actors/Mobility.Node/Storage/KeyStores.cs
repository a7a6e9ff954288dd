using System.Security.Cryptography;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Configuration;
using Mobility.Node.Tickets;

namespace Mobility.Node.Storage;

/// <summary>
/// Reads the key stores of the data folder before the node listens: the carpool platform key and log signer
/// (<c>carpool/</c>) and the ticket keys (<c>tickets/</c>). Both were read on first use, so a damaged file let the
/// node report Ready and then failed the first request that signed; now it stops the start with one line.
/// </summary>
public static class KeyStores
{
    /// <summary>Opens (creating on a first start) both key stores once; the node's services read them again as they start.</summary>
    public static void Check(NodeSettings settings, TimeProvider clock)
    {
        try
        {
            ProofDataDirectory.OpenOrCreate(Path.Combine(settings.DataFolder, "carpool")).Dispose();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or Mobility.CarpoolProof.Log.Notes.NoteException)
        {
            throw new StartupException(NodeSettingsReader.Section + ":DataFolder", $"carpool keys in '{Path.Combine(settings.DataFolder, "carpool")}' cannot be read ({e.Message.TrimEnd('.')}); they were left untouched.");
        }

        try
        {
            _ = TicketKeyRing.LoadOrCreate(settings, clock);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(NodeSettingsReader.Section + ":Tickets", $"ticket keys in '{Path.Combine(settings.DataFolder, TicketKeyRing.Folder)}' cannot be read ({e.Message.TrimEnd('.')}).");
        }
    }
}
