using System.Text.Json.Serialization;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for every contract in <see cref="MessageContracts"/>: no reflection at
/// run time, and a field the code does not know is an error rather than silently dropped.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperatorEvents.Registered))]
[JsonSerializable(typeof(OperatorEvents.FeedVersionRecorded))]
[JsonSerializable(typeof(OperatorState))]
[JsonSerializable(typeof(OperatorCommands.Register))]
[JsonSerializable(typeof(OperatorCommands.RecordFeedVersion))]
[JsonSerializable(typeof(OperatorQueries.Get))]
[JsonSerializable(typeof(OperatorReplies.Accepted))]
[JsonSerializable(typeof(OperatorReplies.Rejected))]
[JsonSerializable(typeof(OperatorReplies.Found))]
[JsonSerializable(typeof(OperatorReplies.NotFound))]
internal sealed partial class ActorsJsonContext : JsonSerializerContext;
