using System.Collections.Concurrent;
using Mobility.CarpoolProof.Identity;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>
/// Registered public keys: devices (each bound to one pseudonymous identity) and operators. Imported NSec keys are
/// kept so verification does not re-import a key per statement. Thread-safe.
/// </summary>
public sealed class KeyDirectory
{
    /// <summary>A registered device key and the identity it belongs to.</summary>
    public sealed record Device(string KeyText, IdentityKey Identity, PublicKey Key);

    private readonly ConcurrentDictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PublicKey> _operators = new(StringComparer.Ordinal);

    /// <summary>Registers a device key (unpadded base64url of the 32-byte key); a key belongs to one identity for ever.</summary>
    public Device RegisterDevice(IdentityKey identity, ReadOnlySpan<byte> rawPublicKey)
    {
        if (!Ed25519Keys.TryImportPublicKey(rawPublicKey, out var key) || key is null)
            throw new ArgumentException("not an Ed25519 public key", nameof(rawPublicKey));
        var text = Base64Url.Encode(rawPublicKey);
        var device = _devices.GetOrAdd(text, new Device(text, identity, key));
        if (device.Identity != identity)
            throw new InvalidOperationException("device key already registered to another identity");
        return device;
    }

    public bool TryGetDevice(string keyText, out Device? device) => _devices.TryGetValue(keyText, out device);

    public void RegisterOperator(string operatorId, ReadOnlySpan<byte> rawPublicKey)
    {
        if (!Ed25519Keys.TryImportPublicKey(rawPublicKey, out var key) || key is null)
            throw new ArgumentException("not an Ed25519 public key", nameof(rawPublicKey));
        if (!_operators.TryAdd(operatorId, key) && !_operators[operatorId].Equals(key))
            throw new InvalidOperationException($"operator {operatorId} already has another key");
    }

    public bool TryGetOperator(string operatorId, out PublicKey? key) => _operators.TryGetValue(operatorId, out key);
}
