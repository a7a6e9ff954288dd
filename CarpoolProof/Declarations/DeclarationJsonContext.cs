using System.Text.Json.Serialization;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>Source-generated (de)serializers of the wire format, about twice as fast as reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    MaxDepth = 16,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SignedDeclaration))]
[JsonSerializable(typeof(DeclarationBatch))]
internal sealed partial class DeclarationJsonContext : JsonSerializerContext;
