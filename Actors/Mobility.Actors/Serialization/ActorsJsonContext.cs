using System.Text.Json.Serialization;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

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
[JsonSerializable(typeof(TripEvents.Booked), TypeInfoPropertyName = "TripBooked")]
[JsonSerializable(typeof(TripEvents.Committed), TypeInfoPropertyName = "TripCommitted")]
[JsonSerializable(typeof(TripEvents.OperatorAccepted), TypeInfoPropertyName = "TripOperatorAccepted")]
[JsonSerializable(typeof(TripEvents.Started), TypeInfoPropertyName = "TripStarted")]
[JsonSerializable(typeof(TripEvents.Ended), TypeInfoPropertyName = "TripEnded")]
[JsonSerializable(typeof(TripEvents.Cancelled), TypeInfoPropertyName = "TripCancelled")]
[JsonSerializable(typeof(TripEvents.Expired), TypeInfoPropertyName = "TripExpired")]
[JsonSerializable(typeof(TripState))]
[JsonSerializable(typeof(TripCommands.Book), TypeInfoPropertyName = "TripBook")]
[JsonSerializable(typeof(TripCommands.Commit), TypeInfoPropertyName = "TripCommit")]
[JsonSerializable(typeof(TripCommands.Answer), TypeInfoPropertyName = "TripAnswer")]
[JsonSerializable(typeof(TripCommands.Start), TypeInfoPropertyName = "TripStart")]
[JsonSerializable(typeof(TripCommands.End), TypeInfoPropertyName = "TripEnd")]
[JsonSerializable(typeof(TripCommands.Cancel), TypeInfoPropertyName = "TripCancel")]
[JsonSerializable(typeof(TripCommands.Expire), TypeInfoPropertyName = "TripExpire")]
[JsonSerializable(typeof(TripQueries.Get), TypeInfoPropertyName = "TripGet")]
[JsonSerializable(typeof(TripReplies.Accepted), TypeInfoPropertyName = "TripAccepted")]
[JsonSerializable(typeof(TripReplies.Rejected), TypeInfoPropertyName = "TripRejected")]
[JsonSerializable(typeof(TripReplies.Found), TypeInfoPropertyName = "TripFound")]
[JsonSerializable(typeof(TripReplies.NotFound), TypeInfoPropertyName = "TripNotFound")]
[JsonSerializable(typeof(TravelerTripsMessages.Add), TypeInfoPropertyName = "TravelerTripsAdd")]
[JsonSerializable(typeof(TravelerTripsMessages.Get), TypeInfoPropertyName = "TravelerTripsGet")]
[JsonSerializable(typeof(TravelerTripsMessages.List), TypeInfoPropertyName = "TravelerTripsList")]
[JsonSerializable(typeof(TravelerTripsMessages.Added), TypeInfoPropertyName = "TravelerTripsAdded")]
internal sealed partial class ActorsJsonContext : JsonSerializerContext;
