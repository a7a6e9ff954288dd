namespace Mobility.CarpoolProof.Evidence;

/// <summary>
/// Domain separation: every signed message is UTF-8(context) || 0x00 || JCS(object without its signature member),
/// so a signature made for one kind of object can never be replayed as another.
/// </summary>
public static class SigningContext
{
    public const string Pickup = "mobility/carpool/pickup/v1";
    public const string Dropoff = "mobility/carpool/dropoff/v1";
    public const string Statement = "mobility/carpool/statement/v2";
    public const string Declaration = "mobility/carpool/declaration/v1";
    public const string DeclarationBatch = "mobility/carpool/declaration-batch/v1";
    public const string StatusChange = "mobility/carpool/status/v1";

    public static byte[] Message(string context, ReadOnlySpan<byte> canonical)
    {
        var bytes = new byte[context.Length + 1 + canonical.Length];
        for (var i = 0; i < context.Length; i++) bytes[i] = (byte)context[i];
        bytes[context.Length] = 0;
        canonical.CopyTo(bytes.AsSpan(context.Length + 1));
        return bytes;
    }
}
