using Akka.Actor;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Identity;

namespace Mobility.Actors.Carpool;

/// <summary>
/// The keys a declaration is checked against, as the binding entities hold them: the operator's signing key (bound
/// for ever, so cached on the node) and each device key the evidence names, bound by this operator (or before
/// devices were per operator). Device bindings can be revoked on any node, so they are asked each time.
/// </summary>
internal static class BoundKeys
{
    /// <summary>The device keys a declaration's evidence names (v2 statements name the same keys), at most 8.</summary>
    public static IEnumerable<string> DevicesOf(SignedDeclaration d)
    {
        var evidence = d.Evidence.Unfolded();
        return evidence.Pickups.SelectMany(p => new[] { p.DeviceKey, p.PeerDeviceKey }).Concat(evidence.Dropoffs.Select(x => x.DeviceKey))
            .Where(k => k is { Length: > 0 and <= 64 }).Distinct(StringComparer.Ordinal).Take(8);
    }

    /// <summary>The identity the operator's device key is bound to, or null.</summary>
    public static async Task<string?> IdentityOf(CarpoolContext context, IActorRef bindings, string operatorId, string device) =>
        await Lookup(context, bindings, KeyBindingSubjects.Device(operatorId, device)) ?? await Lookup(context, bindings, KeyBindingSubjects.LegacyDevice(device));

    public static async Task<string?> Lookup(CarpoolContext context, IActorRef bindings, string subject)
    {
        if (context.Bindings.TryGetValue(subject, out var cached))
        {
            return cached;
        }

        var binding = await bindings.Ask<KeyBindingMessages.Binding>(new KeyBindingMessages.Get(subject), context.AskTimeout);
        if (binding.Value is not null && subject.StartsWith("operator:", StringComparison.Ordinal))
        {
            context.Bindings.TryAdd(subject, binding.Value);
        }

        return binding.Value;
    }

    public static void RegisterOperator(KeyDirectory keys, string operatorId, string? key)
    {
        if (key is not null && Base64Url.TryDecode(key, 32, out var raw))
        {
            keys.RegisterOperator(operatorId, raw);
        }
    }

    public static void RegisterDevice(KeyDirectory keys, string device, string? identity)
    {
        if (identity is null || !Base64Url.TryDecode(device, 32, out var raw))
        {
            return;
        }

        try
        {
            keys.RegisterDevice(new IdentityKey(identity), raw);
        }
        catch (ArgumentException)
        {
            // Not an Ed25519 point: left unregistered, the verifier reports the unknown key.
        }
    }
}
