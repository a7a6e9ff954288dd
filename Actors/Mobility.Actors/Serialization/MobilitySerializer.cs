using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Mobility.Actors.Serialization;

/// <summary>
/// Serializes persisted events, snapshots and cluster messages as UTF-8 JSON under a stable string manifest
/// (<see cref="MessageContracts"/>), instead of Akka's default serializer, which writes CLR type names and so breaks
/// stored journals when a type moves.
/// </summary>
public sealed class MobilitySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves ids 0-99 for its own serializers.</summary>
    public const int Id = 4242;

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        MessageContracts.TryGetManifest(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(MessageContracts)}.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, MessageContracts.TypeInfoFor(obj.GetType()));

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageContracts.TryGetTypeInfo(manifest, out var info))
        {
            throw new SerializationException($"Unknown manifest '{manifest}': this node is older than the data it reads.");
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, info) ?? throw new SerializationException($"Empty payload for manifest '{manifest}'.");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"Malformed payload for manifest '{manifest}': {e.Message}", e);
        }
    }
}
