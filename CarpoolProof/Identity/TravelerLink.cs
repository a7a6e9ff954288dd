using System.Text;
using Mobility.CarpoolProof.Evidence;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Identity;

/// <summary>
/// A traveler's consent to read the journeys of one identity: its device signs the traveler account id. An operator
/// holds no device private key, so it cannot link another person's account; the traveler proves the device it holds.
/// The message is domain-separated so no carpool statement (JCS JSON) can be mistaken for it.
/// </summary>
public static class TravelerLink
{
    public const string Context = "mobility/traveler-link/v1";

    public static byte[] Message(string travelerId) => Encoding.UTF8.GetBytes(Context + "\n" + travelerId);

    public static string Sign(Key device, string travelerId) => Base64Url.Encode(Ed25519Keys.Sign(device, Message(travelerId)));

    /// <summary>True when <paramref name="signature"/> (unpadded base64url) is the device's signature of the link.</summary>
    public static bool Verify(string deviceKey, string travelerId, string? signature) =>
        Base64Url.TryDecode(deviceKey, 32, out var raw) && Ed25519Keys.TryImportPublicKey(raw, out var key) && key is not null
        && Base64Url.TryDecode(signature, 64, out var sig) && Ed25519Keys.Verify(key, Message(travelerId), sig);
}
