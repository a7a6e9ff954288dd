using System.Text.Json.Serialization;
using Mobility.Actors.Carpool;
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
[JsonSerializable(typeof(CarpoolEvents.KeyBound), TypeInfoPropertyName = "CarpoolEventsKeyBound")]
[JsonSerializable(typeof(CarpoolEvents.TripRecorded), TypeInfoPropertyName = "CarpoolEventsTripRecorded")]
[JsonSerializable(typeof(CarpoolEvents.TripWithdrawn), TypeInfoPropertyName = "CarpoolEventsTripWithdrawn")]
[JsonSerializable(typeof(CarpoolEvents.JourneyAccepted), TypeInfoPropertyName = "CarpoolEventsJourneyAccepted")]
[JsonSerializable(typeof(CarpoolEvents.JourneyFlagged), TypeInfoPropertyName = "CarpoolEventsJourneyFlagged")]
[JsonSerializable(typeof(JourneyMessages.Declare), TypeInfoPropertyName = "JourneyMessagesDeclare")]
[JsonSerializable(typeof(JourneyMessages.Declared), TypeInfoPropertyName = "JourneyMessagesDeclared")]
[JsonSerializable(typeof(JourneyMessages.Get), TypeInfoPropertyName = "JourneyMessagesGet")]
[JsonSerializable(typeof(JourneyMessages.Found), TypeInfoPropertyName = "JourneyMessagesFound")]
[JsonSerializable(typeof(JourneyMessages.NotFound), TypeInfoPropertyName = "JourneyMessagesNotFound")]
[JsonSerializable(typeof(JourneyMessages.Flag), TypeInfoPropertyName = "JourneyMessagesFlag")]
[JsonSerializable(typeof(JourneyMessages.Flagged), TypeInfoPropertyName = "JourneyMessagesFlagged")]
[JsonSerializable(typeof(IdentityMessages.Reserve), TypeInfoPropertyName = "IdentityMessagesReserve")]
[JsonSerializable(typeof(IdentityMessages.Reserved), TypeInfoPropertyName = "IdentityMessagesReserved")]
[JsonSerializable(typeof(IdentityMessages.Commit), TypeInfoPropertyName = "IdentityMessagesCommit")]
[JsonSerializable(typeof(IdentityMessages.Release), TypeInfoPropertyName = "IdentityMessagesRelease")]
[JsonSerializable(typeof(IdentityMessages.Withdraw), TypeInfoPropertyName = "IdentityMessagesWithdraw")]
[JsonSerializable(typeof(IdentityMessages.GetJourneys), TypeInfoPropertyName = "IdentityMessagesGetJourneys")]
[JsonSerializable(typeof(IdentityMessages.Journeys), TypeInfoPropertyName = "IdentityMessagesJourneys")]
[JsonSerializable(typeof(KeyBindingMessages.Bind), TypeInfoPropertyName = "KeyBindingMessagesBind")]
[JsonSerializable(typeof(KeyBindingMessages.Get), TypeInfoPropertyName = "KeyBindingMessagesGet")]
[JsonSerializable(typeof(KeyBindingMessages.Binding), TypeInfoPropertyName = "KeyBindingMessagesBinding")]
[JsonSerializable(typeof(LogMessages.Append), TypeInfoPropertyName = "LogMessagesAppend")]
[JsonSerializable(typeof(LogMessages.Appended), TypeInfoPropertyName = "LogMessagesAppended")]
[JsonSerializable(typeof(LogMessages.GetCheckpoint), TypeInfoPropertyName = "LogMessagesGetCheckpoint")]
[JsonSerializable(typeof(LogMessages.CheckpointNote), TypeInfoPropertyName = "LogMessagesCheckpointNote")]
[JsonSerializable(typeof(LogMessages.ProveInclusion), TypeInfoPropertyName = "LogMessagesProveInclusion")]
[JsonSerializable(typeof(LogMessages.ProveConsistency), TypeInfoPropertyName = "LogMessagesProveConsistency")]
[JsonSerializable(typeof(LogMessages.Proof), TypeInfoPropertyName = "LogMessagesProof")]
[JsonSerializable(typeof(LogMessages.ReadLeaves), TypeInfoPropertyName = "LogMessagesReadLeaves")]
[JsonSerializable(typeof(LogMessages.Leaves), TypeInfoPropertyName = "LogMessagesLeaves")]
[JsonSerializable(typeof(LogMessages.ListJourneys), TypeInfoPropertyName = "LogMessagesListJourneys")]
[JsonSerializable(typeof(LogMessages.JourneyList), TypeInfoPropertyName = "LogMessagesJourneyList")]
[JsonSerializable(typeof(LogMessages.Failed), TypeInfoPropertyName = "LogMessagesFailed")]
internal sealed partial class ActorsJsonContext : JsonSerializerContext;
